package io.agentsconformance.kit.targetserver;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** OPS-01's probe, against a target that refuses any request offering an HTTP/2 upgrade. */
class ReadinessTest {

    @Test
    void theProbeNeverOffersAnUpgradeSoATargetThatRefusesH2cStillStarts() throws Exception {
        List<String> requestLines = new ArrayList<>();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread serving = new Thread(() -> serve(server, requestLines), "h2c-refusing-target");
            serving.setDaemon(true);
            serving.start();

            Readiness.Report report = Readiness.until(URI.create("http://127.0.0.1:" + server.getLocalPort()),
                    Duration.ofSeconds(5));

            assertThat(report.ready()).as("readiness of a target that answers 400 to 'Upgrade: h2c'").isTrue();
            synchronized (requestLines) {
                assertThat(requestLines).noneMatch(line -> line.toLowerCase(Locale.ROOT).startsWith("upgrade:"));
            }
        }
    }

    /** Like Node's http server with `ws` attached: an upgrade it does not handle is a 400. */
    private static void serve(ServerSocket server, List<String> seen) {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
                boolean upgrade = false;
                for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                    synchronized (seen) {
                        seen.add(line);
                    }
                    upgrade |= line.toLowerCase(Locale.ROOT).startsWith("upgrade:");
                }
                String body = upgrade ? "" : "{\"status\":\"UP\",\"checks\":{\"store\":\"UP\"}}";
                String status = upgrade ? "400 Bad Request" : "200 OK";
                OutputStream out = socket.getOutputStream();
                out.write(("HTTP/1.1 " + status + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
                        + "\r\nConnection: close\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (java.io.IOException closed) {
                return;
            }
        }
    }
}

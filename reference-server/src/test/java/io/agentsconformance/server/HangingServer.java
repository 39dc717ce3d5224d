package io.agentsconformance.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP endpoint that reads each request and never answers, and notices when the client closes
 * the connection: how a test sees that an in-flight request was really aborted.
 */
final class HangingServer implements AutoCloseable {

    private final ServerSocket socket;
    private final List<String> requestHeaders = new CopyOnWriteArrayList<>();
    private final AtomicInteger closedByClient = new AtomicInteger();
    private final List<Socket> connections = new CopyOnWriteArrayList<>();

    HangingServer() throws IOException {
        socket = new ServerSocket(0);
        Thread acceptor = new Thread(this::accept, "hanging-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + socket.getLocalPort();
    }

    /** The header block of every request received so far. */
    List<String> requests() {
        return List.copyOf(requestHeaders);
    }

    int closedByClient() {
        return closedByClient.get();
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket connection = socket.accept();
                connections.add(connection);
                Thread reader = new Thread(() -> hold(connection), "hanging-connection");
                reader.setDaemon(true);
                reader.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void hold(Socket connection) {
        try (InputStream in = connection.getInputStream()) {
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1));
            StringBuilder headers = new StringBuilder();
            for (String line = reader.readLine(); line != null && !line.isEmpty(); line = reader.readLine()) {
                headers.append(line).append('\n');
            }
            requestHeaders.add(headers.toString());
            // Swallow the body, then wait for the client to hang up.
            while (reader.read() != -1) {
                // keep reading
            }
            closedByClient.incrementAndGet();
        } catch (IOException reset) {
            closedByClient.incrementAndGet();
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket connection : connections) {
            connection.close();
        }
    }
}

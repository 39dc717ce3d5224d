package io.agentsconformance.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code java -jar reference-server.jar [options]}; {@code --help} lists the options. */
public final class ServerMain {

    private static final Logger LOG = LoggerFactory.getLogger(ServerMain.class);

    private ServerMain() {
    }

    public static void main(String[] args) {
        List<String> arguments = Arrays.asList(args);
        if (arguments.contains("--help") || arguments.contains("-h")) {
            System.out.print(ServerConfig.usage());
            return;
        }
        ServerConfig config;
        try {
            config = ServerConfig.parse(arguments, System.getenv());
        } catch (ServerConfig.InvalidOption invalid) {
            System.err.println("reference-server: " + invalid.getMessage());
            System.exit(2);
            return;
        }
        ReferenceServer server;
        try {
            server = ReferenceServer.start(config);
        } catch (RuntimeException cannotStart) {
            LOG.error("cannot start: {}", cannotStart.getMessage(), cannotStart);
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "shutdown"));
        LOG.info("listening on {}", server.baseUrl());
        if (!config.alternatives().isEmpty() || config.maxRequestBytes() != ServerConfig.MAX_REQUEST_BYTES) {
            LOG.info("giving the contract's alternative answers: {}; request body limit {} bytes",
                    config.alternatives().stream().map(a -> a.wireName).toList(), config.maxRequestBytes());
        }
        if (config.runaway()) {
            LOG.warn("--misbehave runaway: this server breaks the contract on purpose (no maxModelCalls, no attempt"
                    + " limit, no pause between attempts); it exists to test the kit, never to be tested by it");
        }
        if (config.portFile() != null) {
            writePortFile(config.portFile(), server.port());
        }
    }

    /** Written next to the target and moved into place: a reader never sees a half-written file. */
    private static void writePortFile(Path portFile, int port) {
        try {
            Path absolute = portFile.toAbsolutePath();
            Files.createDirectories(absolute.getParent());
            Path temporary = Files.createTempFile(absolute.getParent(), ".port", ".tmp");
            Files.writeString(temporary, Integer.toString(port), StandardCharsets.US_ASCII);
            Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.error("cannot write the port file {}: {}", portFile, e.toString());
            System.exit(1);
        }
    }
}

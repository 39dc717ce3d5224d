package io.agentsconformance.kit.targetserver;

import io.agentsconformance.kit.config.KitConfig;
import io.agentsconformance.kit.config.KitConfigException;
import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.awaitility.Awaitility.await;

/**
 * The bundled reference server, started by the kit as a separate process from its runnable jar
 * ({@code java -jar reference-server.jar}): the kit treats it exactly like any other target, and
 * never touches its classes.
 */
public final class BundledServer implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final URI baseUrl;

    private BundledServer(Process process, Path log, URI baseUrl) {
        this.process = process;
        this.log = log;
        this.baseUrl = baseUrl;
    }

    /**
     * Starts the jar on a free port, pointed at the stand-ins, and returns once it listens. The
     * server reports the port it bound through a file, so no port is ever guessed.
     */
    public static BundledServer start(KitConfig config, String modelBaseUrl) {
        Path jar = config.bundledJar();
        if (!Files.isRegularFile(jar)) {
            jar = packagedJar().orElseThrow(() -> new KitConfigException("agents.bundled.jar",
                    "the bundled reference server jar was not found at " + config.bundledJar() + ", and this kit"
                            + " carries none. Build it with `mvn -pl reference-server package`, or point the kit at a"
                            + " running target with agents.target.url (--target)"));
        }
        try {
            Files.createDirectories(config.bundledLog().getParent());
            Path portFile = Files.createTempFile("agents-reference-server", ".port");
            Files.delete(portFile);
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> command = new java.util.ArrayList<>(List.of(java, "-Xmx1g", "-jar", jar.toString(),
                    "--host", "127.0.0.1",
                    "--port", "0",
                    "--port-file", portFile.toString(),
                    "--model-base-url", modelBaseUrl,
                    "--db-url", "jdbc:h2:mem:agents-kit;DB_CLOSE_DELAY=-1"));
            command.addAll(config.bundledArgs());
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(config.bundledLog().toFile())
                    .start();
            int port = awaitPort(process, portFile, config.startupTimeout(), config.bundledLog());
            Files.deleteIfExists(portFile);
            return new BundledServer(process, config.bundledLog(), URI.create("http://127.0.0.1:" + port));
        } catch (IOException e) {
            throw new IllegalStateException("could not start the bundled reference server from " + jar + ": " + e.getMessage(), e);
        }
    }

    /**
     * The reference server the kit jar carries ({@code bundled/reference-server.jar}), copied out
     * once per run: a jar inside a jar cannot be started as it is.
     */
    private static Optional<Path> packagedJar() {
        try (java.io.InputStream in = BundledServer.class.getClassLoader().getResourceAsStream(PACKAGED_JAR)) {
            if (in == null) {
                return Optional.empty();
            }
            Path copy = Files.createTempFile("agents-reference-server", ".jar");
            copy.toFile().deleteOnExit();
            Files.copy(in, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return Optional.of(copy);
        } catch (IOException e) {
            throw new IllegalStateException("could not copy out the reference server this kit carries: " + e.getMessage(), e);
        }
    }

    static final String PACKAGED_JAR = "bundled/reference-server.jar";

    private static int awaitPort(Process process, Path portFile, Duration bound, Path log) {
        try {
            await("the bundled reference server to report its port")
                    .atMost(bound)
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> !process.isAlive() || readPort(portFile).isPresent());
        } catch (ConditionTimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException("the bundled reference server did not start within " + bound
                    + "; its log (" + log + ") ends with:\n" + tail(log));
        }
        if (!process.isAlive()) {
            throw new IllegalStateException("the bundled reference server exited with code " + process.exitValue()
                    + " while starting; its log (" + log + ") ends with:\n" + tail(log));
        }
        return readPort(portFile).orElseThrow();
    }

    private static Optional<Integer> readPort(Path portFile) {
        try {
            String text = Files.readString(portFile, StandardCharsets.UTF_8).trim();
            return text.isEmpty() ? Optional.empty() : Optional.of(Integer.parseInt(text));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    public URI baseUrl() {
        return baseUrl;
    }

    public Path log() {
        return log;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}

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
 * never touches its classes. Its data lives in a temporary directory of its own, deleted at the
 * end, so that {@link #restart} (OPS-02) can kill the process and start it again on the same data.
 */
public final class BundledServer implements AutoCloseable {

    private final List<String> command;
    private final Path dataDir;
    private final Path log;
    private final Duration startupTimeout;
    private final int port;
    private final URI baseUrl;
    private Process process;

    private BundledServer(List<String> command, Path dataDir, Path log, Duration startupTimeout, Process process,
            int port) {
        this.command = command;
        this.dataDir = dataDir;
        this.log = log;
        this.startupTimeout = startupTimeout;
        this.process = process;
        this.port = port;
        this.baseUrl = URI.create("http://127.0.0.1:" + port);
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
            Path dataDir = Files.createTempDirectory("agents-reference-data");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> command = new java.util.ArrayList<>(List.of(java, "-Xmx1g",
                    // A server that lives for one run of the suite: C2's compiling costs the run's two
                    // cores more than its faster code gives back (the suite took a fifth longer with it).
                    "-XX:TieredStopAtLevel=1",
                    "-jar", jar.toString(),
                    "--host", "127.0.0.1",
                    "--model-base-url", modelBaseUrl,
                    "--data-dir", dataDir.toString()));
            command.addAll(config.bundledArgs());
            command = List.copyOf(command);
            Process process = launch(command, 0, config.bundledLog(), false);
            int port = awaitPort(process, portFileOf(command), config.startupTimeout(), config.bundledLog());
            return new BundledServer(command, dataDir, config.bundledLog(), config.startupTimeout(), process, port);
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

    /** The port file is how the server says it listens; it is written when it does. */
    private static Process launch(List<String> command, int port, Path log, boolean appendLog) throws IOException {
        List<String> withPort = new java.util.ArrayList<>(command);
        Path portFile = portFileOf(command);
        Files.deleteIfExists(portFile);
        withPort.addAll(List.of("--port", Integer.toString(port), "--port-file", portFile.toString()));
        return new ProcessBuilder(withPort)
                .redirectErrorStream(true)
                .redirectOutput(appendLog ? ProcessBuilder.Redirect.appendTo(log.toFile())
                        : ProcessBuilder.Redirect.to(log.toFile()))
                .start();
    }

    private static Path portFileOf(List<String> command) {
        return Path.of(command.get(command.indexOf("--data-dir") + 1)).resolve("port");
    }

    /**
     * OPS-02's restart of the bundled server: the process is killed at once ({@code kill -9} on
     * Linux: no graceful stop, the harshest restart) and started again on the same data and
     * port; returns once it listens again.
     */
    public synchronized void restart() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(startupTimeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the bundled reference server did not die within " + startupTimeout);
            }
            process = launch(command, port, log, true);
            int again = awaitPort(process, portFileOf(command), startupTimeout, log);
            if (again != port) {
                throw new IllegalStateException("the bundled reference server came back on port " + again
                        + " instead of " + port);
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not start the bundled reference server again: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while restarting the bundled reference server", e);
        }
    }

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
    public synchronized void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        deleteData();
    }

    private void deleteData() {
        try (java.util.stream.Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            // a temporary directory: the system cleans it eventually
        }
    }
}

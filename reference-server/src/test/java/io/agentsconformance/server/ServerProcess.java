package io.agentsconformance.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * The real reference-server jar as a separate process, on a data directory that outlives it: how
 * a test kills it ({@code kill -9}) or stops it (SIGTERM) as an operator would, not in the JVM.
 */
final class ServerProcess implements AutoCloseable {

    // A bound, not a wait: the server starts in 2-3 s, but a 2-core machine running other builds
    // was seen to take 45 s.
    static final Duration START_BOUND = Duration.ofSeconds(120);

    private final Process process;
    private final Path log;
    private final int port;

    private ServerProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** The jar failsafe names, built by this module's package phase. */
    static Path jar() {
        String jar = System.getProperty("reference.server.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("reference.server.jar is '" + jar
                    + "': run this test with failsafe after package (mvn -pl reference-server verify)");
        }
        return Path.of(jar);
    }

    static ServerProcess start(Path dataDir, String modelBaseUrl, Path log) throws IOException {
        Path portFile = dataDir.resolveSibling(dataDir.getFileName() + ".port");
        Files.deleteIfExists(portFile);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-jar", jar().toString(),
                "--port", "0", "--port-file", portFile.toString(),
                "--data-dir", dataDir.toString(),
                "--model-base-url", modelBaseUrl));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        Awaitility.await("the reference server to listen (log: " + log + ")").atMost(START_BOUND)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> !process.isAlive() || readable(portFile));
        if (!process.isAlive()) {
            throw new IllegalStateException("the reference server exited with " + process.exitValue()
                    + " while starting; its log " + log + " ends with:\n" + tail(log));
        }
        return new ServerProcess(process, log, Integer.parseInt(Files.readString(portFile).trim()));
    }

    private static boolean readable(Path portFile) {
        try {
            return !Files.readString(portFile).isBlank();
        } catch (IOException notYet) {
            return false;
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL (Process.destroyForcibly on Linux): no shutdown hook runs. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("process " + pid() + " survived SIGKILL for 30 s");
        }
    }

    /** SIGTERM (Process.destroy on Linux): the graceful stop. */
    void terminate() {
        process.destroy();
    }

    /** Waits up to {@code bound} for the process to exit; its exit code, or empty if it still runs. */
    java.util.OptionalInt awaitExit(Duration bound) throws InterruptedException {
        return process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)
                ? java.util.OptionalInt.of(process.exitValue()) : java.util.OptionalInt.empty();
    }

    String logText() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}

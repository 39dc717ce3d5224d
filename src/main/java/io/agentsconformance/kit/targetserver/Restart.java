package io.agentsconformance.kit.targetserver;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * How the kit restarts the target for OPS-02: the bundled reference server is killed and started
 * again on its data by the kit; a target given by URL is restarted by the vendor's shell command.
 * Either way the kit then waits until the target reports itself ready again (OPS-01's check).
 */
public interface Restart {

    /** Restarts the target and returns once it is ready; says what happened, for the report. */
    String restart();

    /** Why the kit cannot restart the target, in the words of the report's "not claimed". */
    String NO_RESTART = "the kit was given no way to restart the target: set agents.target.restart-command (the kit"
            + " jar's --restart-command) to a shell command that restarts it";

    static Restart bundled(BundledServer server, Duration readiness) {
        return () -> {
            long started = System.nanoTime();
            server.restart();
            Readiness.Report ready = Readiness.until(server.baseUrl(), readiness);
            return "the bundled reference server was killed (kill -9) and started again on its data; ready "
                    + (System.nanoTime() - started) / 1_000_000 + " ms later (" + ready.status() + ")";
        };
    }

    /**
     * The vendor's command, run with {@code sh -c} in the kit's working directory and environment;
     * it must exit 0 within {@code bound}. Its output goes to {@code log} (and into the report).
     */
    static Restart command(String command, URI baseUrl, Duration bound, Path log) {
        return () -> {
            long started = System.nanoTime();
            try {
                Files.createDirectories(log.toAbsolutePath().getParent());
                Process process = new ProcessBuilder(List.of("sh", "-c", command)).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
                if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("the restart command did not return within " + bound
                            + " (agents.timeout.startup): " + command + "; its output: " + tail(log));
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException("the restart command exited with " + process.exitValue() + ": "
                            + command + "; its output: " + tail(log));
                }
            } catch (IOException e) {
                throw new IllegalStateException("could not run the restart command " + command + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while running the restart command", e);
            }
            Readiness.Report ready = Readiness.until(baseUrl, bound);
            return "the target was restarted by `" + command + "` and ready "
                    + (System.nanoTime() - started) / 1_000_000 + " ms later (" + ready.status() + ")";
        };
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}

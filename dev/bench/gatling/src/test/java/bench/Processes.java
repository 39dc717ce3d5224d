package bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The processes the benchmark starts: the server under test and the floor, each in a JVM of its own. */
final class Processes {

    private Processes() {
    }

    /** A started process and the loopback port it wrote to its port file. */
    record Started(Process process, int port, Path log) {
        void stop() {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    /**
     * The reference server, the way the kit starts it: its own JVM with a 1 GiB heap, port 0 and a
     * port file, an in-memory database. The one place to change when the server's options change
     * (e.g. a data directory instead of a DB URL).
     */
    static Started startServer(Path jar, String modelBaseUrl, Path out) throws IOException {
        require(jar, "build it with: mvn -B -q -pl reference-server package -DskipTests");
        Path portFile = out.resolve("bench-server.port");
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx1g"));
        // -Dbench.serverJvm="-XX:StartFlightRecording=filename=server.jfr": to profile the server under the load.
        // (The Gatling plugin hands a property on with the quotes a shell needed around it.)
        String extra = System.getProperty("bench.serverJvm", "").replace("\"", "").trim();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        command.addAll(List.of("-jar", jar.toString(),
                "--port", "0", "--port-file", portFile.toString(),
                "--model-base-url", modelBaseUrl,
                "--data-dir", ":temp:"));
        return start(command, portFile, out.resolve("bench-server.log"));
    }

    /** The floor: a bare Javalin GET and WebSocket echo, from the reference server's own jar. */
    static Started startFloor(Path jar, Path floorSource, Path out) throws IOException {
        require(floorSource, "it is dev/bench/gatling/floor/FloorServer.java");
        Path portFile = out.resolve("bench-floor.port");
        List<String> command = List.of(java(), "-Xmx256m", "-cp", jar.toString(), floorSource.toString(),
                portFile.toString());
        return start(command, portFile, out.resolve("bench-floor.log"));
    }

    private static Started start(List<String> command, Path portFile, Path log) throws IOException {
        Files.deleteIfExists(portFile);
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        try {
            while (!Files.exists(portFile) || Files.readString(portFile).isBlank()) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new IllegalStateException(command.get(command.size() - 1) + " did not start within 120 s; see " + log);
                }
                Thread.sleep(50); // polling a file written once at start-up; no measurement depends on it
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while starting " + command, e);
        }
        return new Started(process, Integer.parseInt(Files.readString(portFile).trim()), log);
    }

    private static void require(Path file, String fix) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("no " + file.toAbsolutePath().normalize() + ": " + fix);
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}

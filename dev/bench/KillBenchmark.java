import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * Durability benchmark of the reference server (issue 21): the real jar in a process of its own,
 * clients writing through the API, {@code kill -9} while they write, a restart on the same data
 * directory, and a count of what the server answered 2xx for and no longer has. Then the size of
 * the data directory after 1,000 runs, and how many runs per second the server acknowledges.
 *
 * <pre>
 * mvn -B -q package -DskipTests                      # once, from the repository root
 * java -cp reference-server/target/reference-server.jar dev/bench/KillBenchmark.java
 * java -cp reference-server/target/reference-server.jar dev/bench/KillBenchmark.java --kills 5 --runs 200
 * java -cp reference-server/target/reference-server.jar dev/bench/KillBenchmark.java --kills 0 \
 *      --jar other/reference-server.jar --server-args "--db-url jdbc:h2:mem:b;DB_CLOSE_DELAY=-1"
 * </pre>
 *
 * Options: {@code --kills N} (20), {@code --runs-per-kill N} acknowledged runs before each kill
 * (50), {@code --clients N} (6), {@code --runs N} for the size and throughput part (1000; 0 skips
 * it), {@code --jar PATH}, {@code --server-args "..."} (replaces {@code --data-dir DIR}; with it
 * the kill part is skipped unless it names a data directory), {@code --work DIR} (target/kill-bench).
 * Everything talks to 127.0.0.1 only; every wait is bounded.
 */
public class KillBenchmark {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    static final String TOKEN = "ada-secret-token";
    static final Duration START_BOUND = Duration.ofSeconds(120);

    public static void main(String[] args) throws Exception {
        Map<String, String> o = options(args);
        Path work = Path.of(o.get("--work")).toAbsolutePath();
        deleteTree(work);
        Files.createDirectories(work);
        Path jar = Path.of(o.get("--jar"));
        int kills = Integer.parseInt(o.get("--kills"));
        int runsPerKill = Integer.parseInt(o.get("--runs-per-kill"));
        int clients = Integer.parseInt(o.get("--clients"));
        int runs = Integer.parseInt(o.get("--runs"));
        String serverArgs = o.get("--server-args");
        try (Model model = new Model(20)) {
            if (kills > 0) {
                Path data = work.resolve("kill-data");
                List<String> extra = serverArgs.isBlank() ? List.of("--data-dir", data.toString()) : split(serverArgs);
                killRounds(jar, extra, model, work, kills, runsPerKill, clients);
            }
            if (runs > 0) {
                Path data = work.resolve("size-data");
                List<String> extra = serverArgs.isBlank() ? List.of("--data-dir", data.toString()) : split(serverArgs);
                sizeAndThroughput(jar, extra, data, model, work, runs, clients);
            }
        }
    }

    static void killRounds(Path jar, List<String> extra, Model model, Path work, int kills, int runsPerKill,
            int clients) throws Exception {
        Acked all = new Acked();
        int lostTotal = 0;
        int failedStarts = 0;
        long restartMillisMax = 0;
        System.out.printf("%n%d kill -9 in a row, %d clients, kill after %d acknowledged runs each time%n", kills,
                clients, runsPerKill);
        System.out.println("| kill | acknowledged (projects/runs/messages) | lost | restart ms | recovery |");
        System.out.println("|---|---|---|---|---|");
        Server server = Server.start(jar, extra, model, work.resolve("kill-server.log"));
        for (int kill = 1; kill <= kills; kill++) {
            Acked round = new Acked();
            Writers writers = new Writers(server.base, clients, round);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (round.runs.size() < runsPerKill && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(5); // polling a counter, bounded by the deadline
            }
            server.process.destroyForcibly();
            server.process.waitFor(30, TimeUnit.SECONDS);
            writers.stop();
            all.add(round);
            long started = System.nanoTime();
            try {
                server = Server.start(jar, extra, model, work.resolve("kill-server.log"));
            } catch (IllegalStateException cannotStart) {
                failedStarts++;
                System.out.printf("| %d | %s | ? | did not start: %s | |%n", kill, round, cannotStart.getMessage());
                break;
            }
            long restartMillis = (System.nanoTime() - started) / 1_000_000;
            restartMillisMax = Math.max(restartMillisMax, restartMillis);
            List<String> lost = round.lostOn(server.base);
            lostTotal += lost.size();
            System.out.printf("| %d | %s | %d%s | %d | %s |%n", kill, round, lost.size(),
                    lost.isEmpty() ? "" : " e.g. " + lost.get(0), restartMillis, lastRecoveryLine(work));
        }
        List<String> lostOverall = all.lostOn(server.base);
        List<String> unfinished = all.unfinishedAfter(server.base, Duration.ofSeconds(60));
        server.process.destroy();
        server.process.waitFor(30, TimeUnit.SECONDS);
        System.out.printf("%nKills: %d; servers that did not start after a kill: %d; acknowledged: %s;"
                        + " lost per round, summed: %d; lost at the end, of everything acknowledged: %d;"
                        + " runs neither COMPLETED nor FAILED 60 s after the last start: %d%s; slowest restart: %d ms%n",
                kills, failedStarts, all, lostTotal, lostOverall.size(), unfinished.size(),
                unfinished.isEmpty() ? "" : " e.g. " + unfinished.get(0), restartMillisMax);
    }

    static void sizeAndThroughput(Path jar, List<String> extra, Path data, Model model, Path work, int runs,
            int clients) throws Exception {
        Server server = Server.start(jar, extra, model, work.resolve("size-server.log"));
        Acked acked = new Acked();
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int share = runs / clients + (c < runs % clients ? 1 : 0);
            Thread thread = new Thread(() -> {
                String project = post(server.base, "/api/projects", Map.of("name", "size", "maxConcurrentRuns", 10));
                String workflow = post(server.base, "/api/projects/" + project + "/workflows", Map.of("name", "w",
                        "nodes", List.of(Map.of("id", "n", "agentId", "general", "model", "m"))));
                for (int i = 0; i < share; i++) {
                    String run = post(server.base, "/api/projects/" + project + "/agent-runs",
                            Map.of("workflowId", workflow, "inputQuery", "run " + i + " of a size benchmark"));
                    acked.runs.put(run, project);
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join(TimeUnit.MINUTES.toMillis(10));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        List<String> unfinished = acked.unfinishedAfter(server.base, Duration.ofSeconds(300));
        long whileRunning = size(data);
        server.process.destroy();
        server.process.waitFor(30, TimeUnit.SECONDS);
        long afterStop = size(data);
        System.out.printf("%n%d runs acknowledged by %d clients in %.1f s: %.0f runs/s acknowledged;"
                        + " not finished 300 s later: %d%n", acked.runs.size(), clients, seconds, acked.runs.size() / seconds,
                unfinished.size());
        System.out.printf("Data directory after %d runs: %.1f MB while running, %.1f MB after a graceful stop (%s)%n",
                acked.runs.size(), whileRunning / 1e6, afterStop / 1e6, listing(data));
    }

    /** The recovery line the latest start logged (it comes just before its "listening on"). */
    static String lastRecoveryLine(Path work) throws IOException {
        List<String> lines = Files.readAllLines(work.resolve("kill-server.log"));
        boolean seenLatestStart = false;
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).contains("listening on")) {
                if (seenLatestStart) {
                    break;
                }
                seenLatestStart = true;
            } else if (seenLatestStart && lines.get(i).contains("start-up recovery")) {
                return lines.get(i).replaceAll(".*start-up recovery: ", "");
            }
        }
        return "nothing to recover";
    }

    /** What the clients were answered 2xx for. */
    static final class Acked {
        final Set<String> projects = ConcurrentHashMap.newKeySet();
        final Map<String, String> runs = new ConcurrentHashMap<>();     // run -> project
        final Map<String, String> messages = new ConcurrentHashMap<>(); // message -> run

        void add(Acked other) {
            projects.addAll(other.projects);
            runs.putAll(other.runs);
            messages.putAll(other.messages);
        }

        @Override
        public String toString() {
            return projects.size() + "/" + runs.size() + "/" + messages.size();
        }

        List<String> lostOn(String base) {
            List<String> lost = new ArrayList<>();
            projects.forEach(p -> {
                if (get(base, "/api/projects/" + p).statusCode() != 200) {
                    lost.add("project " + p);
                }
            });
            Map<String, Set<String>> present = new ConcurrentHashMap<>();
            runs.forEach((run, project) -> {
                HttpResponse<String> reply = get(base, "/api/projects/" + project + "/agent-runs/" + run);
                if (reply.statusCode() != 200) {
                    lost.add("run " + run);
                    return;
                }
                Set<String> ids = ConcurrentHashMap.newKeySet();
                read(get(base, "/api/projects/" + project + "/agent-runs/" + run + "/messages?limit=100").body())
                        .get("items").forEach(m -> ids.add(m.get("id").asText()));
                present.put(run, ids);
            });
            messages.forEach((message, run) -> {
                if (!present.getOrDefault(run, Set.of()).contains(message)) {
                    lost.add("message " + message);
                }
            });
            return lost;
        }

        List<String> unfinishedAfter(String base, Duration bound) throws InterruptedException {
            long deadline = System.nanoTime() + bound.toNanos();
            List<String> unfinished;
            do {
                unfinished = new ArrayList<>();
                for (Map.Entry<String, String> run : runs.entrySet()) {
                    String status = read(get(base, "/api/projects/" + run.getValue() + "/agent-runs/" + run.getKey())
                            .body()).path("status").asText();
                    if (!status.equals("COMPLETED") && !status.equals("FAILED")) {
                        unfinished.add(run.getKey() + " " + status);
                    }
                }
                if (unfinished.isEmpty()) {
                    return unfinished;
                }
                TimeUnit.MILLISECONDS.sleep(500); // polling observable state, bounded by the deadline
            } while (System.nanoTime() < deadline);
            return unfinished;
        }
    }

    /** Clients writing projects, runs (two per project of maxConcurrentRuns 1) and messages until stopped. */
    static final class Writers {
        final AtomicBoolean stop = new AtomicBoolean();
        final List<Thread> threads = new ArrayList<>();

        Writers(String base, int clients, Acked acked) {
            for (int c = 0; c < clients; c++) {
                Thread thread = new Thread(() -> {
                    try {
                        while (!stop.get()) {
                            String project = post(base, "/api/projects", Map.of("name", "p", "maxConcurrentRuns", 1));
                            acked.projects.add(project);
                            String workflow = post(base, "/api/projects/" + project + "/workflows", Map.of("name", "w",
                                    "nodes", List.of(Map.of("id", "n", "agentId", "general", "model", "m"))));
                            for (int r = 0; r < 2; r++) {
                                String run = post(base, "/api/projects/" + project + "/agent-runs",
                                        Map.of("workflowId", workflow, "inputQuery", "keep me"));
                                acked.runs.put(run, project);
                                String message = post(base, "/api/projects/" + project + "/agent-runs/" + run
                                        + "/messages", Map.of("content", "and this"));
                                acked.messages.put(message, run);
                            }
                        }
                    } catch (RuntimeException serverGone) {
                        // killed under this client: only what it was answered counts
                    }
                });
                thread.setDaemon(true);
                threads.add(thread);
                thread.start();
            }
        }

        void stop() throws InterruptedException {
            stop.set(true);
            for (Thread thread : threads) {
                thread.join(30_000);
            }
        }
    }

    record Server(Process process, String base) {
        static Server start(Path jar, List<String> extra, Model model, Path log) throws Exception {
            Path portFile = log.resolveSibling("port");
            Files.deleteIfExists(portFile);
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-Xmx1g", "-jar", jar.toString(), "--port", "0", "--port-file", portFile.toString(),
                    "--model-base-url", model.baseUrl()));
            command.addAll(extra);
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            long deadline = System.nanoTime() + START_BOUND.toNanos();
            while (!Files.exists(portFile) || Files.readString(portFile).isBlank()) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new IllegalStateException("exit " + (process.isAlive() ? "none" : process.exitValue())
                            + ", see " + log);
                }
                TimeUnit.MILLISECONDS.sleep(20); // polling a file the server writes once it listens
            }
            return new Server(process, "http://127.0.0.1:" + Files.readString(portFile).trim());
        }
    }

    /** A model that answers "done" after a short latency, from a scheduler (no thread held). */
    static final class Model implements AutoCloseable {
        final HttpServer server;
        final ScheduledExecutorService answers = Executors.newScheduledThreadPool(2);

        Model(long latencyMillis) throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
            server.setExecutor(Executors.newFixedThreadPool(4));
            byte[] body = ("{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":0,\"model\":\"m\",\"choices\":[{"
                    + "\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"done\"},\"finish_reason\":\"stop\"}]}")
                    .getBytes(StandardCharsets.UTF_8);
            server.createContext("/", exchange -> {
                exchange.getRequestBody().readAllBytes();
                answers.schedule(() -> {
                    try (OutputStream out = exchange.getResponseBody()) {
                        exchange.getResponseHeaders().add("Content-Type", "application/json");
                        exchange.sendResponseHeaders(200, body.length);
                        out.write(body);
                    } catch (IOException gone) {
                        // the server aborted the call
                    } finally {
                        exchange.close();
                    }
                }, latencyMillis, TimeUnit.MILLISECONDS);
            });
            server.start();
        }

        String baseUrl() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
        }

        @Override
        public void close() {
            server.stop(0);
            answers.shutdownNow();
            ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
        }
    }

    static String post(String base, String path, Object body) {
        try {
            HttpResponse<String> reply = CLIENT.send(HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + TOKEN)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (reply.statusCode() != 201) {
                throw new IllegalStateException(path + " answered " + reply.statusCode() + ": " + reply.body());
            }
            return read(reply.body()).get("id").asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static HttpResponse<String> get(String base, String path) {
        try {
            return CLIENT.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode read(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + text, e);
        }
    }

    static long size(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    static String listing(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return "no data directory";
        }
        try (Stream<Path> files = Files.list(dir)) {
            return String.join(", ", files.sorted().map(f -> f.getFileName() + " " + f.toFile().length()).toList());
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    static List<String> split(String args) {
        return Arrays.stream(args.trim().split("\\s+")).toList();
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("--kills", "20");
        values.put("--runs-per-kill", "50");
        values.put("--clients", "6");
        values.put("--runs", "1000");
        values.put("--jar", "reference-server/target/reference-server.jar");
        values.put("--server-args", "");
        values.put("--work", "target/kill-bench");
        for (int i = 0; i < args.length; i += 2) {
            if (!values.containsKey(args[i]) || i + 1 >= args.length) {
                throw new IllegalArgumentException("unknown or valueless option " + args[i] + "; options: " + values.keySet());
            }
            values.put(args[i], args[i + 1]);
        }
        return values;
    }
}

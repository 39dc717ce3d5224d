import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Benchmark of the event stream (issue 8): the bundled reference server with {@code --runs}
 * concurrent runs and {@code --subscribers} WebSocket subscribers each, a local model stand-in
 * answering at once. Reports events per second, events lost and duplicated (must be 0), and the
 * event lag (the event's {@code timestamp} to the frame's arrival) p50/p99/max, next to the floor:
 * a bare WebSocket echo round trip on this machine, measured in the same run against a minimal
 * Javalin echo on loopback. Runs from source with the reference server's jar on the class path
 * (for Javalin, the floor's server); no Maven.
 *
 * <pre>
 * mvn -B -q -pl reference-server package -DskipTests   # once
 * java -cp reference-server/target/reference-server.jar dev/bench/StreamBenchmark.java      # 200 runs x 2 subscribers
 * java -cp reference-server/target/reference-server.jar dev/bench/StreamBenchmark.java --runs 50 --subscribers 3
 * </pre>
 *
 * The lag uses one clock (server and subscribers on the same machine); event timestamps have
 * millisecond precision, so each lag is known to about 1 ms.
 */
public class StreamBenchmark {

    static final String TOKEN = "ada-secret-token";
    static final Pattern SEQUENCE = Pattern.compile("\"sequence\":(\\d+)");
    static final Pattern TIMESTAMP = Pattern.compile("\"timestamp\":\"([^\"]+)\"");
    static final Pattern TYPE = Pattern.compile("\"type\":\"([^\"]+)\"");
    /** Held for the whole run: an HttpClient nobody references shuts down, and its WebSockets with it. */
    static final HttpClient WS_CLIENT = HttpClient.newHttpClient();
    /**
     * The subscribers' clients: each JDK HttpClient reads all its WebSockets on one selector
     * thread, so 400 subscribers on one client measure that thread's queue, not the server.
     */
    static final HttpClient[] SUBSCRIBER_CLIENTS = new HttpClient[Integer.getInteger("bench.clients", 8)];
    static {
        for (int i = 0; i < SUBSCRIBER_CLIENTS.length; i++) {
            SUBSCRIBER_CLIENTS[i] = HttpClient.newHttpClient();
        }
    }
    static final java.util.concurrent.atomic.AtomicInteger NEXT_CLIENT = new java.util.concurrent.atomic.AtomicInteger();

    public static void main(String[] args) throws Exception {
        int runs = intArg(args, "--runs", 200);
        int subscribers = intArg(args, "--subscribers", 2);
        // The model thinks a little, so that subscribers are connected before most events happen:
        // the lag measured is then the live path, not the replay of what happened before they came.
        int modelDelayMs = intArg(args, "--model-delay-ms", 300);
        Path jar = Path.of(stringArg(args, "--jar", "reference-server/target/reference-server.jar"));
        if (!Files.isRegularFile(jar)) {
            System.err.println("no " + jar + ": build it with mvn -B -q -pl reference-server package -DskipTests");
            System.exit(2);
        }
        HttpServer model = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        model.setExecutor(Executors.newFixedThreadPool(256));
        model.createContext("/v1/chat/completions", exchange -> {
            exchange.getRequestBody().readAllBytes();
            try {
                Thread.sleep(modelDelayMs); // the stand-in's thinking time, not a synchronisation
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = ("{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"bench\","
                    + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"done\"},"
                    + "\"finish_reason\":\"stop\"}]}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        model.start();
        Path portFile = Files.createTempFile("stream-bench", ".port");
        Files.delete(portFile);
        Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-jar", jar.toString(), "--port", "0", "--port-file", portFile.toString(),
                "--model-base-url", "http://127.0.0.1:" + model.getAddress().getPort() + "/v1",
                "--data-dir", ":temp:")
                .redirectErrorStream(true).redirectOutput(Path.of("target/stream-bench-server.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(portFile) || Files.readString(portFile).isBlank()) {
                if (System.nanoTime() > deadline || !server.isAlive()) {
                    throw new IllegalStateException("the reference server did not start; see target/stream-bench-server.log");
                }
                Thread.sleep(50); // polling a file the server writes once; not a synchronisation of the measurement
            }
            String base = "http://127.0.0.1:" + Files.readString(portFile).trim();
            // A cold JVM interprets before it compiles: the first round warms the server (and these
            // clients) up and is not reported, as JMH discards its warm-up iterations.
            int warmup = intArg(args, "--warmup-runs", runs);
            if (warmup > 0) {
                run(base, warmup, subscribers, modelDelayMs, false);
            }
            run(base, runs, subscribers, modelDelayMs, true);
        } finally {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
            model.stop(0);
        }
        System.exit(0); // the WebSocket clients' threads would keep the JVM alive
    }

    static void run(String base, int runs, int subscribers, int modelDelayMs, boolean report) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        // A project runs at most 100 runs at once (openapi.yaml): enough projects that all run together.
        String profile = id(post(http, base + "/api/agents/profiles", "{\"name\":\"bench\",\"description\":\"b\",\"capabilities\":[]}"));
        List<String[]> targets = new ArrayList<>();
        for (int p = 0; p < (runs + 99) / 100; p++) {
            String project = id(post(http, base + "/api/projects", "{\"name\":\"bench\",\"maxConcurrentRuns\":100}"));
            String workflow = id(post(http, base + "/api/projects/" + project + "/workflows",
                    "{\"name\":\"bench\",\"nodes\":[{\"id\":\"answer\",\"agentId\":\"" + profile + "\",\"model\":\"bench\"}]}"));
            targets.add(new String[] {project, workflow});
        }

        List<Long> echo = echoFloor(500);

        List<Subscriber> all = Collections.synchronizedList(new ArrayList<>());
        long started = System.nanoTime();
        List<CompletableFuture<Void>> starts = new ArrayList<>();
        java.util.concurrent.ExecutorService starters = Executors.newFixedThreadPool(32);
        for (int r = 0; r < runs; r++) {
            String[] target = targets.get(r / 100);
            starts.add(CompletableFuture.runAsync(() -> {
                try {
                    String run = id(post(http, base + "/api/projects/" + target[0] + "/agent-runs",
                            "{\"workflowId\":\"" + target[1] + "\",\"inputQuery\":\"Hello\"}"));
                    for (int s = 0; s < subscribers; s++) {
                        all.add(Subscriber.open(base.replace("http://", "ws://") + "/api/stream/agents/" + run));
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, starters));
        }
        CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        starters.shutdown();
        for (Subscriber subscriber : all) {
            if (!subscriber.done.await(120, TimeUnit.SECONDS)) {
                throw new IllegalStateException("a stream did not end within 120 s");
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;

        long events = 0, lost = 0, duplicated = 0;
        List<Long> lags = new ArrayList<>();
        for (Subscriber subscriber : all) {
            events += subscriber.sequences.size();
            long expected = 1;
            java.util.Set<Long> seen = new java.util.HashSet<>();
            for (long sequence : subscriber.sequences) {
                if (!seen.add(sequence)) {
                    duplicated++;
                } else if (sequence > expected) {
                    lost += sequence - expected;
                }
                expected = Math.max(expected, sequence + 1);
            }
            if (!subscriber.ended) {
                lost++;
            }
            lags.addAll(subscriber.lagsMs);
        }
        Collections.sort(lags);
        if (!report) {
            System.out.printf("warm-up: %d runs, %d events, lost %d, duplicated %d%n", runs, events, lost, duplicated);
            return;
        }
        System.out.printf("StreamBenchmark%nmachine: %d cores, %s %s, Java %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version"));
        System.out.printf("runs: %d, subscribers per run: %d, streams: %d, all ended with the terminal event: %s%n",
                runs, subscribers, all.size(), all.stream().allMatch(s -> s.ended));
        System.out.printf("events received: %d in %.2f s = %.0f events/s%n", events, seconds, events / seconds);
        System.out.printf("lost: %d, duplicated: %d%n", lost, duplicated);
        System.out.printf("event lag of live events (timestamp to arrival): p50 %d ms, p99 %d ms, max %d ms (%d live, %d replayed)%n",
                pct(lags, 50), pct(lags, 99), lags.get(lags.size() - 1), lags.size(),
                all.stream().mapToInt(s -> s.replayed).sum());
        System.out.printf("model stand-in delay: %d ms per answer%n", modelDelayMs);
        System.out.printf("floor, bare WebSocket echo round trip on loopback: p50 %.3f ms, p99 %.3f ms (%d trips)%n",
                pct(echo, 50) / 1e6, pct(echo, 99) / 1e6, echo.size());
        if (lost != 0 || duplicated != 0) {
            System.exit(1);
        }
    }

    /** One subscriber: records sequences and the lag of each frame. */
    static final class Subscriber implements WebSocket.Listener {
        final List<Long> sequences = new ArrayList<>();
        final List<Long> lagsMs = new ArrayList<>();
        final CountDownLatch done = new CountDownLatch(1);
        volatile long openedAt = Long.MAX_VALUE;
        int replayed;
        final StringBuilder partial = new StringBuilder();
        volatile boolean ended;

        static Subscriber open(String uri) {
            Subscriber subscriber = new Subscriber();
            // From the start of the handshake: an event after it is one the subscriber waits for.
            subscriber.openedAt = System.currentTimeMillis();
            SUBSCRIBER_CLIENTS[Math.floorMod(NEXT_CLIENT.getAndIncrement(), SUBSCRIBER_CLIENTS.length)]
                    .newWebSocketBuilder().header("Authorization", "Bearer " + TOKEN)
                    .connectTimeout(Duration.ofSeconds(10)).buildAsync(URI.create(uri), subscriber).join();
            return subscriber;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                long now = System.currentTimeMillis();
                String frame = partial.toString();
                partial.setLength(0);
                Matcher sequence = SEQUENCE.matcher(frame);
                Matcher timestamp = TIMESTAMP.matcher(frame);
                Matcher type = TYPE.matcher(frame);
                if (sequence.find() && timestamp.find()) {
                    sequences.add(Long.parseLong(sequence.group(1)));
                    long happened = Instant.parse(timestamp.group(1)).toEpochMilli();
                    // Only live events: a replayed one "lags" by however long ago it happened.
                    if (happened >= openedAt) {
                        lagsMs.add(now - happened);
                    } else {
                        replayed++;
                    }
                }
                if (type.find() && type.group(1).startsWith("agent.run.") && type.group(1).matches("agent\\.run\\.(completed|failed|cancelled)")) {
                    ended = true;
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
            done.countDown();
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            done.countDown();
        }
    }

    /**
     * Round trips of a small text frame to a bare Javalin WebSocket echo on loopback: the same
     * server stack as the reference server's stream, doing nothing but echo, is the floor.
     */
    static List<Long> echoFloor(int trips) throws Exception {
        io.javalin.Javalin echo = io.javalin.Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.ws("/echo", ws -> ws.onMessage(ctx -> ctx.send(ctx.message())));
        }).start("127.0.0.1", 0);
        int port = echo.port();
        List<Long> nanos = new ArrayList<>();
        java.util.concurrent.LinkedBlockingQueue<Long> answers = new java.util.concurrent.LinkedBlockingQueue<>();
        WebSocket ws = WS_CLIENT.newWebSocketBuilder().buildAsync(
                URI.create("ws://127.0.0.1:" + port + "/echo"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        if (last) {
                            answers.add(System.nanoTime());
                        }
                        webSocket.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket webSocket, int code, String reason) {
                        return null;
                    }

                    @Override
                    public void onError(WebSocket webSocket, Throwable error) {
                        System.err.println("echo error: " + error);
                    }
                }).join();
        String message = "{\"type\":\"agent.step.updated\",\"sequence\":7}";
        for (int i = 0; i < trips; i++) {
            answers.clear();
            long sent = System.nanoTime();
            ws.sendText(message, true).join();
            Long back = answers.poll(5, TimeUnit.SECONDS);
            if (back == null) {
                throw new IllegalStateException("the echo server did not answer trip " + i);
            }
            if (i >= trips / 10) { // the first tenth warms up
                nanos.add(back - sent);
            }
        }
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
        echo.stop();
        Collections.sort(nanos);
        return nanos;
    }

    static long pct(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    static String post(HttpClient http, String url, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("POST " + url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    static String id(String json) {
        Matcher m = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no id in " + json);
        }
        return m.group(1);
    }

    static int intArg(String[] args, String name, int fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }

    static String stringArg(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Benchmark of cases EDGE-1 (a very long run: 1000+ steps, all listed in order through pagination)
 * and EDGE-2 (a very long message, over 100 KB, stored and returned intact) against the bundled
 * reference server. JDK only: no Maven, no dependencies.
 *
 * <pre>
 * mvn -B -q -pl reference-server package -DskipTests     # once: builds reference-server/target/reference-server.jar
 * java dev/bench/LongRunBenchmark.java                    # 5 runs of 500 tool calls (1001 steps each)
 * java dev/bench/LongRunBenchmark.java --repeats 3 --tool-calls 1000 --xmx 512m
 * java dev/bench/LongRunBenchmark.java --help
 * </pre>
 *
 * It starts the jar as a child process the way the kit does ({@code --port 0 --port-file}, an
 * temporary database unless {@code --data-dir} says otherwise, a stated {@code -Xmx}), and plays the model and the tool itself with a
 * {@link HttpServer} on a free loopback port. The model answers every request with one tool call
 * until the request holds {@code --tool-calls} tool results, then with a final text: one run is
 * {@code 2 x tool-calls + 1} steps. Every figure is a wall-clock time measured here, so it includes
 * HTTP and JSON on both sides; the run time is observed by polling and so is known to about the
 * poll interval plus one GET.
 */
public class LongRunBenchmark {

    static final String TOKEN = "ada-secret-token";
    static final String LONG_MODEL = "bench-long";
    static final String ECHO_MODEL = "bench-echo";
    static final int BODY_LIMIT = 1_048_576;

    record Options(int repeats, int warmups, int toolCalls, String xmx, List<String> serverOpts, String dbUrl,
            int pollMs, int runTimeoutS, Path jar, String java) { }

    /** What one long run measured, in milliseconds. */
    record LongRun(long wallMs, long serverMs, long stepsPagingMs, int stepPages, long messagesPagingMs,
            int messagePages, long nodeStatesMs, long first100StepsMs, long last100StepsMs) { }

    public static void main(String[] args) throws Exception {
        Options options = parse(args);
        if (!Files.isRegularFile(options.jar())) {
            fail("no reference server jar at " + options.jar()
                    + "; build it with: mvn -B -q -pl reference-server package -DskipTests");
        }
        StandIn standIn = StandIn.start(options.toolCalls());
        Path workDir = Files.createDirectories(Path.of("target", "bench"));
        try (Child server = Child.start(options, standIn.port(), workDir)) {
            Api api = new Api(server.baseUrl(), options.pollMs(), options.runTimeoutS());
            api.awaitHealthy(Duration.ofSeconds(60));
            String project = api.createProject();
            String agent = api.createAgent();

            String workflow = api.createLongWorkflow(project, agent, options.toolCalls(), standIn.toolUrl());
            List<LongRun> warmups = new ArrayList<>();
            List<LongRun> runs = new ArrayList<>();
            for (int i = 1; i <= options.warmups() + options.repeats(); i++) {
                LongRun run = edge1(api, project, workflow, options.toolCalls());
                boolean warmup = i <= options.warmups();
                System.out.printf("%s %d: %d steps COMPLETED in %d ms (server %d ms); steps paged in %d ms, "
                        + "messages in %d ms%n", warmup ? "warm-up run" : "run", warmup ? i : i - options.warmups(),
                        2 * options.toolCalls() + 1, run.wallMs(), run.serverMs(), run.stepsPagingMs(),
                        run.messagesPagingMs());
                (warmup ? warmups : runs).add(run);
            }
            Edge2 edge2 = edge2(api, project, agent);
            Memory memory = server.memory();
            report(options, server, standIn, warmups, runs, edge2, memory);
        } finally {
            standIn.stop();
        }
    }

    // --- EDGE-1 --------------------------------------------------------------------------------------

    static LongRun edge1(Api api, String project, String workflow, int toolCalls) throws Exception {
        int steps = 2 * toolCalls + 1;
        long start = System.nanoTime();
        Map<String, Object> created = api.post("/api/projects/" + project + "/agent-runs",
                Map.of("workflowId", workflow, "inputQuery", "Call the tool " + toolCalls + " times, then answer."));
        String run = (String) created.get("id");
        Map<String, Object> done = api.awaitStatus(project, run, "COMPLETED");
        long wallMs = millisSince(start);
        long serverMs = Duration.between(Instant.parse((String) done.get("startedAt")),
                Instant.parse((String) done.get("finishedAt"))).toMillis();
        String base = "/api/projects/" + project + "/agent-runs/" + run;

        // Steps: 1..N, contiguous, in order, MODEL and TOOL alternating, every one COMPLETED.
        long pagingStart = System.nanoTime();
        Paged stepList = api.pageAll(base + "/steps", steps);
        long stepsPagingMs = millisSince(pagingStart);
        List<Map<String, Object>> stepItems = stepList.items();
        check(stepItems.size() == steps, "EDGE-1: expected " + steps + " steps listed, got " + stepItems.size());
        for (int i = 0; i < steps; i++) {
            Map<String, Object> step = stepItems.get(i);
            long number = ((Number) step.get("stepNumber")).longValue();
            check(number == i + 1, "EDGE-1: step at position " + (i + 1) + " has stepNumber " + number);
            String kind = i % 2 == 0 ? "MODEL" : "TOOL";
            check(kind.equals(step.get("kind")),
                    "EDGE-1: step " + number + " is " + step.get("kind") + ", not " + kind);
            check("COMPLETED".equals(step.get("status")), "EDGE-1: step " + number + " is " + step.get("status"));
        }
        Duration first100 = Duration.between(startedAt(stepItems.get(0)), startedAt(stepItems.get(100)));
        Duration last100 = Duration.between(startedAt(stepItems.get(steps - 101)), startedAt(stepItems.get(steps - 1)));

        // Messages: the input query, call_1/result_1 ... call_N/result_N, the answer; oldest first.
        int messages = 2 * toolCalls + 2;
        pagingStart = System.nanoTime();
        Paged messageList = api.pageAll(base + "/messages", messages);
        long messagesPagingMs = millisSince(pagingStart);
        List<Map<String, Object>> messageItems = messageList.items();
        check(messageItems.size() == messages,
                "EDGE-1: expected " + messages + " messages listed, got " + messageItems.size());
        check("user".equals(messageItems.get(0).get("type")), "EDGE-1: the first message is not the input query");
        for (int call = 1; call <= toolCalls; call++) {
            Map<String, Object> toolCall = messageItems.get(2 * call - 1);
            Map<String, Object> toolResult = messageItems.get(2 * call);
            check("tool_call".equals(toolCall.get("type")) && ("call_" + call).equals(toolCall.get("toolCallId")),
                    "EDGE-1: message " + (2 * call) + " is not the tool call call_" + call);
            check("tool_result".equals(toolResult.get("type")) && ("call_" + call).equals(toolResult.get("toolCallId")),
                    "EDGE-1: message " + (2 * call + 1) + " is not the result of call_" + call);
        }
        check("assistant".equals(messageItems.get(messages - 1).get("type")),
                "EDGE-1: the last message is not the answer");

        pagingStart = System.nanoTime();
        List<Object> nodeStates = Json.list(api.get(base + "/node-states").get("items"));
        long nodeStatesMs = millisSince(pagingStart);
        check(nodeStates.size() == 1, "EDGE-1: expected one node state, got " + nodeStates.size());

        return new LongRun(wallMs, serverMs, stepsPagingMs, stepList.pages(), messagesPagingMs, messageList.pages(),
                nodeStatesMs, first100.toMillis(), last100.toMillis());
    }

    static Instant startedAt(Map<String, Object> step) {
        return Instant.parse((String) step.get("startedAt"));
    }

    // --- EDGE-2 --------------------------------------------------------------------------------------

    record Edge2(List<String> lines, int overLimitStatus) { }

    /** Appends a 200 KiB message and one just under the body limit to a run, and reads both back. */
    static Edge2 edge2(Api api, String project, String agent) throws Exception {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("id", "echo");
        node.put("agentId", agent);
        node.put("model", ECHO_MODEL);
        String workflow = (String) api.post("/api/projects/" + project + "/workflows",
                Map.of("name", "EDGE-2 echo", "nodes", List.of(node))).get("id");
        String run = (String) api.post("/api/projects/" + project + "/agent-runs",
                Map.of("workflowId", workflow, "inputQuery", "Say ok.")).get("id");
        api.awaitStatus(project, run, "COMPLETED");
        String messages = "/api/projects/" + project + "/agent-runs/" + run + "/messages";

        List<String> lines = new ArrayList<>();
        String kib200 = text(200 * 1024);
        String nearLimit = largestContentUnder(BODY_LIMIT - 1024);
        for (String content : List.of(kib200, nearLimit)) {
            String body = Json.write(Map.of("content", content));
            long start = System.nanoTime();
            Map<String, Object> appended = api.post(messages, Map.of("content", content));
            long postMs = millisSince(start);
            String id = (String) appended.get("id");
            check(content.equals(appended.get("content")), "EDGE-2: the 201 answer does not echo the content intact");
            api.awaitStatus(project, run, "COMPLETED"); // the follow-up turn is answered

            start = System.nanoTime();
            Paged users = api.pageAll(messages + "?role=user&type=user", -1);
            long readMs = millisSince(start);
            Map<String, Object> stored = users.items().stream().filter(m -> id.equals(m.get("id"))).findFirst()
                    .orElseThrow(() -> new IllegalStateException("EDGE-2: message " + id + " is not listed"));
            check(content.equals(stored.get("content")), "EDGE-2: message " + id + " is not returned intact");
            lines.add(String.format("%,d bytes of content (%,d chars, body %,d bytes): POST %d ms, "
                    + "read back intact via GET messages?role=user in %d ms",
                    utf8(content), content.length(), utf8(body), postMs, readMs));
        }
        String tooLarge = largestContentUnder(BODY_LIMIT);
        while (utf8(Json.write(Map.of("content", tooLarge))) <= BODY_LIMIT) {
            tooLarge += "x"; // until the body is exactly one byte over 1 MiB
        }
        int status = api.postStatus(messages, Map.of("content", tooLarge));
        return new Edge2(lines, status);
    }

    /** Lines with multi-byte characters and characters JSON must escape, so "intact" means something. */
    static final byte[] TEXT = sampleText(BODY_LIMIT + 64 * 1024);

    static byte[] sampleText(int utf8Bytes) {
        StringBuilder text = new StringBuilder();
        for (int line = 0; text.length() < utf8Bytes; line++) { // chars <= bytes: enough bytes
            text.append(String.format("EDGE-2 line %06d: \"quoted\" back\\slash\ttab é ü 漢字 😀 %s%n", line,
                    "abcdefghijklmnopqrstuvwxyz".repeat(2)));
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The first {@code utf8Bytes} bytes of the sample text, or a little less to end on a whole character. */
    static String text(int utf8Bytes) {
        int end = utf8Bytes;
        while (end > 0 && (TEXT[end] & 0xC0) == 0x80) {
            end--;
        }
        return new String(TEXT, 0, end, StandardCharsets.UTF_8);
    }

    /** The longest {@link #text} whose request body {"content": ...} is at most {@code bodyBytes}. */
    static String largestContentUnder(int bodyBytes) {
        int low = 0;
        int high = bodyBytes;
        while (low < high) {
            int mid = (low + high + 1) / 2;
            if (utf8(Json.write(Map.of("content", text(mid)))) <= bodyBytes) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return text(low);
    }

    static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    // --- report --------------------------------------------------------------------------------------

    static void report(Options options, Child server, StandIn standIn, List<LongRun> warmups, List<LongRun> runs,
            Edge2 edge2, Memory memory) throws Exception {
        int steps = 2 * options.toolCalls() + 1;
        System.out.println();
        System.out.println("== LongRunBenchmark: EDGE-1 and EDGE-2 against the bundled reference server");
        System.out.println("machine:  " + Runtime.getRuntime().availableProcessors() + " cores, " + cpuModel() + ", "
                + memTotal() + " RAM; load average at the end " + loadAverage() + " (other work on the machine"
                + " makes these figures noisy)");
        System.out.println("server:   " + server.javaVersion());
        System.out.println("          java -Xmx" + options.xmx() + " " + String.join(" ", options.serverOpts())
                + (options.serverOpts().isEmpty() ? "" : " ") + "-jar " + options.jar()
                + " --data-dir " + options.dbUrl() + " (default --workers)");
        System.out.println("client:   this JVM, " + System.getProperty("java.version") + ", max heap "
                + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB (JVM default)");
        System.out.println("stand-in: model and tool on one loopback JDK HttpServer; " + standIn.modelRequests()
                + " model requests and " + standIn.toolRequests() + " tool calls served in total");
        System.out.println();
        System.out.printf("EDGE-1: %d runs of %d steps (%d model calls + %d tool calls), %d messages each;"
                + " all steps 1..%d listed contiguous and in order, all messages in order.%n", runs.size(), steps,
                options.toolCalls() + 1, options.toolCalls(), 2 * options.toolCalls() + 2, steps);
        System.out.printf("  %-48s %8s %8s %8s%n", "(ms)", "min", "median", "max");
        row("run, start request to COMPLETED seen by polling*", runs, LongRun::wallMs);
        row("run, server's finishedAt - startedAt", runs, LongRun::serverMs);
        row("  first 100 steps (server startedAt 1 to 101)", runs, LongRun::first100StepsMs);
        row("  last 100 steps (server startedAt)", runs, LongRun::last100StepsMs);
        row("page all steps, limit=100 (" + runs.get(0).stepPages() + " GETs)", runs, LongRun::stepsPagingMs);
        row("page all messages, limit=100 (" + runs.get(0).messagePages() + " GETs)", runs,
                LongRun::messagesPagingMs);
        row("GET node-states", runs, LongRun::nodeStatesMs);
        System.out.println("  * polled every " + options.pollMs() + " ms: resolution about " + options.pollMs()
                + " ms plus one GET");
        warmups.forEach(w -> System.out.println("  not counted: a warm-up run first (JIT), " + w.wallMs() + " ms"));
        System.out.println();
        System.out.println("EDGE-2: appended to a completed run, then read back and compared character by character:");
        edge2.lines().forEach(line -> System.out.println("  " + line));
        System.out.println("  a body one byte over 1 MiB (1,048,576 bytes): " + edge2.overLimitStatus()
                + (edge2.overLimitStatus() == 413 ? " (as the contract says)" : " (EXPECTED 413)"));
        System.out.println();
        System.out.println("server memory at the end, with " + (warmups.size() + runs.size() + 1)
                + " runs in its database: " + memory);
    }

    static void row(String label, List<LongRun> runs, ToLongFunction<LongRun> metric) {
        List<Long> values = new ArrayList<>(runs.stream().map(metric::applyAsLong).toList());
        Collections.sort(values);
        long median = values.size() % 2 == 1 ? values.get(values.size() / 2)
                : (values.get(values.size() / 2 - 1) + values.get(values.size() / 2)) / 2;
        System.out.printf("  %-48s %8d %8d %8d%n", label, values.get(0), median, values.get(values.size() - 1));
    }

    static String cpuModel() {
        return procLine(Path.of("/proc/cpuinfo"), "model name").map(l -> l.substring(l.indexOf(':') + 1).trim())
                .orElse("cpu unknown");
    }

    static String memTotal() {
        return procLine(Path.of("/proc/meminfo"), "MemTotal")
                .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) / (1024 * 1024) + " GiB").orElse("?");
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    static Optional<String> procLine(Path file, String prefix) {
        try {
            return Files.readAllLines(file).stream().filter(l -> l.startsWith(prefix)).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    // --- the reference server as a child process ------------------------------------------------------

    record Memory(String rss, String peakRss, String heap) {
        @Override
        public String toString() {
            return "VmRSS " + rss + ", VmHWM (peak RSS) " + peakRss + "; Java heap after a full GC: " + heap;
        }
    }

    static final class Child implements AutoCloseable {
        final Process process;
        final Options options;
        final int port;

        private Child(Process process, Options options, int port) {
            this.process = process;
            this.options = options;
            this.port = port;
        }

        static Child start(Options options, int standInPort, Path workDir) throws Exception {
            Path portFile = workDir.resolve("server.port");
            Files.deleteIfExists(portFile);
            Path log = workDir.resolve("server.log");
            List<String> command = new ArrayList<>(List.of(options.java(), "-Xmx" + options.xmx()));
            command.addAll(options.serverOpts());
            command.addAll(List.of("-jar", options.jar().toString(),
                    "--host", "127.0.0.1", "--port", "0", "--port-file", portFile.toString(),
                    "--model-base-url", "http://127.0.0.1:" + standInPort + "/v1",
                    "--data-dir", options.dbUrl()));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroy)); // Ctrl-C leaves no server behind
            Child child = null;
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!Files.exists(portFile) || Files.readString(portFile).isBlank()) {
                    if (!process.isAlive()) {
                        fail("the reference server exited with " + process.exitValue() + "; see " + log);
                    }
                    if (System.nanoTime() > deadline) {
                        fail("the reference server did not write its port within 60 s; see " + log);
                    }
                    Thread.sleep(50);
                }
                child = new Child(process, options, Integer.parseInt(Files.readString(portFile).trim()));
                Files.deleteIfExists(portFile);
                return child;
            } finally {
                if (child == null) {
                    process.destroyForcibly();
                }
            }
        }

        URI baseUrl() {
            return URI.create("http://127.0.0.1:" + port);
        }

        String javaVersion() throws Exception {
            String out = capture(List.of(options.java(), "-version"));
            return String.join(" | ", out.strip().lines().toList());
        }

        Memory memory() throws Exception {
            String status = Files.readString(Path.of("/proc/" + process.pid() + "/status"));
            String heap = "unknown (no jcmd next to " + options.java() + ")";
            Path jcmd = Path.of(options.java()).resolveSibling("jcmd");
            if (Files.isExecutable(jcmd)) {
                capture(List.of(jcmd.toString(), Long.toString(process.pid()), "GC.run"));
                String info = capture(List.of(jcmd.toString(), Long.toString(process.pid()), "GC.heap_info"));
                // G1 on JDK 17: "total 262144K, used 12345K"; on JDK 25: "committed 262144K, used 12345K".
                Matcher used = Pattern.compile("(?:total|committed) (\\d+)K, used (\\d+)K")
                        .matcher(info);
                heap = used.find() ? Long.parseLong(used.group(2)) / 1024 + " MiB used of "
                        + Long.parseLong(used.group(1)) / 1024 + " MiB committed (-Xmx" + options.xmx() + ")"
                        : "unreadable jcmd output";
            }
            return new Memory(statusField(status, "VmRSS"), statusField(status, "VmHWM"), heap);
        }

        static String statusField(String status, String field) {
            return status.lines().filter(l -> l.startsWith(field + ":")).map(l -> {
                long kib = Long.parseLong(l.replaceAll("[^0-9]", ""));
                return kib / 1024 + " MiB";
            }).findFirst().orElse("?");
        }

        static String capture(List<String> command) throws Exception {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            return out;
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    // --- the model and tool stand-in ------------------------------------------------------------------

    /**
     * POST /v1/chat/completions: for {@value #LONG_MODEL}, one tool call (ids call_1, call_2, ...)
     * until the request holds the wanted number of tool results, then a final text; for
     * {@value #ECHO_MODEL}, always a short text. POST /tools/tick: a small JSON result.
     */
    static final class StandIn {
        final HttpServer server;
        final ExecutorService executor;
        final int toolCalls;
        final AtomicLong modelRequests = new AtomicLong();
        final AtomicLong toolRequests = new AtomicLong();

        private StandIn(HttpServer server, ExecutorService executor, int toolCalls) {
            this.server = server;
            this.executor = executor;
            this.toolCalls = toolCalls;
        }

        static StandIn start(int toolCalls) throws IOException {
            // The JDK server writes headers and body as two TCP segments; with Nagle's algorithm on, the
            // body waits for the client's delayed ACK (about 40 ms on Linux) on every model and tool call.
            System.setProperty("sun.net.httpserver.nodelay", "true");
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
            ExecutorService executor = Executors.newFixedThreadPool(8);
            StandIn standIn = new StandIn(server, executor, toolCalls);
            server.createContext("/v1/chat/completions", standIn::model);
            server.createContext("/tools/tick", standIn::tool);
            server.setExecutor(executor);
            server.start();
            return standIn;
        }

        int port() {
            return server.getAddress().getPort();
        }

        String toolUrl() {
            return "http://127.0.0.1:" + port() + "/tools/tick";
        }

        long modelRequests() {
            return modelRequests.get();
        }

        long toolRequests() {
            return toolRequests.get();
        }

        void model(HttpExchange exchange) throws IOException {
            modelRequests.incrementAndGet();
            Map<String, Object> request = Json.map(Json.parse(readBody(exchange)));
            long results = Json.list(request.get("messages")).stream()
                    .filter(m -> "tool".equals(Json.map(m).get("role"))).count();
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("role", "assistant");
            String finish;
            if (LONG_MODEL.equals(request.get("model")) && results < toolCalls) {
                long n = results + 1;
                message.put("content", null);
                message.put("tool_calls", List.of(Map.of("id", "call_" + n, "type", "function",
                        "function", Map.of("name", "tick", "arguments", Json.write(Map.of("n", n))))));
                finish = "tool_calls";
            } else {
                message.put("content", "done after " + results + " tool calls");
                finish = "stop";
            }
            Map<String, Object> choice = new LinkedHashMap<>();
            choice.put("index", 0);
            choice.put("finish_reason", finish);
            choice.put("message", message);
            Map<String, Object> completion = new LinkedHashMap<>();
            completion.put("id", "chatcmpl-bench-" + modelRequests.get());
            completion.put("object", "chat.completion");
            completion.put("created", 1_700_000_000);
            completion.put("model", request.get("model"));
            completion.put("choices", List.of(choice));
            reply(exchange, Json.write(completion));
        }

        void tool(HttpExchange exchange) throws IOException {
            toolRequests.incrementAndGet();
            String arguments = readBody(exchange);
            reply(exchange, "{\"ticked\":" + arguments + "}");
        }

        static String readBody(HttpExchange exchange) throws IOException {
            try (InputStream in = exchange.getRequestBody()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }

        static void reply(HttpExchange exchange, String json) throws IOException {
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            try (var out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }

        void stop() {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    // --- the REST API, as the user ------------------------------------------------------------------

    record Paged(List<Map<String, Object>> items, int pages) { }

    static final class Api {
        final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        final URI base;
        final int pollMs;
        final int runTimeoutS;

        Api(URI base, int pollMs, int runTimeoutS) {
            this.base = base;
            this.pollMs = pollMs;
            this.runTimeoutS = runTimeoutS;
        }

        void awaitHealthy(Duration bound) throws Exception {
            long deadline = System.nanoTime() + bound.toNanos();
            while (true) {
                try {
                    if (send(HttpRequest.newBuilder(base.resolve("/api/health")).GET()).statusCode() == 200) {
                        return;
                    }
                } catch (IOException notYet) {
                    // keep waiting
                }
                if (System.nanoTime() > deadline) {
                    fail("GET /api/health did not answer 200 within " + bound);
                }
                Thread.sleep(50);
            }
        }

        String createProject() throws Exception {
            return (String) post("/api/projects", Map.of("name", "EDGE-1/EDGE-2 benchmark", "maxConcurrentRuns", 4))
                    .get("id");
        }

        String createAgent() throws Exception {
            return (String) post("/api/agents/profiles", Map.of("name", "bench agent",
                    "description", "Calls its tool as often as the model says")).get("id");
        }

        /** One node, one tool; maxModelCalls leaves room for every tool-call round plus the answer. */
        String createLongWorkflow(String project, String agent, int toolCalls, String toolUrl) throws Exception {
            Map<String, Object> tool = new LinkedHashMap<>();
            tool.put("name", "tick");
            tool.put("description", "Counts one tick");
            tool.put("url", toolUrl);
            tool.put("parameters", Map.of("type", "object", "properties", Map.of("n", Map.of("type", "integer"))));
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("id", "worker");
            node.put("agentId", agent);
            node.put("model", LONG_MODEL);
            node.put("tools", List.of(tool));
            node.put("maxModelCalls", toolCalls + 1);
            return (String) post("/api/projects/" + project + "/workflows",
                    Map.of("name", "EDGE-1 long run", "nodes", List.of(node))).get("id");
        }

        /** Polls the run every pollMs until it has {@code status}; FAILED or CANCELLED end the benchmark. */
        Map<String, Object> awaitStatus(String project, String run, String status) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(runTimeoutS);
            while (true) {
                Map<String, Object> current = get("/api/projects/" + project + "/agent-runs/" + run);
                Object now = current.get("status");
                if (status.equals(now)) {
                    return current;
                }
                if ("FAILED".equals(now) || "CANCELLED".equals(now)) {
                    fail("run " + run + " is " + now + ": " + Json.write(current.get("error")));
                }
                if (System.nanoTime() > deadline) {
                    fail("run " + run + " is still " + now + " after " + runTimeoutS + " s");
                }
                Thread.sleep(pollMs);
            }
        }

        /**
         * Follows nextCursor with limit=100; checks every page's limit and total, and that
         * {@code expected} items are listed (-1: do not check).
         */
        Paged pageAll(String path, int expected) throws Exception {
            List<Map<String, Object>> items = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                String query = (path.contains("?") ? "&" : "?") + "limit=100"
                        + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
                Map<String, Object> page = get(path + query);
                pages++;
                List<Object> pageItems = Json.list(page.get("items"));
                check(pageItems.size() <= 100, path + ": a page of " + pageItems.size() + " items with limit=100");
                check(((Number) page.get("limit")).intValue() == 100, path + ": limit is " + page.get("limit"));
                if (expected >= 0) {
                    check(((Number) page.get("total")).intValue() == expected,
                            path + ": total is " + page.get("total") + ", expected " + expected);
                }
                pageItems.forEach(item -> items.add(Json.map(item)));
                cursor = (String) page.get("nextCursor");
            } while (cursor != null);
            return new Paged(items, pages);
        }

        Map<String, Object> get(String path) throws Exception {
            return expect(200, "GET " + path, send(request(path).GET()));
        }

        Map<String, Object> post(String path, Map<String, Object> body) throws Exception {
            return expect(201, "POST " + path, send(request(path).POST(
                    HttpRequest.BodyPublishers.ofString(Json.write(body), StandardCharsets.UTF_8))));
        }

        int postStatus(String path, Map<String, Object> body) throws Exception {
            return send(request(path).POST(HttpRequest.BodyPublishers.ofString(Json.write(body),
                    StandardCharsets.UTF_8))).statusCode();
        }

        HttpRequest.Builder request(String path) {
            return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json");
        }

        HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        }

        static Map<String, Object> expect(int status, String what, HttpResponse<String> response) {
            if (response.statusCode() != status) {
                String body = response.body();
                fail(what + " answered " + response.statusCode() + ", expected " + status + ": "
                        + (body.length() > 500 ? body.substring(0, 500) + "..." : body));
            }
            return Json.map(Json.parse(response.body()));
        }
    }

    // --- a minimal JSON reader and writer -------------------------------------------------------------

    /** Objects are Maps, arrays Lists, numbers Long or Double; enough for this benchmark. */
    static final class Json {
        private final String s;
        private int at;

        private Json(String s) {
            this.s = s;
        }

        static Object parse(String text) {
            Json reader = new Json(text);
            Object value = reader.value();
            reader.skipSpace();
            if (reader.at != text.length()) {
                throw new IllegalArgumentException("trailing text in JSON at " + reader.at);
            }
            return value;
        }

        @SuppressWarnings("unchecked")
        static Map<String, Object> map(Object value) {
            return (Map<String, Object>) value;
        }

        @SuppressWarnings("unchecked")
        static List<Object> list(Object value) {
            return (List<Object>) value;
        }

        private Object value() {
            skipSpace();
            char c = s.charAt(at);
            switch (c) {
                case '{': {
                    Map<String, Object> map = new LinkedHashMap<>();
                    at++;
                    skipSpace();
                    if (s.charAt(at) == '}') {
                        at++;
                        return map;
                    }
                    do {
                        skipSpace();
                        String key = string();
                        skipSpace();
                        expect(':');
                        map.put(key, value());
                        skipSpace();
                    } while (s.charAt(at++) == ',');
                    check(s.charAt(at - 1) == '}', "JSON: '}' expected at " + (at - 1));
                    return map;
                }
                case '[': {
                    List<Object> list = new ArrayList<>();
                    at++;
                    skipSpace();
                    if (s.charAt(at) == ']') {
                        at++;
                        return list;
                    }
                    do {
                        list.add(value());
                        skipSpace();
                    } while (s.charAt(at++) == ',');
                    check(s.charAt(at - 1) == ']', "JSON: ']' expected at " + (at - 1));
                    return list;
                }
                case '"':
                    return string();
                default:
                    if (s.startsWith("true", at)) {
                        at += 4;
                        return Boolean.TRUE;
                    }
                    if (s.startsWith("false", at)) {
                        at += 5;
                        return Boolean.FALSE;
                    }
                    if (s.startsWith("null", at)) {
                        at += 4;
                        return null;
                    }
                    int start = at;
                    while (at < s.length() && "+-0123456789.eE".indexOf(s.charAt(at)) >= 0) {
                        at++;
                    }
                    String number = s.substring(start, at);
                    return number.matches("-?[0-9]+") ? (Object) Long.parseLong(number) : Double.parseDouble(number);
            }
        }

        private String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (true) {
                char c = s.charAt(at++);
                if (c == '"') {
                    return out.toString();
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char e = s.charAt(at++);
                switch (e) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'u' -> {
                        out.append((char) Integer.parseInt(s.substring(at, at + 4), 16));
                        at += 4;
                    }
                    default -> out.append(e); // \" \\ \/
                }
            }
        }

        private void expect(char c) {
            check(s.charAt(at) == c, "JSON: '" + c + "' expected at " + at);
            at++;
        }

        private void skipSpace() {
            while (at < s.length() && Character.isWhitespace(s.charAt(at))) {
                at++;
            }
        }

        static String write(Object value) {
            StringBuilder out = new StringBuilder();
            write(value, out);
            return out.toString();
        }

        private static void write(Object value, StringBuilder out) {
            if (value == null || value instanceof Boolean || value instanceof Number) {
                out.append(value);
            } else if (value instanceof String text) {
                out.append('"');
                for (int i = 0; i < text.length(); i++) {
                    char c = text.charAt(i);
                    switch (c) {
                        case '"' -> out.append("\\\"");
                        case '\\' -> out.append("\\\\");
                        case '\n' -> out.append("\\n");
                        case '\t' -> out.append("\\t");
                        case '\r' -> out.append("\\r");
                        default -> {
                            if (c < 0x20) {
                                out.append(String.format("\\u%04x", (int) c));
                            } else {
                                out.append(c);
                            }
                        }
                    }
                }
                out.append('"');
            } else if (value instanceof Map<?, ?> map) {
                out.append('{');
                String separator = "";
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    out.append(separator);
                    write(String.valueOf(entry.getKey()), out);
                    out.append(':');
                    write(entry.getValue(), out);
                    separator = ",";
                }
                out.append('}');
            } else if (value instanceof List<?> list) {
                out.append('[');
                String separator = "";
                for (Object item : list) {
                    out.append(separator);
                    write(item, out);
                    separator = ",";
                }
                out.append(']');
            } else {
                throw new IllegalArgumentException("cannot write " + value.getClass());
            }
        }
    }

    // --- small helpers -------------------------------------------------------------------------------

    static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    static void check(boolean condition, String message) {
        if (!condition) {
            fail(message);
        }
    }

    static void fail(String message) {
        throw new IllegalStateException(message);
    }

    static Options parse(String[] args) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("--repeats", "5");
        values.put("--warmup", "1");
        values.put("--tool-calls", "500");
        values.put("--xmx", "1g");
        values.put("--server-opts", "");
        values.put("--data-dir", ":temp:");
        values.put("--poll-ms", "20");
        values.put("--run-timeout", "300");
        values.put("--jar", "reference-server/target/reference-server.jar");
        values.put("--java", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (int i = 0; i < args.length; i++) {
            if (!values.containsKey(args[i]) || i + 1 == args.length) {
                System.out.println("""
                        Usage: java dev/bench/LongRunBenchmark.java [options]   (from the repository root)
                          --repeats N       long runs to measure (default 5)
                          --warmup N        long runs made first and not counted, while the JIT warms up (default 1)
                          --tool-calls N    tool calls per run; a run is 2N+1 steps (default 500: 1001 steps)
                          --xmx SIZE        the server's -Xmx (default 1g, as the kit starts it)
                          --server-opts S   more JVM options for the server, space-separated, e.g. "-XX:+UseSerialGC"
                          --data-dir DIR    the server's data directory (default :temp:, a temporary one, as the kit starts it)
                          --poll-ms N       interval of the polling that sees a run complete (default 20)
                          --run-timeout S   bound on each wait for a run to complete (default 300)
                          --jar PATH        the server jar (default reference-server/target/reference-server.jar)
                          --java PATH       the java that runs the server (default: the one running this)""");
                System.exit(args[i].equals("--help") ? 0 : 2);
            }
            values.put(args[i], args[++i]);
        }
        Options options = new Options(Integer.parseInt(values.get("--repeats")),
                Integer.parseInt(values.get("--warmup")), Integer.parseInt(values.get("--tool-calls")),
                values.get("--xmx"), List.of(values.get("--server-opts").trim().split("\\s+")).stream()
                        .filter(o -> !o.isEmpty()).toList(), values.get("--data-dir"),
                Integer.parseInt(values.get("--poll-ms")), Integer.parseInt(values.get("--run-timeout")),
                Path.of(values.get("--jar")), values.get("--java"));
        check(options.repeats() >= 1, "--repeats must be at least 1");
        check(options.warmups() >= 0, "--warmup must not be negative");
        check(options.toolCalls() >= 100, "--tool-calls must be at least 100 (the report compares first and last"
                + " 100 steps)");
        check(options.toolCalls() + 1 <= 5000, "--tool-calls must be at most 4999: maxModelCalls is at most 5000");
        return options;
    }
}

package bench;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.listFeeder;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;
import static io.gatling.javaapi.http.HttpDsl.ws;

import io.gatling.http.action.ws.WsInboundMessage;
import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Load benchmark of the bundled reference server (issue 20, item 3). Starts the server jar, a
 * floor (bare Javalin GET and WebSocket echo in a JVM of its own) and a model + tool stand-in, makes
 * its world through the fixture API, then in sequence: the floors, an unreported warm-up round,
 * the measured round (concurrent runs of 5 model + 4 tool calls, with readers and stream
 * subscribers while they last, and a watcher per project sampling its PENDING and RUNNING
 * counts), and a check of the stand-in's call counts. Gatling's assertions are the pass/fail;
 * {@link Summary} prints the figures in plain text at the end.
 */
public class ReferenceServerSimulation extends Simulation {

    static final String TOKEN = "ada-secret-token";
    static final String TERMINAL = "\"type\"\\s*:\\s*\"agent\\.run\\.(completed|failed|cancelled)\"";
    static final String ECHO_FRAME = "{\"type\":\"agent.step.updated\",\"runId\":\"run_bench\",\"sequence\":7,"
            + "\"timestamp\":\"2026-11-24T10:00:05.123Z\",\"data\":{}}";
    static final String FLOOR_GET = "floor: bare Javalin GET";
    static final String FLOOR_HEALTH = "floor: GET /api/health of the server";
    static final String FLOOR_ECHO = "floor: bare Javalin WebSocket echo";
    static final String START = "start run";
    static final String READ = "read run (GET) during load";
    static final String SUBSCRIBE = "stream: subscribe (WebSocket handshake)";
    static final String STREAM_ENDED = "verify: the subscriber saw the run's terminal event";
    static final long STREAM_POLL_MS = 20;
    static final String VERIFY_COMPLETED = "verify: every run of the project COMPLETED";
    static final String VERIFY_CALLS = "verify: 5 model + 4 tool calls per run";
    static final long POLL_MS = Long.getLong("pollMs", 50);

    private final Workload workload = Workload.fromSystemProperties();
    private final Path out = Path.of(System.getProperty("bench.out", "target")).toAbsolutePath();
    private final List<Runnable> cleanUp = new ArrayList<>();
    private final StandIn standIn;
    private final Processes.Started server;
    private final Processes.Started floor;
    private final ProcSampler sampler;
    private final Phase warmup;
    private final Phase measured;
    /** Floor round trips, microseconds. */
    private final Map<String, Histogram> floors = new ConcurrentHashMap<>();
    private final AtomicLong floorStart = new AtomicLong();

    public ReferenceServerSimulation() {
        System.out.println("workload " + workload);
        try {
            Files.createDirectories(out);
            standIn = StandIn.start(workload.modelDelayMs());
            cleanUp.add(standIn::stop);
            Path jar = Path.of(System.getProperty("bench.jar", "../../../reference-server/target/reference-server.jar"));
            floor = Processes.startFloor(jar, Path.of(System.getProperty("bench.floor", "floor/FloorServer.java")), out);
            cleanUp.add(floor::stop);
            server = Processes.startServer(jar, standIn.modelBaseUrl(), out);
            cleanUp.add(server::stop);
            // Should Gatling's JVM end abruptly, the two JVMs it started end with it.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.process().destroyForcibly();
                floor.process().destroyForcibly();
            }));
            sampler = new ProcSampler(server.process().pid(), 100).start();
            cleanUp.add(sampler::stop);
            String base = "http://127.0.0.1:" + server.port();
            Fixtures fixtures = new Fixtures(base, TOKEN);
            warmup = workload.warmupRuns() <= 0 ? null
                    : new Phase("warm-up: ", workload.warmupRuns(), workload.maxConcurrentRuns(),
                            fixtures.make("warmup", workload.projects(), workload.maxConcurrentRuns(),
                                    workload.warmupRuns(), standIn.toolUrl()),
                            workload.timeoutSeconds());
            measured = new Phase("", workload.runs(), workload.maxConcurrentRuns(),
                    fixtures.make("measured", workload.projects(), workload.maxConcurrentRuns(), workload.runs(),
                            standIn.toolUrl()),
                    workload.timeoutSeconds());
        } catch (IOException | RuntimeException e) {
            stopAll();
            throw new IllegalStateException("benchmark set-up failed: " + e.getMessage(), e);
        }

        HttpProtocolBuilder protocol = http.baseUrl("http://127.0.0.1:" + server.port())
                .wsBaseUrl("ws://127.0.0.1:" + server.port())
                .authorizationHeader("Bearer " + TOKEN)
                .acceptHeader("application/json")
                .contentTypeHeader("application/json")
                // Frames that no check waited for are kept, to time every frame of a stream.
                .wsUnmatchedInboundMessageBufferSize(100_000)
                .disableWarmUp();

        String floorHttp = "http://127.0.0.1:" + floor.port();
        String floorWs = "ws://127.0.0.1:" + floor.port();

        // Sequential populations: a.andThen(b) starts b when a has ended, so the chain is nested from its end.
        PopulationBuilder verifyCalls = verifyCalls().injectOpen(atOnceUsers(1));
        PopulationBuilder measuredRound = round(measured, List.of(verifyCalls));
        PopulationBuilder afterFloors = warmup == null ? measuredRound : round(warmup, List.of(measuredRound));
        PopulationBuilder chain = floorHttp(FLOOR_GET, floorHttp + "/floor").injectOpen(atOnceUsers(1))
                .andThen(floorHttp(FLOOR_HEALTH, "/api/health").injectOpen(atOnceUsers(1))
                        .andThen(floorEcho(floorWs + "/echo").injectOpen(atOnceUsers(1))
                                .andThen(afterFloors)));

        List<Assertion> assertions = new ArrayList<>(List.of(
                global().failedRequests().count().is(0L),
                details(measured.name(START)).successfulRequests().count().is((long) measured.runs),
                details(measured.name(VERIFY_COMPLETED)).successfulRequests().count().is((long) measured.targets.size()),
                details(VERIFY_CALLS).successfulRequests().count().is(1L)));
        if (workload.subscribers() > 0) {
            assertions.add(details(measured.name(STREAM_ENDED)).successfulRequests().count()
                    .is((long) measured.runs * workload.subscribers()));
        }
        setUp(chain).protocols(protocol).assertions(assertions)
                .maxDuration(Duration.ofSeconds(3L * workload.timeoutSeconds() + 120));
    }

    /** The populations of one round, all at once; {@code next} starts when its watchers have seen every project finished. */
    private PopulationBuilder round(Phase phase, List<PopulationBuilder> next) {
        List<PopulationBuilder> together = new ArrayList<>();
        together.add(watch(phase).injectOpen(atOnceUsers(phase.targets.size())).andThen(next));
        together.add(starts(phase).injectOpen(atOnceUsers(phase.runs)));
        if (workload.readers() > 0) {
            together.add(readers(phase).injectOpen(atOnceUsers(workload.readers())));
        }
        if (workload.subscribers() > 0) {
            together.add(subscribers(phase).injectOpen(atOnceUsers(phase.runs * workload.subscribers())));
        }
        // andThen takes what follows one population; a round is several at once, so the one before it
        // gets them all as its children. This placeholder, a population of no-one, stands for "now".
        return scenario(phase.name("round")).exec(session -> session).injectOpen(atOnceUsers(1)).andThen(together);
    }

    private ScenarioBuilder starts(Phase phase) {
        List<Map<String, Object>> records = new ArrayList<>();
        for (int i = 0; i < phase.runs; i++) {
            Phase.Target target = phase.targets.get(i % phase.targets.size());
            records.add(Map.of("projectId", target.projectId(), "workflowId", target.workflowId(), "runNumber", i));
        }
        int subscribers = workload.subscribers();
        return scenario(phase.name("start runs"))
                .feed(listFeeder(records).queue())
                .exec(session -> {
                    phase.markStart();
                    return session;
                })
                .exec(http(phase.name(START)).post("/api/projects/#{projectId}/agent-runs")
                        .body(StringBody("{\"workflowId\":\"#{workflowId}\",\"inputQuery\":\"Benchmark run #{runNumber}\"}"))
                        .check(status().is(201), jsonPath("$.id").saveAs("runId"), responseTimeInMillis().saveAs("rt")))
                .exec(session -> {
                    if (session.contains("runId") && session.contains("rt")) {
                        phase.started(session.getString("projectId"), session.getString("runId"), subscribers);
                        phase.recordLatency(START, session.getInt("rt") * 1000L);
                    }
                    phase.startsAnswered.incrementAndGet();
                    return session;
                });
    }

    private ScenarioBuilder watch(Phase phase) {
        List<Map<String, Object>> records = new ArrayList<>();
        for (Phase.Target target : phase.targets) {
            records.add(Map.of("projectId", target.projectId(), "expected", target.runs()));
        }
        String runs = "/api/projects/#{projectId}/agent-runs";
        return scenario(phase.name("watch projects"))
                .feed(listFeeder(records).queue())
                .asLongAs(session -> !phase.finished(session.getString("projectId")) && !phase.expired()).on(
                        exec(session -> session.set("answered", phase.allStartsAnswered()))
                                .exec(http(phase.name("sample PENDING count")).get(runs + "?status=PENDING&limit=1")
                                        .check(status().is(200), jsonPath("$.total").ofInt().saveAs("pending")))
                                // Saved before it is judged: a count over the limit fails the request
                                // (and the assertions) but the watcher goes on, so the round still ends.
                                .exec(http(phase.name("sample RUNNING count (admission)")).get(runs + "?status=RUNNING&limit=1")
                                        .check(status().is(200), jsonPath("$.total").ofInt().saveAs("running"),
                                                jsonPath("$.total").ofInt().lte(phase.maxConcurrentRuns)))
                                .exec(session -> {
                                    if (session.contains("pending") && session.contains("running")) {
                                        phase.observe(session.getString("projectId"), session.getBoolean("answered"),
                                                session.getInt("pending"), session.getInt("running"));
                                    }
                                    return session.remove("pending").remove("running");
                                })
                                .pause(Duration.ofMillis(POLL_MS)))
                .exec(http(phase.name(VERIFY_COMPLETED)).get(runs + "?status=COMPLETED&limit=1")
                        .check(status().is(200), jsonPath("$.total").ofInt().is(session -> session.getInt("expected"))));
    }

    private ScenarioBuilder readers(Phase phase) {
        ChainBuilder read = exec(http(phase.name(READ)).get("/api/projects/#{readPath}")
                .check(status().is(200), responseTimeInMillis().saveAs("rt")))
                .exec(session -> {
                    if (session.contains("rt")) {
                        phase.recordLatency(READ, session.getInt("rt") * 1000L);
                    }
                    return session.remove("rt");
                })
                .pause(Duration.ofMillis(workload.readPauseMs()));
        return scenario(phase.name("read runs"))
                .asLongAs(session -> !phase.done() && !phase.expired()).on(
                        exec(session -> session.set("readPath", phase.randomRun()))
                                .doIfOrElse(session -> !session.getString("readPath").isEmpty()).then(read)
                                .orElse(pause(Duration.ofMillis(5))));
    }

    private ScenarioBuilder subscribers(Phase phase) {
        Pattern terminal = Pattern.compile(TERMINAL);
        return scenario(phase.name("stream subscribers"))
                // Each subscriber takes a run as soon as one is started; none comes once every start is answered.
                .asLongAs(session -> !session.contains("streamRun") && !phase.expired()
                        && !(phase.allStartsAnswered() && phase.toSubscribe.isEmpty())).on(
                        exec(session -> {
                            String[] started = phase.toSubscribe.poll();
                            return started == null ? session
                                    : session.set("streamProject", started[0]).set("streamRun", started[1]);
                        }).doIf(session -> !session.contains("streamRun")).then(pause(Duration.ofMillis(10))))
                .doIf(session -> session.contains("streamRun")).then(
                        exec(session -> session.set("connectedAt", System.currentTimeMillis()).set("ended", false))
                                .exec(ws(phase.name(SUBSCRIBE)).wsName("stream").connect("/api/stream/agents/#{streamRun}"))
                                // No check waits on the stream: every frame lands in Gatling's buffer of
                                // unmatched frames with its arrival time, read here until the run's end.
                                .asLongAs(session -> !session.getBoolean("ended") && !phase.expired()).on(
                                        pause(Duration.ofMillis(STREAM_POLL_MS))
                                                .exec(ws.processUnmatchedMessages("stream", (messages, session) -> {
                                                    boolean ended = false;
                                                    for (WsInboundMessage message : messages) {
                                                        if (message instanceof WsInboundMessage.Text text) {
                                                            phase.recordFrame(text.message(), text.timestamp(),
                                                                    session.getLong("connectedAt"));
                                                            ended |= terminal.matcher(text.message()).find();
                                                        }
                                                    }
                                                    if (ended) {
                                                        phase.streamsEnded.incrementAndGet();
                                                    }
                                                    int frames = session.contains("frames") ? session.getInt("frames") : 0;
                                                    session = session.set("frames", frames + messages.size());
                                                    if (!messages.isEmpty()) {
                                                        WsInboundMessage lastFrame = messages.get(messages.size() - 1);
                                                        session = session.set("lastFrame", lastFrame instanceof WsInboundMessage.Text text
                                                                ? text.message().substring(0, Math.min(120, text.message().length())) : "binary");
                                                    }
                                                    return ended ? session.set("ended", true) : session;
                                                })))
                                // A stream that never ended says how far it got: the request below only says that it failed.
                                .exec(session -> {
                                    if (!session.getBoolean("ended")) {
                                        System.err.println("stream of " + session.getString("streamRun") + " did not end: "
                                                + (session.contains("frames") ? session.getInt("frames") : 0) + " frames, last "
                                                + (session.contains("lastFrame") ? session.getString("lastFrame") : "none"));
                                    }
                                    return session;
                                })
                                // The verdict, as a request Gatling counts: the run is over in REST and its
                                // subscriber saw the terminal event on the stream.
                                .exec(http(phase.name(STREAM_ENDED)).get("/api/projects/#{streamProject}/agent-runs/#{streamRun}")
                                        .check(status().is(200),
                                                jsonPath("$.status").in("COMPLETED", "FAILED", "CANCELLED"),
                                                bodyString().transformWithSession((body, session) -> session.getBoolean("ended"))
                                                        .is(true)))
                                .exec(ws(phase.name("stream: close")).wsName("stream").close()));
    }

    private ScenarioBuilder floorHttp(String name, String url) {
        int samples = workload.floorSamples();
        return scenario(name)
                .exec(session -> {
                    floorStart.compareAndSet(0, System.nanoTime());
                    return session;
                })
                .repeat(samples, "i").on(
                        exec(http(name).get(url).check(status().is(200), responseTimeInMillis().saveAs("rt")))
                                .exec(session -> {
                                    // The first tenth warms the path up and is not summarised.
                                    if (session.contains("rt") && session.getInt("i") >= samples / 10) {
                                        floors.computeIfAbsent(name, n -> new ConcurrentHistogram(3))
                                                .recordValue(session.getInt("rt") * 1000L);
                                    }
                                    return session.remove("rt");
                                }));
    }

    private ScenarioBuilder floorEcho(String url) {
        int samples = workload.floorSamples();
        return scenario(FLOOR_ECHO)
                .exec(ws("floor: echo connect").wsName("echo").connect(url))
                .repeat(samples, "i").on(
                        exec(session -> session.set("sent", System.nanoTime()))
                                .exec(ws(FLOOR_ECHO).wsName("echo").sendText(ECHO_FRAME)
                                        .await(Duration.ofSeconds(5)).on(ws.checkTextMessage("floor: echo")
                                                .check(bodyString().transformWithSession((frame, session) -> {
                                                    // Timed as the frame arrives, to the microsecond.
                                                    if (session.getInt("i") >= samples / 10) {
                                                        floors.computeIfAbsent(FLOOR_ECHO, n -> new ConcurrentHistogram(3))
                                                                .recordValue((System.nanoTime() - session.getLong("sent")) / 1000);
                                                    }
                                                    return frame;
                                                }).is(ECHO_FRAME)))))
                .exec(ws("floor: echo close").wsName("echo").close());
    }

    private ScenarioBuilder verifyCalls() {
        long runs = measured.runs + (warmup == null ? 0 : warmup.runs);
        return scenario(VERIFY_CALLS)
                .exec(http(VERIFY_CALLS).get(standIn.countsUrl())
                        .check(status().is(200),
                                jsonPath("$.modelCalls").ofLong().is(5 * runs),
                                jsonPath("$.toolCalls").ofLong().is(4 * runs),
                                jsonPath("$.unattributed").ofLong().is(0L)));
    }

    @Override
    public void after() {
        try {
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("standInModelCalls", standIn.modelCalls.get());
            facts.put("standInToolCalls", standIn.toolCalls.get());
            String text = new Summary(workload, measured, warmup, floors, sampler, floorStart.get(), facts).render();
            System.out.println(text);
            Files.writeString(out.resolve("bench-summary.txt"), text);
            System.out.println("plain-text summary: " + out.resolve("bench-summary.txt"));
        } catch (IOException | RuntimeException e) {
            System.err.println("could not write the summary: " + e);
        } finally {
            stopAll();
        }
    }

    private void stopAll() {
        for (int i = cleanUp.size() - 1; i >= 0; i--) {
            try {
                cleanUp.get(i).run();
            } catch (RuntimeException e) {
                System.err.println("clean-up: " + e);
            }
        }
        cleanUp.clear();
    }
}

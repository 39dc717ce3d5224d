package io.agentsconformance.kit.standin;


import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.Slf4jNotifier;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.agentsconformance.kit.config.KitConfig;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/**
 * The kit's stand-ins for the LLM (OpenAI Chat Completions) and for tools: one WireMock server
 * shared by every scenario of the run.
 *
 * <p>Isolation between concurrent scenarios comes from the correlation headers the contract
 * requires (spec/llm-and-tools.md): a model script answers only requests whose
 * {@code X-Agents-Project-Id} is the scenario's project and whose {@code X-Agents-Node-Id} is the
 * scripted node; a tool script answers only at a URL path that embeds the project. Each stub is
 * tagged with its scenario, so a scenario's stubs and journal are removed when it ends.
 */
public final class StandIns implements AutoCloseable {

    public static final String MODEL_PATH = "/v1/chat/completions";
    static final String PROJECT_HEADER = "X-Agents-Project-Id";

    private final WireMockServer server;
    private final RunawayGuard guard = new RunawayGuard();
    private final ScriptedAnswers answers = new ScriptedAnswers(guard);
    private final InFlightRequests inFlight = new InFlightRequests();
    private final CorrelationCheck correlation = new CorrelationCheck();
    private final String advertisedHost;
    private final ConnectionWitness witness;
    /** The stub answering each (scenario, project, node or tool), so that a script can be replaced. */
    private final Map<String, java.util.UUID> scriptStubs = new java.util.concurrent.ConcurrentHashMap<>();

    private StandIns(KitConfig config) {
        WireMockConfiguration options = WireMockConfiguration.options()
                .bindAddress(config.standinBindAddress())
                .extensions(answers, inFlight, correlation, guard)
                // Held answers park a server thread each; leave room for many concurrent scenarios.
                .containerThreads(200)
                .asynchronousResponseEnabled(true)
                .asynchronousResponseThreads(20)
                .notifier(new Slf4jNotifier(false));
        server = new WireMockServer(config.standinPort() == 0 ? options.dynamicPort() : options.port(config.standinPort()));
        guard.dropWith(server::removeServeEvent);
        advertisedHost = config.standinHost();
        // Holds a call no longer than any run may take, so a target that never hangs up cannot hang the suite.
        witness = ConnectionWitness.start(config.standinBindAddress(), config.standinWitnessPort(),
                config.runTimeout().multipliedBy(2));
    }

    /** Starts the stand-ins on the configured (or a free) port. */
    public static StandIns start(KitConfig config) {
        StandIns standIns = new StandIns(config);
        standIns.server.start();
        return standIns;
    }

    /** The base URL the target must use as its OpenAI base URL. */
    public String modelBaseUrl() {
        return "http://" + advertisedHost + ":" + server.port() + "/v1";
    }

    public int port() {
        return server.port();
    }

    /** The port of the tool that never answers (a bridged target container needs it forwarded). */
    public int witnessPort() {
        return witness.port();
    }

    /** The URL a workflow declares for a tool; it embeds the project, which keys the tool's script. */
    public String toolUrl(String projectId, String tool) {
        return "http://" + advertisedHost + ":" + server.port() + toolPath(projectId, tool);
    }

    /**
     * The URL of a tool that takes the call and never answers, whose stand-in sees when the target
     * closes the connection (spec/llm-and-tools.md, "Cancellation").
     */
    public String heldToolUrl(String projectId, String tool) {
        return "http://" + advertisedHost + ":" + witness.port() + toolPath(projectId, tool);
    }

    /** The calls of a run the tool that never answers is holding or held. */
    public List<ConnectionWitness.Held> heldCalls(String runId) {
        return witness.heldFor(runId);
    }

    static String toolPath(String projectId, String tool) {
        return "/tools/" + URLEncoder.encode(projectId, StandardCharsets.UTF_8) + "/"
                + URLEncoder.encode(tool, StandardCharsets.UTF_8);
    }

    /**
     * Scripts what the model answers the node {@code nodeId} of any run in {@code projectId},
     * replacing what it was scripted to answer before.
     */
    public void scriptModel(String scenario, String projectId, String nodeId, List<Answer> script) {
        requireScript(script);
        install(scenario + "|" + projectId + "|model|" + nodeId, post(urlPathEqualTo(MODEL_PATH))
                .withName("model script for node '" + nodeId + "' of project " + projectId)
                .withHeader(PROJECT_HEADER, equalTo(projectId))
                .withHeader(ScriptedAnswers.NODE_HEADER, equalTo(nodeId))
                .withMetadata(Map.of("scenario", scenario, "surface", "model", "project", projectId, "node", nodeId))
                .willReturn(aResponse()
                        .withTransformers(ScriptedAnswers.NAME)
                        .withTransformerParameter("answers", specs(script))));
    }

    /** Scripts what the tool {@code tool} answers for any run in {@code projectId}, replacing any earlier script. */
    public void scriptTool(String scenario, String projectId, String tool, List<Answer> script) {
        requireScript(script);
        install(scenario + "|" + projectId + "|tool|" + tool, post(urlPathEqualTo(toolPath(projectId, tool)))
                .withName("tool script for '" + tool + "' of project " + projectId)
                .withMetadata(Map.of("scenario", scenario, "surface", "tool", "project", projectId, "tool", tool))
                .willReturn(aResponse()
                        .withTransformers(ScriptedAnswers.NAME)
                        .withTransformerParameter("answers", specs(script))));
    }

    private void install(String key, com.github.tomakehurst.wiremock.client.MappingBuilder stub) {
        StubMapping installed = server.stubFor(stub);
        java.util.UUID replaced = scriptStubs.put(key, installed.getId());
        if (replaced != null) {
            server.removeStub(replaced);
            answers.forget(replaced);
        }
    }

    /**
     * What a workflow's nodes allow each run, read from the nodes as the kit creates them
     * ({@code maxModelCalls}, {@code maxAttempts}, {@code fallback}, or the contract's defaults): a run
     * that makes ten times more requests than that fails its scenario, and is answered 429 from then on.
     */
    public void limitRuns(String projectId, List<Map<String, Object>> nodes) {
        for (Map<String, Object> node : nodes) {
            Object id = node.get("id");
            if (id != null) {
                guard.limit(projectId, id.toString(), new RunawayGuard.NodeLimits(
                        intOr(node.get("maxModelCalls"), RunawayGuard.DEFAULT_MAX_MODEL_CALLS),
                        intOr(node.get("maxAttempts"), RunawayGuard.DEFAULT_MAX_ATTEMPTS),
                        node.get("fallback") != null));
            }
        }
    }

    private static int intOr(Object value, int otherwise) {
        return value instanceof Number number ? Math.max(1, number.intValue()) : otherwise;
    }

    /** Lets requests held at {@code gate} receive their answer. */
    public void release(String gate) {
        answers.release(gate);
    }

    /**
     * Every request the stand-ins received for these projects, oldest first, including those still
     * waiting for their answer.
     */
    public Journal journal(Set<String> projectIds) {
        // Read the in-flight ones first: a request that completes in between is then in the journal.
        List<ServeEvent> pending = inFlight.snapshot().stream()
                .filter(e -> projectIds.contains(projectOf(e)))
                .toList();
        List<ServeEvent> answered = server.getAllServeEvents().stream()
                .filter(e -> projectIds.contains(projectOf(e)))
                .toList();
        Set<java.util.UUID> answeredIds = new java.util.HashSet<>();
        answered.forEach(e -> answeredIds.add(e.getId()));
        List<ServeEvent> stillPending = pending.stream().filter(e -> !answeredIds.contains(e.getId())).toList();
        return new Journal(answered, stillPending, server::findNearMissesFor);
    }

    /**
     * How many requests the stand-ins have received for a run so far: a cheap sign that the run
     * is still at work, without reading their bodies.
     */
    public int requestCount(String runId) {
        return guard.kept(runId);
    }

    /**
     * Requests of these projects, or of no project the kit can read, received since {@code since},
     * that the kit cannot answer as the contract says (a missing correlation header, a run its
     * project does not have), described for a failure message: first the earliest.
     */
    public List<String> breaches(Set<String> projectIds, java.time.Instant since) {
        List<String> found = new java.util.ArrayList<>(
                correlation.of(projectIds, since).stream().map(CorrelationCheck.Breach::describe).toList());
        found.addAll(guard.of(projectIds, since));
        return found;
    }

    /** Every run id the requests of a project named in {@code X-Agents-Run-Id}. */
    public Set<String> runIdsSeen(String projectId) {
        return correlation.runIdsSeen(projectId);
    }

    /** The stubs of a scenario, for its report. */
    public List<StubMapping> stubsOf(String scenario) {
        return server.findAllStubsByMetadata(matchingJsonPath("$.scenario", equalTo(scenario))).getMappings();
    }

    /** Removes a scenario's stubs and what the stand-ins recorded for its projects. */
    public void forget(String scenario, Set<String> projectIds) {
        for (StubMapping stub : stubsOf(scenario)) {
            answers.forget(stub.getId());
        }
        scriptStubs.keySet().removeIf(key -> key.startsWith(scenario + "|"));
        server.removeStubsByMetadata(matchingJsonPath("$.scenario", equalTo(scenario)));
        for (String projectId : projectIds) {
            inFlight.forgetProject(projectId);
            guard.forgetProject(projectId);
            correlation.forgetProject(projectId);
            server.removeServeEventsMatching(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(
                    com.github.tomakehurst.wiremock.client.WireMock.anyUrl())
                    .withHeader(PROJECT_HEADER, equalTo(projectId)).build());
        }
    }

    @Override
    public void close() {
        server.stop();
        witness.close();
    }

    static String projectOf(ServeEvent event) {
        return projectOf(event.getRequest());
    }

    static String projectOf(com.github.tomakehurst.wiremock.http.Request request) {
        String header = request.getHeader(PROJECT_HEADER);
        if (header != null) {
            return header;
        }
        // A tool request that lost its headers is still attributed through its URL.
        String url = request.getUrl();
        if (url != null && url.startsWith("/tools/")) {
            String rest = url.substring("/tools/".length());
            int slash = rest.indexOf('/');
            return java.net.URLDecoder.decode(slash < 0 ? rest : rest.substring(0, slash), StandardCharsets.UTF_8);
        }
        return "";
    }

    private static List<Map<String, Object>> specs(List<Answer> script) {
        return script.stream().map(Answer::spec).toList();
    }

    private static void requireScript(List<Answer> script) {
        if (script.isEmpty()) {
            throw new IllegalArgumentException("a script needs at least one answer");
        }
    }
}

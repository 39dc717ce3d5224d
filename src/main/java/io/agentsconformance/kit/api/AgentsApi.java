package io.agentsconformance.kit.api;

import io.agentsconformance.kit.contract.ContractFilter;
import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The Agents API as one user drives it (spec/openapi.yaml): one method per operation, each
 * answering a {@link Call} whatever the status, so that steps decide what is right.
 *
 * <p>The request specifications are built once. Every exchange goes into the Allure report,
 * except the polls of a wait, which would drown it; a wait reports its own summary instead.
 * Every answer, polls included, is checked against the written contract on its way back.
 */
public final class AgentsApi {

    private final RequestSpecification reported;
    private final RequestSpecification quiet;
    private final Duration timeout;

    private AgentsApi(URI baseUrl, Optional<String> token, Duration timeout, Optional<String> authorization,
            ContractFilter contract) {
        this.timeout = timeout;
        RequestSpecBuilder base = new RequestSpecBuilder()
                .setBaseUri(baseUrl.toString())
                .setConfig(withTimeouts(timeout))
                .setAccept(ContentType.JSON)
                .setContentType(ContentType.JSON)
                .addFilter(contract);
        token.ifPresent(t -> base.addHeader("Authorization", "Bearer " + t));
        authorization.ifPresent(a -> base.addHeader("Authorization", a));
        this.quiet = base.build();
        this.reported = new RequestSpecBuilder().addRequestSpecification(quiet)
                .addFilter(new io.agentsconformance.kit.report.ExchangeEvidence())
                .build();
    }

    /** The API as the user holding {@code token} calls it; {@code contract} checks every answer. */
    public static AgentsApi asUser(URI baseUrl, String token, Duration timeout, ContractFilter contract) {
        return new AgentsApi(baseUrl, Optional.of(token), timeout, Optional.empty(), contract);
    }

    /** The API called with this exact Authorization header, however wrong it is; {@code contract} checks every answer. */
    public static AgentsApi withAuthorization(URI baseUrl, String authorization, Duration timeout, ContractFilter contract) {
        return new AgentsApi(baseUrl, Optional.empty(), timeout, Optional.of(authorization), contract);
    }

    /** The API called with no credentials at all; {@code contract} checks every answer. */
    public static AgentsApi anonymous(URI baseUrl, Duration timeout, ContractFilter contract) {
        return new AgentsApi(baseUrl, Optional.empty(), timeout, Optional.empty(), contract);
    }

    /** Every HTTP call is bounded: a hung target fails a step, never the suite. */
    private static RestAssuredConfig withTimeouts(Duration timeout) {
        int millis = Math.toIntExact(timeout.toMillis());
        return RestAssured.config().httpClient(HttpClientConfig.httpClientConfig()
                .setParam("http.connection.timeout", millis)
                .setParam("http.socket.timeout", millis)
                .setParam("http.connection-manager.timeout", (long) millis));
    }

    private RequestSpecification given() {
        return RestAssured.given().spec(reported);
    }

    private static Call call(String description, Response response) {
        return new Call(description, response);
    }

    // --- operations -------------------------------------------------------------------------

    public Call health() {
        return call("GET /api/health", given().get("/api/health"));
    }

    public Call createProject(Map<String, ?> body) {
        return call("POST /api/projects", given().body(body).post("/api/projects"));
    }

    public Call getProject(String projectId) {
        return call("GET /api/projects/" + projectId, given().get("/api/projects/{p}", projectId));
    }

    public Call createAgentProfile(Map<String, ?> body) {
        return call("POST /api/agents/profiles", given().body(body).post("/api/agents/profiles"));
    }

    public Call listAgentProfiles() {
        return call("GET /api/agents/profiles", given().get("/api/agents/profiles"));
    }

    public Call getAgentProfile(String agentId) {
        return call("GET /api/agents/profiles/" + agentId, given().get("/api/agents/profiles/{a}", agentId));
    }

    public Call createWorkflow(String projectId, Map<String, ?> body) {
        return call("POST /api/projects/" + projectId + "/workflows",
                given().body(body).post("/api/projects/{p}/workflows", projectId));
    }

    public Call deleteWorkflow(String projectId, String workflowId) {
        return call("DELETE /api/projects/" + projectId + "/workflows/" + workflowId,
                given().delete("/api/projects/{p}/workflows/{w}", projectId, workflowId));
    }

    public Call createContextItem(String projectId, Map<String, ?> body) {
        return call("POST /api/projects/" + projectId + "/context-items",
                given().body(body).post("/api/projects/{p}/context-items", projectId));
    }

    public Call startRun(String projectId, Map<String, ?> body) {
        return call("POST /api/projects/" + projectId + "/agent-runs",
                given().body(body).post("/api/projects/{p}/agent-runs", projectId));
    }

    public Call listRuns(String projectId, Map<String, ?> query) {
        return call("GET /api/projects/" + projectId + "/agent-runs" + queryString(query),
                given().queryParams(query).get("/api/projects/{p}/agent-runs", projectId));
    }

    public Call getRun(String projectId, String runId) {
        return call(runPath(projectId, runId), given().get("/api/projects/{p}/agent-runs/{r}", projectId, runId));
    }

    /** The same read, kept out of the report: for the polls of a wait. */
    public Call pollRun(String projectId, String runId) {
        return call(runPath(projectId, runId),
                RestAssured.given().spec(quiet).get("/api/projects/{p}/agent-runs/{r}", projectId, runId));
    }

    public Call cancelRun(String projectId, String runId) {
        return call("POST " + runPath(projectId, runId).substring(4) + "/cancel",
                given().post("/api/projects/{p}/agent-runs/{r}/cancel", projectId, runId));
    }

    public Call listSteps(String projectId, String runId, Map<String, ?> query) {
        return call("GET " + runPath(projectId, runId).substring(4) + "/steps" + queryString(query),
                given().queryParams(query).get("/api/projects/{p}/agent-runs/{r}/steps", projectId, runId));
    }

    public Call listNodeStates(String projectId, String runId) {
        return call("GET " + runPath(projectId, runId).substring(4) + "/node-states",
                given().get("/api/projects/{p}/agent-runs/{r}/node-states", projectId, runId));
    }

    public Call listMessages(String projectId, String runId, Map<String, ?> query) {
        return call("GET " + runPath(projectId, runId).substring(4) + "/messages" + queryString(query),
                given().queryParams(query).get("/api/projects/{p}/agent-runs/{r}/messages", projectId, runId));
    }

    public Call appendMessage(String projectId, String runId, Map<String, ?> body) {
        return call("POST " + runPath(projectId, runId).substring(4) + "/messages",
                given().body(body).post("/api/projects/{p}/agent-runs/{r}/messages", projectId, runId));
    }

    public Call getWorkflow(String projectId, String workflowId) {
        return call("GET /api/projects/" + projectId + "/workflows/" + workflowId,
                given().get("/api/projects/{p}/workflows/{w}", projectId, workflowId));
    }

    public Call getContextItem(String projectId, String contextItemId) {
        return call("GET /api/projects/" + projectId + "/context-items/" + contextItemId,
                given().get("/api/projects/{p}/context-items/{c}", projectId, contextItemId));
    }

    /**
     * Any request, exactly as given: {@code path} is sent as it is (its segments already
     * percent-encoded by the caller) and {@code body}, when not null, as raw text. For the requests
     * a target must refuse, which the typed operations above cannot express.
     */
    public Call send(String method, String path, Map<String, ?> query, String body) {
        RequestSpecification request = given().urlEncodingEnabled(false).queryParams(query);
        if (body != null) {
            request.body(body);
        }
        return call(method + " " + path + queryString(query), request.request(method, path));
    }

    /**
     * Like {@link #send}, but left out of the report's HTTP exchanges: for bodies of megabytes
     * (SEC-04), which the caller describes in a line instead. The answer is still checked
     * against the contract.
     */
    public Call sendUnreported(String method, String path, String body) {
        // Expect: 100-continue, so that the body is sent only once the target has said it wants it:
        // a target may answer 413 from the Content-Length and close without reading the body (RFC
        // 9110 s15.5.14), and a client still writing then sees a broken pipe instead of the answer
        // (SEC-04 failed so about one run in three against such a server). A target that says
        // nothing gets the body after HttpClient's wait for 100 (3 s), as if it had said go on.
        RequestSpecification request = RestAssured.given().spec(quiet).urlEncodingEnabled(false)
                .config(withTimeouts(timeout).httpClient(withTimeouts(timeout).getHttpClientConfig()
                        .setParam("http.protocol.expect-continue", true)));
        if (body != null) {
            request.body(body);
        }
        return call(method + " " + path, request.request(method, path));
    }

    /** Like {@link #send}, with a body of bytes that need not be text (SEC-03: bodies that are not UTF-8). */
    public Call sendBytes(String method, String path, byte[] body) {
        return call(method + " " + path, given().urlEncodingEnabled(false).body(body).request(method, path));
    }

    /** Like {@link #send}, with one more header (SEC-05: method-override headers). */
    public Call sendWithHeader(String method, String path, String header, String value, String body) {
        RequestSpecification request = given().urlEncodingEnabled(false).header(header, value);
        if (body != null) {
            request.body(body);
        }
        return call(method + " " + path + " with " + header + ": " + value, request.request(method, path));
    }

    private static String runPath(String projectId, String runId) {
        return "GET /api/projects/" + projectId + "/agent-runs/" + runId;
    }

    private static String queryString(Map<String, ?> query) {
        if (query.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("?");
        query.forEach((k, v) -> out.append(out.length() > 1 ? "&" : "").append(k).append('=').append(v));
        return out.toString();
    }
}

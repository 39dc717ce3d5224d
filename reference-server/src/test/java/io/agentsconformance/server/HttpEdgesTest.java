package io.agentsconformance.server;

import static io.agentsconformance.server.Api.runs;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the server makes of the requests themselves (spec/README.md, "HTTP"; spec/openapi.yaml,
 * the conventions): the method is the request line's, bodies are UTF-8 both ways, request lines
 * of other versions, bodies declared over the limit, tool schemas nested too deep, cursors.
 */
class HttpEdgesTest extends ServerTestBase {

    private static final String AUTH = "Authorization: Bearer " + ADA;
    private static final Duration QUICK = Duration.ofSeconds(5);

    private static RawHttp.Answer raw(String method, String path, String headers, byte[] body) {
        return RawHttp.exchange(server.port(), RawHttp.request(method, path, headers, body), QUICK);
    }

    @Test
    void aGetWithAMethodOverrideHeaderChangesNothing() {
        String project = ada.createProject(4);
        String workflow = ada.createWorkflow(project, Api.node("n", "m"));
        for (String header : List.of("X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override")) {
            byte[] start = RawHttp.ascii("{\"workflowId\":\"" + workflow + "\",\"inputQuery\":\"hi\"}");
            RawHttp.Answer run = raw("GET", runs(project), AUTH + "\r\nContent-Type: application/json\r\n"
                    + header + ": POST", start);
            assertThat(run.status()).as(header + " on GET " + runs(project)).isEqualTo(200);
            RawHttp.Answer created = raw("GET", "/api/projects", AUTH + "\r\nContent-Type: application/json\r\n"
                    + header + ": POST", RawHttp.ascii("{\"name\":\"forged\"}"));
            assertThat(created.status()).as(header + " on GET /api/projects").isEqualTo(405);
            RawHttp.Answer deleted = raw("POST", "/api/projects/" + project + "/workflows/" + workflow,
                    AUTH + "\r\n" + header + ": DELETE", new byte[0]);
            assertThat(deleted.status()).as(header + " on POST to a workflow").isEqualTo(405);
        }
        assertThat(ada.get(runs(project)).json().get("total").asInt()).isZero();
        assertThat(ada.get("/api/projects/" + project + "/workflows/" + workflow).status()).isEqualTo(200);
    }

    @Test
    void aProblemEchoingUnicodeIsUtf8AndSaysSo() throws Exception {
        String project = ada.createProject(4);
        byte[] body = "{\"workflowId\":\"wf_é😀\",\"inputQuery\":\"hi\"}".getBytes(StandardCharsets.UTF_8);
        Api.Reply refused = ada.postBytes(runs(project), body);
        assertThat(refused.status()).isEqualTo(404);
        assertThat(refused.header("Content-Type")).isEqualToIgnoringCase("application/problem+json; charset=utf-8");
        RawHttp.Answer rawAnswer = raw("POST", runs(project), AUTH + "\r\nContent-Type: application/json", body);
        byte[] bytes = rawAnswer.body().getBytes(StandardCharsets.UTF_8);
        String strict = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes)).toString();
        assertThat(strict).contains("wf_é😀");
    }

    @Test
    void bodiesThatAreNotUtf8AreRefusedAndNothingIsCreated() {
        String project = ada.createProject(4);
        byte[][] bodies = {
            {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'},
            {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80, '"', '}'},
            {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'},
            RawHttp.ascii("{\"name\":\"\\ud800\"}"),
            RawHttp.ascii("{\"name\":\"ok\",\"content\":\"\\udc00 after\"}"),
            RawHttp.ascii("{\"name\":\"ok\",\"content\":\"fine\",\"\\ud800\":1}"),
        };
        for (byte[] body : bodies) {
            Api.Reply reply = ada.postBytes("/api/projects/" + project + "/context-items", body);
            assertThat(reply.status()).as(new String(body, StandardCharsets.ISO_8859_1)).isEqualTo(400);
        }
        assertThat(ada.postBytes("/api/projects/" + project + "/context-items",
                "{\"name\":\"pair\",\"content\":\"\\ud83d\\ude00 ok\"}".getBytes(StandardCharsets.UTF_8)).status())
                .as("a surrogate pair is one character").isEqualTo(201);
    }

    @Test
    void aLaterHttp1MinorVersionIsReadAsHttp11AndARequestLineWithoutOneIsA400() {
        for (String version : List.of("HTTP/1.2", "HTTP/1.9")) {
            RawHttp.Answer answer = RawHttp.exchange(server.port(),
                    RawHttp.ascii("GET /api/health " + version + "\r\nHost: x\r\nConnection: close\r\n\r\n"), QUICK);
            assertThat(answer.status()).as(version).isEqualTo(200);
            assertThat(answer.body()).contains("\"status\":\"UP\"");
        }
        RawHttp.Answer old = RawHttp.exchange(server.port(), RawHttp.ascii("GET /api/health\r\n\r\n"), QUICK);
        assertThat(old.status()).as("an HTTP/0.9 request line").isEqualTo(400);
        RawHttp.Answer noVersion = RawHttp.exchange(server.port(),
                RawHttp.ascii("GET /api/health HTTP/x\r\nHost: x\r\n\r\n"), QUICK);
        assertThat(noVersion.status()).as("a version that is none").isBetween(400, 499);
    }

    @Test
    void aBodyDeclaredOverTheLimitIsRefusedAtOnceWithoutWaitingForIt() {
        RawHttp.Answer huge = raw("POST", "/api/projects", AUTH + "\r\nContent-Type: application/json"
                + "\r\nContent-Length: 1000000000000000", null);
        assertThat(huge.status()).isEqualTo(413);
        assertThat(huge.timedOut()).as("the connection closed after the answer").isFalse();
        assertThat(huge.took()).isLessThan(Duration.ofSeconds(3));

        RawHttp.Answer expecting = raw("POST", "/api/projects", AUTH + "\r\nContent-Type: application/json"
                + "\r\nExpect: 100-continue\r\nContent-Length: 2097152", null);
        assertThat(expecting.text()).startsWith("HTTP/1.1 413").doesNotContain("100 Continue");
        assertThat(expecting.took()).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void aBodySentInFullOverTheLimitStillReadsItsAnswer() {
        byte[] body = new byte[2 * 1_048_576];
        java.util.Arrays.fill(body, (byte) 'a');
        Api.Reply reply = ada.postBytes("/api/projects", body);
        assertThat(reply.status()).isEqualTo(413);
    }

    @Test
    void aToolWhoseParametersNestTooDeepIsRefusedNamingTheTool() {
        String project = ada.createProject(4);
        ObjectNode node = Api.node("n", "m");
        ObjectNode tool = node.putArray("tools").addObject().put("name", "deep_tool").put("url", toolUrl("deep"));
        ObjectNode schema = tool.putObject("parameters");
        for (int level = 1; level < 450; level++) { // two levels each: about 900 deep
            schema = schema.put("type", "object").putObject("properties").putObject("inner");
        }
        Api.Reply refused = ada.post("/api/projects/" + project + "/workflows",
                Api.JSON.createObjectNode().put("name", "deep").set("nodes", Api.JSON.createArrayNode().add(node)));
        assertThat(refused.status()).as("[SEC-03] a tool schema nested about 900 deep: " + refused.text()).isEqualTo(400);
        assertThat(refused.json().get("detail").asText()).as("[SEC-03] the refusal names the tool").contains("deep_tool");

        ObjectNode fine = Api.node("n", "m");
        ObjectNode shallow = fine.putArray("tools").addObject().put("name", "ok_tool").put("url", toolUrl("ok"))
                .putObject("parameters");
        for (int level = 1; level < 20; level++) {
            shallow = shallow.put("type", "object").putObject("properties").putObject("inner");
        }
        assertThat(ada.post("/api/projects/" + project + "/workflows",
                Api.JSON.createObjectNode().put("name", "fine").set("nodes", Api.JSON.createArrayNode().add(fine)))
                .status()).isEqualTo(201);
    }

    @Test
    void aCursorAlteredInAnyWayIsRefused() {
        String project = ada.createProject(1);
        String workflow = ada.createWorkflow(project, Api.node("n", "m"));
        for (int i = 0; i < 3; i++) {
            ada.startRun(project, workflow, "run " + i);
        }
        String cursor = ada.get(runs(project) + "?limit=1").json().get("nextCursor").asText();
        assertThat(ada.get(runs(project) + "?limit=1&cursor=" + cursor).status()).isEqualTo(200);
        String flipped = cursor.substring(0, cursor.length() - 1)
                + (cursor.endsWith("A") ? "B" : "A");
        for (String altered : List.of(cursor + "%3D%3D", cursor + "%3D", cursor + "A", flipped,
                cursor.substring(1), cursor.replace(".", "%3D%3D."), cursor.toUpperCase())) {
            if (altered.equals(cursor)) {
                continue;
            }
            assertThat(ada.get(runs(project) + "?limit=1&cursor=" + altered).status()).as(altered).isEqualTo(400);
        }
    }
}

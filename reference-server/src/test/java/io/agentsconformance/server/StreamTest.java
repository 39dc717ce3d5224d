package io.agentsconformance.server;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The event stream of a run (spec/event-stream.md), through a real WebSocket client. */
class StreamTest extends ServerTestBase {

    /** What one subscriber received: the frames, then the close. */
    record Transcript(List<JsonNode> frames, int closeCode, String reason) {
        List<String> types() {
            return frames.stream().map(f -> f.path("type").asText()).toList();
        }
    }

    @Test
    void aFinishedRunsStreamIsItsWholeHistoryInSequenceThenANormalClose() throws Exception {
        stubs.stubFor(post("/v1/chat/completions").willReturn(okJson(ModelAnswers.text("done"))));
        String project = ada.createProject(5);
        String workflow = ada.createWorkflow(project, Api.node("answer", "gpt-4o-mini"));
        String run = ada.startRun(project, workflow, "Hello");
        eventually().until(() -> "COMPLETED".equals(ada.runStatus(project, run)));

        Transcript all = subscribe(run, "?access_token=" + ADA, null);

        assertThat(all.closeCode()).isEqualTo(1000);
        assertThat(all.types().get(0)).isEqualTo("agent.run.created");
        assertThat(all.types().get(all.frames().size() - 1)).isEqualTo("agent.run.completed");
        assertThat(all.types()).contains("agent_started", "agent_thinking", "agent_completed", "agent.message.appended");
        for (int i = 0; i < all.frames().size(); i++) {
            assertThat(all.frames().get(i).path("sequence").asLong()).isEqualTo(i + 1);
            assertThat(all.frames().get(i).path("runId").asText()).isEqualTo(run);
        }

        Transcript resumed = subscribe(run, "?afterSequence=3", ADA);
        assertThat(resumed.frames()).isEqualTo(all.frames().subList(3, all.frames().size()));
        assertThat(resumed.closeCode()).isEqualTo(1000);
    }

    @Test
    void aSubscriptionThatCannotBeServedGetsOneErrorFrameAndItsCloseCode() throws Exception {
        stubs.stubFor(post("/v1/chat/completions").willReturn(okJson(ModelAnswers.text("done"))));
        String project = ada.createProject(5);
        String run = ada.startRun(project, ada.createWorkflow(project, Api.node("answer", "gpt-4o-mini")), "Hello");

        Transcript unknown = subscribe("run_" + java.util.UUID.randomUUID(), "", ADA);
        assertThat(unknown.closeCode()).isEqualTo(4404);
        assertThat(unknown.types()).containsExactly("error");
        assertThat(unknown.frames().get(0).at("/data/status").asInt()).isEqualTo(404);

        assertThat(subscribe(run, "", GRACE).closeCode()).as("another user's run").isEqualTo(4404);
        assertThat(subscribe(run, "", null).closeCode()).as("no token").isEqualTo(4401);
        assertThat(subscribe(run, "?access_token=nope", null).closeCode()).as("unknown token").isEqualTo(4401);
        assertThat(subscribe(run, "?afterSequence=-1", ADA).closeCode()).isEqualTo(4400);
        assertThat(subscribe(run, "?afterSequence=x", ADA).closeCode()).isEqualTo(4400);
    }

    @Test
    void anUpgradeCreatesNoHttpSession() throws Exception {
        URI base = URI.create(server.baseUrl());
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/stream/agents/run_missing HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\nAuthorization: Bearer " + ADA + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder head = new StringBuilder();
            while (!head.toString().contains("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                head.append((char) b);
            }
            assertThat(head.toString()).startsWith("HTTP/1.1 101");
            assertThat(head.toString().toLowerCase(java.util.Locale.ROOT)).doesNotContain("set-cookie");
        }
    }

    static Transcript subscribe(String runId, String query, String token) throws Exception {
        return subscribeAsync(server.baseUrl(), runId, query, token).transcript(10);
    }

    /** A subscription under way: its transcript once the server closed it. */
    record Pending(CompletableFuture<Transcript> done) {
        Transcript transcript(int timeoutSeconds) throws Exception {
            return done.get(timeoutSeconds, TimeUnit.SECONDS);
        }
    }

    /** Subscribes and returns once the upgrade succeeded; frames are read as they come. */
    static Pending subscribeAsync(String baseUrl, String runId, String query, String token) {
        List<JsonNode> frames = new java.util.concurrent.CopyOnWriteArrayList<>();
        CompletableFuture<Transcript> done = new CompletableFuture<>();
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        URI uri = URI.create(baseUrl.replace("http://", "ws://") + "/api/stream/agents/" + runId + query);
        builder.buildAsync(uri, new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    try {
                        frames.add(Api.JSON.readTree(partial.toString()));
                    } catch (Exception e) {
                        done.completeExceptionally(e);
                    }
                    partial.setLength(0);
                }
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                done.complete(new Transcript(List.copyOf(frames), statusCode, reason));
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                done.completeExceptionally(error);
            }
        }).join();
        return new Pending(done);
    }
}

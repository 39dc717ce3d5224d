package io.agentsconformance.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A subscriber that stops reading (spec/event-stream.md, "Slow subscribers"): the run goes on at
 * its pace, another subscriber gets everything, the slow one is closed with 4408 once it is more
 * than the buffer behind, and resuming with the afterSequence its close reason names loses nothing.
 * The server's buffer is 16 events here so that a few big events fill the socket and the buffer.
 */
class SlowSubscriberTest {

    private static final String ADA = ServerTestBase.ADA;
    private static final int NODES = 12;
    /** Each answer shows up in several events: a dozen fill any loopback socket's buffers. */
    private static final String BIG_ANSWER = "x".repeat(512 * 1024);
    private static final Pattern RESUME = Pattern.compile("afterSequence=(\\d+)");

    private static HttpServer model;
    /** The gate of the test running now: its model request is held until the test opens it. */
    private static volatile Gate gate = new Gate();
    private static ReferenceServer server;
    private static Api ada;

    /**
     * The model: node "gate" is answered only when the test opens the gate, so the slow
     * subscriber is connected before the big events happen; every other node gets the big answer.
     */
    @BeforeAll
    static void start() throws IOException {
        model = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        model.setExecutor(Executors.newFixedThreadPool(NODES + 2));
        model.createContext("/v1/chat/completions", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String answer = BIG_ANSWER;
            if ("gate".equals(exchange.getRequestHeaders().getFirst("X-Agents-Node-Id"))) {
                Gate current = gate;
                current.asked.countDown();
                try {
                    current.open.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                answer = "open";
            }
            byte[] body = ModelAnswers.text(answer).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        model.start();
        server = ReferenceServer.start(ServerConfig.forTests(
                "http://127.0.0.1:" + model.getAddress().getPort() + "/v1", "--stream-buffer", "16"));
        ada = new Api(server.baseUrl(), ADA);
    }

    @AfterAll
    static void stop() {
        gate.open.countDown();
        server.close();
        model.stop(0);
    }

    @Test
    void aSubscriberThatStopsReadingIsClosedWith4408AndResumesWithNothingLost() throws Exception {
        gate = new Gate();
        String project = ada.createProject(5);
        List<ObjectNode> nodes = new ArrayList<>();
        nodes.add(Api.node("gate", "gate-model"));
        for (int i = 1; i <= NODES; i++) {
            ObjectNode node = Api.node("writer" + i, "writer-model");
            node.putArray("dependsOn").add("gate");
            nodes.add(node);
        }
        String run = ada.startRun(project, ada.createWorkflow(project, nodes.toArray(ObjectNode[]::new)), "Write");
        assertThat(gate.asked.await(10, TimeUnit.SECONDS)).as("the gate node asked the model").isTrue();

        try (RawSubscriber slow = RawSubscriber.open(server.baseUrl(), run)) {
            // Its first frame proves the server subscribed it; from here on it reads nothing.
            assertThat(slow.nextFrame().path("sequence").asLong()).isEqualTo(1);
            java.util.concurrent.CompletableFuture<List<JsonNode>> reader =
                    java.util.concurrent.CompletableFuture.supplyAsync(() -> followToTheEnd(run));
            gate.open.countDown();

            // The run is not slowed by the subscriber that does not read.
            Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                    .until(() -> "COMPLETED".equals(ada.runStatus(project, run)));
            StreamTest.Transcript whole = StreamTest.subscribeAsync(server.baseUrl(), run, "", ADA).transcript(20);
            assertThat(whole.closeCode()).as("the history of a finished run is read at the reader's pace").isEqualTo(1000);
            assertThat(whole.types().get(whole.frames().size() - 1)).isEqualTo("agent.run.completed");
            List<JsonNode> followed = reader.get(20, TimeUnit.SECONDS);
            assertThat(followed.stream().map(f -> f.path("sequence").asLong()).toList())
                    .as("the subscriber that reads (resuming if it too falls behind) gets every event once")
                    .isEqualTo(sequences(1, whole.frames().size()));

            List<Long> slowSequences = new ArrayList<>(List.of(1L));
            JsonNode frame;
            while ((frame = slow.nextFrame()) != null) {
                slowSequences.add(frame.path("sequence").asLong());
            }
            assertThat(slow.closeCode()).as("[WS-08] the close code of the subscriber that stopped reading").isEqualTo(4408);
            Matcher resume = RESUME.matcher(slow.closeReason());
            assertThat(resume.find()).as("[WS-08] close reason '%s' names where to resume", slow.closeReason()).isTrue();
            long after = Long.parseLong(resume.group(1));
            assertThat(slowSequences).as("sequences received before the close").isEqualTo(sequences(1, after));
            assertThat(after).isLessThan(whole.frames().size());

            StreamTest.Transcript rest = StreamTest.subscribeAsync(server.baseUrl(), run, "?afterSequence=" + after, ADA)
                    .transcript(20);
            assertThat(rest.closeCode()).isEqualTo(1000);
            assertThat(sequencesOf(rest)).as("[WS-08] resumed after %d: the rest of the run, nothing lost", after)
                    .isEqualTo(sequences(after + 1, whole.frames().size()));
            assertThat(rest.frames().equals(whole.frames().subList((int) after, whole.frames().size())))
                    .as("the resumed frames are those the other subscriber got").isTrue();
        }
    }

    /**
     * The past is sent before any live event, even when the past is still being written when
     * live events happen: a history of many megabytes stalls in the socket of a subscriber that
     * is not reading, and the run records its last events meanwhile.
     */
    @Test
    void liveEventsWaitForTheWholePastEvenWhenThePastIsStillBeingWritten() throws Exception {
        gate = new Gate();
        String project = ada.createProject(5);
        List<ObjectNode> nodes = new ArrayList<>();
        ObjectNode last = Api.node("gate", "gate-model");
        for (int i = 1; i <= NODES; i++) {
            nodes.add(Api.node("writer" + i, "writer-model"));
            last.withArray("dependsOn").add("writer" + i);
        }
        nodes.add(last);
        String run = ada.startRun(project, ada.createWorkflow(project, nodes.toArray(ObjectNode[]::new)), "Write");
        assertThat(gate.asked.await(20, TimeUnit.SECONDS)).as("the writers finished and the gate asked").isTrue();

        try (RawSubscriber stalled = RawSubscriber.open(server.baseUrl(), run)) {
            assertThat(stalled.nextFrame().path("sequence").asLong()).isEqualTo(1);
            gate.open.countDown();
            Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                    .until(() -> "COMPLETED".equals(ada.runStatus(project, run)));

            List<Long> received = new ArrayList<>(List.of(1L));
            JsonNode frame;
            while ((frame = stalled.nextFrame()) != null) {
                received.add(frame.path("sequence").asLong());
            }
            assertThat(received).as("[WS-02] sequences in the order they arrived, closed with %d '%s'",
                    stalled.closeCode(), stalled.closeReason()).isEqualTo(sequences(1, received.size()));
            if (stalled.closeCode() == CLOSE_TOO_SLOW) {
                Matcher resume = RESUME.matcher(stalled.closeReason());
                assertThat(resume.find() && Long.parseLong(resume.group(1)) == received.size()).isTrue();
            } else {
                assertThat(stalled.closeCode()).isEqualTo(1000);
            }
        }
    }

    /** Holds the gate node's model request until the test opens it. */
    static final class Gate {
        final CountDownLatch asked = new CountDownLatch(1);
        final CountDownLatch open = new CountDownLatch(1);
    }

    /** A reader that keeps up as well as it can, and resumes where it was if it is closed with 4408. */
    private static List<JsonNode> followToTheEnd(String run) {
        List<JsonNode> frames = new ArrayList<>();
        for (int attempt = 0; attempt < 50; attempt++) {
            String after = frames.isEmpty() ? "" : "?afterSequence=" + frames.get(frames.size() - 1).path("sequence").asLong();
            StreamTest.Transcript part;
            try {
                part = StreamTest.subscribeAsync(server.baseUrl(), run, after, ADA).transcript(20);
            } catch (Exception e) {
                throw new IllegalStateException("following run " + run + " after " + frames.size() + " frames", e);
            }
            frames.addAll(part.frames());
            if (part.closeCode() != CLOSE_TOO_SLOW) {
                assertThat(part.closeCode()).as("the reader's stream ends normally").isEqualTo(1000);
                return frames;
            }
        }
        throw new AssertionError("the reader was closed for being slow 50 times");
    }

    private static final int CLOSE_TOO_SLOW = 4408;

    private static List<Long> sequences(long from, long to) {
        return java.util.stream.LongStream.rangeClosed(from, to).boxed().toList();
    }

    private static List<Long> sequencesOf(StreamTest.Transcript transcript) {
        return transcript.frames().stream().map(f -> f.path("sequence").asLong()).toList();
    }

    /** A WebSocket client on a bare socket with a tiny receive buffer, which reads only when told. */
    static final class RawSubscriber implements AutoCloseable {
        private final Socket socket;
        private final DataInputStream in;
        private int closeCode = -1;
        private String closeReason = "";

        private RawSubscriber(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new DataInputStream(socket.getInputStream());
        }

        static RawSubscriber open(String baseUrl, String runId) throws IOException {
            URI base = URI.create(baseUrl);
            Socket socket = new Socket();
            socket.setReceiveBufferSize(4096);
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5000);
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/stream/agents/" + runId + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\nAuthorization: Bearer " + ADA + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            RawSubscriber subscriber = new RawSubscriber(socket);
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                head.append((char) subscriber.in.readUnsignedByte());
            }
            assertThat(head.toString()).startsWith("HTTP/1.1 101");
            return subscriber;
        }

        /** The next text frame, or null once the server closed (then closeCode says how). */
        JsonNode nextFrame() throws IOException {
            java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
            while (true) {
                int first = in.readUnsignedByte();
                int opcode = first & 0x0F;
                long length = in.readUnsignedByte() & 0x7F; // frames from a server are not masked
                if (length == 126) {
                    length = in.readUnsignedShort();
                } else if (length == 127) {
                    length = in.readLong();
                }
                byte[] payload = new byte[(int) length];
                in.readFully(payload);
                if (opcode == 0x8) {
                    closeCode = payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
                    closeReason = payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
                    return null;
                }
                if (opcode == 0x1 || opcode == 0x0) {
                    text.write(payload);
                    if ((first & 0x80) != 0) {
                        return Api.JSON.readTree(text.toByteArray());
                    }
                }
            }
        }

        int closeCode() {
            return closeCode;
        }

        String closeReason() {
            return closeReason;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}

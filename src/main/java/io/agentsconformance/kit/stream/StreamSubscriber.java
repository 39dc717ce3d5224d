package io.agentsconformance.kit.stream;


import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.client.ClientProperties;
import org.glassfish.tyrus.core.HandshakeException;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One subscription to a run's event stream through the Tyrus standalone client, recording a
 * transcript: every frame with the time it arrived, and how the stream ended (close code and
 * reason, or a refused handshake). Every wait on it is bounded; a target that never sends, never
 * closes or sends garbage ends the wait with what was received so far.
 */
public final class StreamSubscriber implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One frame as it arrived. {@code json} is null when the text is not JSON. */
    public record Frame(Instant arrived, String text, JsonNode json) {
        public String type() {
            return json == null ? "(not JSON)" : json.path("type").asText("(no type)");
        }

        public long sequence() {
            return json == null ? -1 : json.path("sequence").asLong(-1);
        }
    }

    /** How a subscription ended, if it has. */
    public record End(Integer closeCode, String reason, Integer refusedStatus, String error) {
        public String describe() {
            if (refusedStatus != null) {
                return "handshake refused with HTTP " + refusedStatus;
            }
            if (closeCode != null) {
                return "closed with " + closeCode + (reason == null || reason.isEmpty() ? "" : " (" + reason + ")");
            }
            return "failed: " + error;
        }
    }

    private final String name;
    private final URI uri;
    private final List<Frame> frames = new ArrayList<>();
    private End end;
    private Session session;

    private StreamSubscriber(String name, URI uri) {
        this.name = name;
        this.uri = uri;
    }

    /**
     * Subscribes; the handshake is bounded by {@code timeout}. A refused handshake is not an
     * exception: it is how this subscription ended, and the contract allows it in some cases.
     *
     * @param authorization the Authorization header to send, or null for none
     */
    public static StreamSubscriber open(String name, URI uri, String authorization, Duration timeout) {
        StreamSubscriber subscriber = new StreamSubscriber(name, uri);
        ClientManager client = ClientManager.createClient();
        client.getProperties().put(ClientProperties.HANDSHAKE_TIMEOUT, (int) timeout.toMillis());
        ClientEndpointConfig config = ClientEndpointConfig.Builder.create()
                .configurator(new ClientEndpointConfig.Configurator() {
                    @Override
                    public void beforeRequest(Map<String, List<String>> headers) {
                        if (authorization != null) {
                            headers.put("Authorization", List.of(authorization));
                        }
                    }
                }).build();
        try {
            subscriber.session = client.connectToServer(subscriber.endpoint(), config, uri);
        } catch (Exception failed) {
            Throwable cause = failed;
            while (cause != null && !(cause instanceof HandshakeException)) {
                cause = cause.getCause();
            }
            synchronized (subscriber) {
                if (subscriber.end == null) {
                    subscriber.end = cause instanceof HandshakeException refused
                            ? new End(null, null, refused.getHttpStatusCode(), null)
                            : new End(null, null, null, failed.toString());
                }
                subscriber.notifyAll();
            }
        }
        return subscriber;
    }

    private Endpoint endpoint() {
        return new Endpoint() {
            @Override
            public void onOpen(Session session, EndpointConfig config) {
                session.setMaxTextMessageBufferSize(16 * 1024 * 1024);
                session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> received(text));
            }

            @Override
            public void onClose(Session session, CloseReason reason) {
                ended(new End(reason.getCloseCode().getCode(), reason.getReasonPhrase(), null, null));
            }

            @Override
            public void onError(Session session, Throwable error) {
                ended(new End(null, null, null, error.toString()));
            }
        };
    }

    private void received(String text) {
        JsonNode json;
        try {
            json = JSON.readTree(text);
        } catch (Exception notJson) {
            json = null;
        }
        synchronized (this) {
            frames.add(new Frame(Instant.now(), text, json));
            notifyAll();
        }
    }

    private synchronized void ended(End how) {
        if (end == null) {
            end = how;
        }
        notifyAll();
    }

    public String name() {
        return name;
    }

    public URI uri() {
        return uri;
    }

    public synchronized List<Frame> frames() {
        return List.copyOf(frames);
    }

    public synchronized End end() {
        return end;
    }

    /** Waits until the stream has ended, at most {@code bound}; answers whether it did. */
    public synchronized boolean awaitEnd(Duration bound) {
        return waitFor(() -> end != null, bound);
    }

    /** Waits until a frame matching {@code what} arrived or the stream ended; answers whether one did. */
    public synchronized boolean awaitFrame(Predicate<Frame> what, Duration bound) {
        waitFor(() -> end != null || frames.stream().anyMatch(what), bound);
        return frames.stream().anyMatch(what);
    }

    private boolean waitFor(java.util.function.BooleanSupplier condition, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!condition.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** One line per frame, for a person: sequence, type, node, short data; then how it ended. */
    public synchronized String transcript() {
        StringBuilder text = new StringBuilder("stream " + name + " (" + uri + ")\n");
        Instant first = frames.isEmpty() ? null : frames.get(0).arrived();
        for (Frame frame : frames) {
            JsonNode data = frame.json() == null ? null : frame.json().path("data");
            String node = data == null ? "" : data.path("nodeId").asText("");
            String brief = frame.json() == null ? frame.text() : data.toString();
            text.append(String.format("%6s  +%5d ms  %-24s %-12s %s%n", frame.sequence(),
                    Duration.between(first, frame.arrived()).toMillis(), frame.type(), node,
                    brief.length() > 100 ? brief.substring(0, 100) + "..." : brief));
        }
        text.append(end == null ? "(still open)" : end.describe()).append('\n');
        return text.toString();
    }

    /** The frames exactly as received, one per line. */
    public synchronized String raw() {
        StringBuilder text = new StringBuilder();
        frames.forEach(frame -> text.append(frame.text()).append('\n'));
        return text.toString();
    }

    @Override
    public void close() {
        Session open = session;
        if (open != null && open.isOpen()) {
            try {
                open.close();
            } catch (Exception ignored) {
                // the transcript already says how it ended
            }
        }
    }
}

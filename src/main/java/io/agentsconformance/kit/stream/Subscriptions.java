package io.agentsconformance.kit.stream;

import io.agentsconformance.kit.report.Evidence;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The stream subscriptions of one scenario (PicoContainer gives each scenario its own): opened
 * against the target's stream URL, closed when the scenario ends, their transcripts attached to
 * its report.
 */
public final class Subscriptions {

    private final List<StreamSubscriber> all = new ArrayList<>();

    /**
     * @param authorization the Authorization header, or null
     * @param query         query string without {@code ?}, or empty
     */
    public StreamSubscriber open(String name, URI streamBase, String runId, String authorization, String query,
            Duration timeout) {
        URI uri = URI.create(streamBase.toString().replaceAll("/$", "") + "/api/stream/agents/"
                + URLEncoder.encode(runId, StandardCharsets.UTF_8).replace("+", "%20")
                + (query == null || query.isEmpty() ? "" : "?" + query));
        StreamSubscriber subscriber = StreamSubscriber.open(name, uri, authorization, timeout);
        all.add(subscriber);
        return subscriber;
    }

    /** The latest subscription. */
    public StreamSubscriber last() {
        if (all.isEmpty()) {
            throw new IllegalStateException("the scenario has not subscribed to a stream yet");
        }
        return all.get(all.size() - 1);
    }

    public List<StreamSubscriber> all() {
        return List.copyOf(all);
    }

    /** Closes every subscription and attaches each transcript, readable and raw. */
    public void finish() {
        for (StreamSubscriber subscriber : all) {
            subscriber.close();
            Evidence.text("stream transcript: " + subscriber.name(), subscriber.transcript());
            Evidence.text("stream frames (raw): " + subscriber.name(), subscriber.raw());
        }
        all.clear();
    }
}

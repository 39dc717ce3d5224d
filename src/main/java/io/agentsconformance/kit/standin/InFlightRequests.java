package io.agentsconformance.kit.standin;


import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ServeEventListener;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Requests the stand-ins received but have not answered yet. WireMock journals a request only once
 * its answer is ready, so without this a model call held open (a run "thinking") would be
 * invisible until it ends.
 */
final class InFlightRequests implements ServeEventListener {

    private final Map<UUID, ServeEvent> inFlight = new ConcurrentHashMap<>();

    @Override
    public String getName() {
        return "in-flight-requests";
    }

    @Override
    public boolean applyGlobally() {
        return true;
    }

    @Override
    public void beforeMatch(ServeEvent event, Parameters parameters) {
        inFlight.put(event.getId(), event);
    }

    @Override
    public void afterComplete(ServeEvent event, Parameters parameters) {
        inFlight.remove(event.getId());
    }

    Collection<ServeEvent> snapshot() {
        return inFlight.values();
    }

    /** Drops what is left of a scenario, e.g. held requests whose client hung up. */
    void forgetProject(String projectId) {
        inFlight.values().removeIf(e -> projectId.equals(StandIns.projectOf(e)));
    }
}

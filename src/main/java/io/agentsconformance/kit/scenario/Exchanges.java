package io.agentsconformance.kit.scenario;

import io.agentsconformance.kit.api.Call;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the scenario sent and got back: the last answer (which "Then" steps judge), a read taken
 * before an action, the answers of requests sent at the same moment, the footprint of Ada's things
 * before a request that must not change them, and an id the scenario invented.
 */
public final class Exchanges {

    private volatile Call lastCall;
    private String inventedId;
    private Call before;
    private List<Call> burst = List.of();
    private Map<String, String> footprint;

    public void lastCall(Call call) {
        this.lastCall = call;
    }

    public Call lastCall() {
        if (lastCall == null) {
            throw new IllegalStateException("no request was made yet in this scenario");
        }
        return lastCall;
    }

    /** A read of what the last action changed, taken just before it: to tell what it changed. */
    public void before(Call read) {
        this.before = read;
    }

    public Call before() {
        if (before == null) {
            throw new IllegalStateException("the scenario read nothing before its action");
        }
        return before;
    }

    /** The answers to requests the scenario sent at the same moment. */
    public void burst(List<Call> calls) {
        this.burst = List.copyOf(calls);
    }

    public List<Call> burst() {
        return burst;
    }

    /** What the scenario could see of Ada's things before a request that must not change them. */
    public void footprint(Map<String, String> footprint) {
        this.footprint = Map.copyOf(footprint);
    }

    public Map<String, String> footprint() {
        if (footprint == null) {
            throw new IllegalStateException("the scenario took no footprint before its request");
        }
        return footprint;
    }

    /** An id nothing on the target has, remembered so that checks can look for it in refusals. */
    public String inventId(String prefix) {
        inventedId = prefix + "_" + UUID.randomUUID();
        return inventedId;
    }

    public String inventedId() {
        if (inventedId == null) {
            throw new IllegalStateException("the scenario has not used an id that does not exist yet");
        }
        return inventedId;
    }
}

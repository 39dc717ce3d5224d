package io.agentsconformance.kit.waiting;

import io.agentsconformance.kit.api.Pages;
import io.agentsconformance.kit.scenario.Created;
import io.agentsconformance.kit.scenario.ProjectRef;
import io.agentsconformance.kit.scenario.Scene;

import io.agentsconformance.kit.api.Call;
import io.agentsconformance.kit.report.Evidence;
import io.agentsconformance.kit.standin.Journal;
import io.agentsconformance.kit.scenario.RunRef;
import org.awaitility.core.ConditionTimeoutException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/**
 * Bounded waits on what the target lets the kit observe: a run's status through the API, and the
 * requests it makes to the stand-ins. Nothing here sleeps for a fixed time; every wait ends at the
 * configured run timeout with a message that says what was awaited and what was seen instead.
 */
public final class Waits {

    private static final Duration POLL = Duration.ofMillis(50);
    public static final Set<String> TERMINAL = Set.of("COMPLETED", "FAILED", "CANCELLED");
    /**
     * Statuses no run leaves on its own: a COMPLETED run resumes, and an INPUT_REQUIRED one goes on,
     * only when a user writes to it.
     */
    private static final Set<String> SETTLED = Set.of("COMPLETED", "FAILED", "CANCELLED", "INPUT_REQUIRED");

    private final Scene scene;
    private final Created created;
    /** Run ids named by requests that turned out to be runs of the project (started some other way). */
    private final Set<String> confirmedRunIds = new java.util.HashSet<>();

    public Waits(Scene scene, Created created) {
        this.scene = scene;
        this.created = created;
    }

    /**
     * Waits until the run's status is one of {@code wanted}; answers the last read. A run that
     * settles in another final status fails at once rather than at the timeout.
     */
    public Call untilStatus(RunRef run, Set<String> wanted) {
        List<String> seen = new ArrayList<>();
        AtomicReference<Call> last = new AtomicReference<>();
        Duration idleBound = scene.config().runTimeout();
        // A run that keeps calling the model and its tools is at work, not hung: it is given time
        // as long as it makes progress (EDGE-1's thousand steps), up to ten times the bound.
        Duration bound = idleBound.multipliedBy(10);
        long started = System.nanoTime();
        long[] lastProgress = {started};
        int[] requests = {scene.standIns().requestCount(run.id())};
        boolean[] idle = {false};
        AtomicReference<String> breach = new AtomicReference<>();
        try {
            await("run '" + run.alias() + "' to be " + wanted)
                    .atMost(bound)
                    .pollInterval(POLL)
                    .until(() -> {
                        if (breached(breach)) {
                            return true;
                        }
                        Call call = run.project().owner().api().pollRun(run.project().id(), run.id());
                        last.set(call);
                        String status = call.status() == 200 ? call.text("$.status") : "HTTP " + call.status();
                        long now = System.nanoTime();
                        if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(status)) {
                            seen.add(status);
                            lastProgress[0] = now;
                        }
                        int made = scene.standIns().requestCount(run.id());
                        if (made != requests[0]) {
                            requests[0] = made;
                            lastProgress[0] = now;
                        }
                        idle[0] = Duration.ofNanos(now - lastProgress[0]).compareTo(idleBound) > 0;
                        return wanted.contains(status) || SETTLED.contains(status) || idle[0];
                    });
        } catch (ConditionTimeoutException e) {
            throw scene.expect().failure("status of run '" + run.alias() + "' within " + human(bound)
                            + ", though it kept making model or tool calls",
                    String.join(" or ", wanted), String.join(" -> ", seen),
                    (last.get() == null ? "" : last.get().describe()) + unscripted());
        }
        failOn(breach, "run '" + run.alias() + "' to be " + String.join(" or ", wanted), String.join(" -> ", seen));
        if (idle[0] && !wanted.contains(last.get().text("$.status"))) {
            throw scene.expect().failure("status of run '" + run.alias() + "' within " + human(idleBound)
                            + " without progress (no new status, no model or tool call)",
                    String.join(" or ", wanted), String.join(" -> ", seen),
                    (last.get() == null ? "" : last.get().describe()) + unscripted());
        }
        if (!wanted.contains(last.get().text("$.status"))) {
            throw scene.expect().failure("status of run '" + run.alias() + "'", String.join(" or ", wanted),
                    String.join(" -> ", seen), last.get().describe() + unscripted());
        }
        Evidence.text("waited for run '" + run.alias() + "' to be " + String.join(" or ", wanted),
                "statuses seen: " + String.join(" -> ", seen) + "\nwaited "
                        + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms\nfinal read: "
                        + last.get().describe());
        return last.get();
    }

    /**
     * Waits until a run that was sent a follow-up has answered it: COMPLETED again, with an
     * agent's {@code assistant} message listed after the follow-up. The message list is what the
     * contract guarantees to change; a finish time need not (RFC 3339 allows whole seconds, and a
     * follow-up can be answered within the second the run first finished).
     */
    public Call untilAnsweredAgain(RunRef run, String followUpId) {
        AtomicReference<Call> last = new AtomicReference<>();
        AtomicReference<String> seen = new AtomicReference<>("no answer");
        Duration bound = scene.config().runTimeout();
        var api = run.project().owner().api();
        AtomicReference<String> breach = new AtomicReference<>();
        try {
            await("run '" + run.alias() + "' to answer again")
                    .atMost(bound)
                    .pollInterval(POLL)
                    .until(() -> {
                        if (breached(breach)) {
                            return true;
                        }
                        Call call = api.pollRun(run.project().id(), run.id());
                        last.set(call);
                        seen.set(call.status() == 200 ? call.text("$.status") : "HTTP " + call.status());
                        if (!"COMPLETED".equals(call.text("$.status"))) {
                            return false;
                        }
                        List<com.fasterxml.jackson.databind.JsonNode> messages = Pages.walk(scene,
                                "messages of run '" + run.alias() + "'", java.util.Map.of(), 100,
                                query -> api.listMessages(run.project().id(), run.id(), query)).items();
                        int followUp = -1;
                        for (int i = 0; i < messages.size(); i++) {
                            if (followUpId.equals(messages.get(i).path("id").asText())) {
                                followUp = i;
                            }
                        }
                        boolean answered = false;
                        for (int i = followUp + 1; followUp >= 0 && i < messages.size(); i++) {
                            answered |= "agent".equals(messages.get(i).path("role").asText())
                                    && "assistant".equals(messages.get(i).path("type").asText());
                        }
                        seen.set("COMPLETED, " + (followUp < 0 ? "the follow-up " + followUpId + " not listed"
                                : "no assistant message after the follow-up (" + (messages.size() - followUp - 1)
                                        + " messages after it)"));
                        return answered;
                    });
        } catch (ConditionTimeoutException e) {
            throw scene.expect().failure("run '" + run.alias() + "' after a follow-up, within " + human(bound),
                    "COMPLETED again, with an agent/assistant message listed after the follow-up " + followUpId,
                    seen.get(), (last.get() == null ? "" : last.get().describe()) + unscripted());
        }
        failOn(breach, "run '" + run.alias() + "' to answer a follow-up", seen.get());
        return last.get();
    }

    /**
     * Watches the stand-ins for the quiet period and fails as soon as a request matching
     * {@code forbidden} shows up: how the kit observes that something does not happen.
     */
    public void quietFor(String description, Predicate<Journal.Exchange> forbidden) {
        Duration quiet = scene.config().quietPeriod();
        AtomicReference<List<Journal.Exchange>> seen = new AtomicReference<>(List.of());
        try {
            await(description)
                    .during(quiet)
                    .atMost(quiet.plusSeconds(2))
                    .pollInterval(POLL)
                    .until(() -> {
                        seen.set(created.journal().select(forbidden));
                        return seen.get().isEmpty();
                    });
        } catch (ConditionTimeoutException e) {
            Journal.Exchange first = seen.get().get(0);
            throw scene.expect().failure(description + " (watched for " + human(quiet) + ")", "no such request",
                    seen.get().size() + " request(s), the first a " + first.surface() + " request of node '"
                            + first.nodeId() + "' at " + first.at(), first.url() + " " + first.body());
        }
    }

    /**
     * Waits until the run is RUNNING and already waiting for the model of {@code node} (any node
     * when null): a run really in the middle of its work.
     */
    public void untilThinking(RunRef run, String node) {
        untilStatus(run, Set.of("RUNNING"));
        untilJournal("a model request of " + (node == null ? "" : "node '" + node + "' in ") + "run '" + run.alias() + "'",
                journal -> !journal.select(e -> run.id().equals(e.runId()) && "model".equals(e.surface())
                        && (node == null || node.equals(e.nodeId()))).isEmpty(), run);
    }

    /** Waits until the target has sent the stand-ins a request matching {@code what}. */
    public Journal untilJournal(String description, Predicate<Journal> what) {
        return untilJournal(description, what, null);
    }

    /**
     * Waits until the target has sent the stand-ins a request matching {@code what} for
     * {@code run}; a run that ends meanwhile will send nothing more, so the wait ends at once.
     */
    public Journal untilJournal(String description, Predicate<Journal> what, RunRef run) {
        AtomicReference<Journal> last = new AtomicReference<>();
        AtomicReference<String> breach = new AtomicReference<>();
        AtomicReference<Call> ended = new AtomicReference<>();
        Duration bound = scene.config().runTimeout();
        try {
            await(description)
                    .atMost(bound)
                    .pollInterval(POLL)
                    .until(() -> {
                        if (breached(breach)) {
                            return true;
                        }
                        Journal journal = created.journal();
                        last.set(journal);
                        if (what.test(journal)) {
                            return true;
                        }
                        if (run != null) {
                            Call read = run.project().owner().api().pollRun(run.project().id(), run.id());
                            if (read.status() == 200 && TERMINAL.contains(read.text("$.status"))
                                    // read the journal once more: the request may have come just before the end
                                    && !what.test(created.journal())) {
                                ended.set(read);
                                return true;
                            }
                        }
                        return false;
                    });
        } catch (ConditionTimeoutException e) {
            Journal journal = last.get();
            throw scene.expect().failure(description + " within " + human(bound), "such a request",
                    journal == null ? "no request" : journal.all().size() + " other requests", unscripted());
        }
        failOn(breach, description, last.get() == null ? "no request" : last.get().all().size() + " requests");
        if (ended.get() != null) {
            throw scene.expect().failure(description, "such a request while the run is at work",
                    "none, and the run ended " + ended.get().text("$.status")
                            + (ended.get().at("$.error").isObject() ? " with error " + ended.get().at("$.error") : ""),
                    ended.get().describe() + unscripted());
        }
        return last.get();
    }

    /**
     * Whether the stand-ins got a request for this scenario that the kit cannot play its part for
     * (spec/llm-and-tools.md): a wait that goes on would only run to its bound, and the suite with
     * it, so the wait ends at once and says why.
     */
    private boolean breached(AtomicReference<String> breach) {
        List<String> found = scene.standIns().breaches(created.projectIds(), scene.began());
        if (found.isEmpty()) {
            found = wrongRunIds();
        }
        if (found.isEmpty()) {
            return false;
        }
        breach.set(found.get(0) + (found.size() > 1 ? "\n  and " + (found.size() - 1) + " more such request(s)" : ""));
        return true;
    }

    /** Requests whose {@code X-Agents-Run-Id} names no run of their project. */
    private List<String> wrongRunIds() {
        List<String> wrong = new ArrayList<>();
        Set<String> known = new java.util.HashSet<>(confirmedRunIds);
        created.runs().forEach(r -> known.add(r.id()));
        for (ProjectRef project : created.projectRefs()) {
            Set<String> unknown = new java.util.TreeSet<>(scene.standIns().runIdsSeen(project.id()));
            unknown.removeAll(known);
            if (unknown.isEmpty()) {
                continue;
            }
            // A run the scenario did not start through the kit (or has not recorded yet) is still a run:
            // only an id the target itself does not list is wrong.
            Call runs = project.owner().api().listRuns(project.id(), java.util.Map.of("limit", 100));
            runs.at("$.items").forEach(item -> confirmedRunIds.add(item.path("id").asText()));
            unknown.removeAll(confirmedRunIds);
            for (String id : unknown) {
                wrong.add("model or tool requests of project " + project.id() + " carry X-Agents-Run-Id '" + id
                        + "', which names no run of that project (spec/llm-and-tools.md, Correlation headers: the run id)");
            }
        }
        return wrong;
    }

    private void failOn(AtomicReference<String> breach, String awaited, String seen) {
        if (breach.get() != null) {
            throw scene.expect().failure("the model and tool requests the target made while the kit waited for " + awaited,
                    "requests the kit can attribute and answer (spec/llm-and-tools.md)", breach.get(),
                    "seen so far: " + seen);
        }
    }

    public static String human(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }

    /** Requests of this scenario that no script answered, if any: usually why a run went wrong. */
    public String unscripted() {
        List<String> unscripted = created.journal().unscripted();
        return unscripted.isEmpty() ? "" : "\n  The stand-ins got requests no script answered:\n  - "
                + String.join("\n  - ", unscripted);
    }
}

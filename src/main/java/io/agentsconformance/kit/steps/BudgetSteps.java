package io.agentsconformance.kit.steps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentsconformance.kit.api.Call;
import io.agentsconformance.kit.load.Arrivals;
import io.agentsconformance.kit.load.LoadClient;
import io.agentsconformance.kit.load.LoadDriver;
import io.agentsconformance.kit.load.Paced;
import io.agentsconformance.kit.load.RunWatch;
import io.agentsconformance.kit.measure.Budget;
import io.agentsconformance.kit.measure.Distribution;
import io.agentsconformance.kit.scenario.Actor;
import io.agentsconformance.kit.scenario.Cast;
import io.agentsconformance.kit.scenario.Created;
import io.agentsconformance.kit.scenario.Load;
import io.agentsconformance.kit.scenario.RunRef;
import io.agentsconformance.kit.scenario.Scene;
import io.agentsconformance.kit.standin.Journal.Exchange;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The performance cases (PERF-01 to PERF-05): time budgets stated against floors measured in the
 * same run (spec/README.md, "Load and time budgets"), and a tool result of over 1 MB.
 */
public final class BudgetSteps {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** What a clearly truncated result keeps at least (spec/README.md, PERF-02). */
    private static final int KEPT_AT_LEAST = 64 * 1024;

    private final Scene scene;
    private final Cast cast;
    private final Created created;
    private final Load load;
    private final LoadDriver driver;
    private final List<Distribution> reads = new ArrayList<>();
    /** The runs a "timing" step ran, and their observed times, in the order they were started. */
    private final List<Map.Entry<RunRef, Duration>> timed = new ArrayList<>();

    public BudgetSteps(Scene scene, Cast cast, Created created, Load load, LoadDriver driver) {
        this.scene = scene;
        this.cast = cast;
        this.created = created;
        this.load = load;
        this.driver = driver;
    }

    @When("{actor} starts the configured number of runs of {string} at once, reading their state the configured number of times meanwhile")
    public void startManyAndRead(Actor actor, String name) {
        load.floor(actor);
        driver.warmUp(actor, created.workflow(name));
        List<Load.Started> started = driver.startAtOnce(actor, created.workflow(name), scene.config().workload().runs(), name);
        int count = scene.config().workload().reads();
        // Spread over the time the runs are scripted to take, so the reads meet the runs at work.
        Duration window = driver.latency().multipliedBy(driver.callsOf(name));
        LoadClient client = load.client(actor);
        Distribution runReads = load.measured(new Distribution("reads of run state during load"));
        Distribution health = load.measured(new Distribution("floor under load: GET /api/health beside each read"));
        List<CompletableFuture<LoadClient.Exchange>> answers = Paced.play(load.timer(),
                Arrivals.steady(count, window.dividedBy(count)), (arrival, planned) -> {
                    RunRef run = started.get(arrival.index() % started.size()).run();
                    CompletableFuture<LoadClient.Exchange> bare = client.send("bare round trip", "GET", "/api/health", null,
                            planned);
                    CompletableFuture<LoadClient.Exchange> read = client.send("read " + run.alias(), "GET",
                            "/api/projects/" + run.project().id() + "/agent-runs/" + run.id(), null, planned);
                    return bare.thenCombine(read, (b, r) -> {
                        health.record(b.latency());
                        runReads.record(r.latency());
                        return r;
                    });
                });
        for (CompletableFuture<LoadClient.Exchange> answer : answers) {
            LoadClient.Exchange read = answer.orTimeout(scene.config().runTimeout().toMillis(), TimeUnit.MILLISECONDS).join();
            scene.expect().thatSeen(read.status() == 200, "status of '" + read.label() + "' during load", "200",
                    read.answered() ? read.status() : read.error(), read.describe());
        }
        reads.add(runReads);
        reads.add(health);
    }

    @Then("the reads' p95 stays within the budget of the bare round trips measured beside them")
    public void readsWithinBudget() {
        Actor ada = cast.actor("Ada");
        Distribution runReads = reads.get(0);
        Distribution health = reads.get(1);
        int k = scene.config().workload().readScale();
        Duration a = scene.config().budgetAllowance();
        Budget budget = new Budget("reading run state during load (" + runReads.count() + " reads)",
                health.p95().multipliedBy(k).plus(a), "read scale " + k + " x F_load " + Distribution.ms(health.p95())
                        + " (p95 of the bare round trips beside the reads) + A " + Distribution.ms(a));
        List<String> context = new ArrayList<>();
        context.add(health.summary());
        context.addAll(driver.context(ada));
        budget.check(scene.expect(), "p95", runReads.p95(), runReads, context);
        driver.noBreaches(ada);
    }

    @When("{actor} runs {string} once, timing it")
    public void runOnce(Actor actor, String name) {
        runAtOnce(actor, name, 1);
    }

    @When("{actor} runs {string} {int} times at once, timing them")
    public void runAtOnce(Actor actor, String name, int times) {
        load.floor(actor);
        timed.clear();
        driver.warmUp(actor, created.workflow(name));
        List<Load.Started> started = driver.startAtOnce(actor, created.workflow(name), times, name);
        record(started);
    }

    @When("{actor} runs {string} the configured number of times, one after another")
    public void runRepeatedly(Actor actor, String name) {
        load.floor(actor);
        timed.clear();
        driver.warmUp(actor, created.workflow(name));
        for (int i = 0; i < scene.config().workload().repeats(); i++) {
            record(driver.startAtOnce(actor, created.workflow(name), 1, name + " #" + (i + 1)));
        }
    }

    /** Waits for the runs (bounded) and keeps each one's observed time. */
    private void record(List<Load.Started> started) {
        Map<String, RunWatch.Outcome> outcomes = driver.outcomes(started);
        for (Load.Started run : started) {
            RunWatch.Outcome outcome = outcomes.get(run.run().id());
            scene.expect().thatSeen("COMPLETED".equals(outcome.status()), "status of " + run.run().alias(), "COMPLETED",
                    outcome.status(), String.valueOf(outcome.run()));
            timed.add(Map.entry(run.run(), Duration.ofNanos(outcome.seenNanos() - run.sentNanos())));
        }
    }

    private Distribution timedDistribution(String name) {
        Distribution times = load.measured(new Distribution(name));
        timed.forEach(t -> times.record(t.getValue()));
        return times;
    }

    @Then("the run's time stays within the scripted latency of its {int} call(s) plus the overhead budget")
    public void withinOverhead(int calls) {
        within(calls, 0, null, null);
    }

    @Then("the run's time stays within the scripted latency of its {int} call(s) plus the overhead budget, and seed 001's ceiling for {}")
    public void withinCeiling(int calls, String kind) {
        var config = scene.config().workload();
        switch (kind) {
            case "a simple run" -> within(calls, 0, config.simpleCeiling(), "seed 001's ceiling of a simple run (agents.budget.simple)");
            case "a complex run" -> within(calls, 0, config.complexCeiling(), "seed 001's ceiling of a complex run (agents.budget.complex)");
            default -> throw new IllegalArgumentException("the kit knows no ceiling for " + kind);
        }
    }

    @Then("each run's time stays within the scripted latency of its {int} call(s) plus the overhead budget, and seed 001's ceiling for 3 runs at once")
    public void eachWithinCeiling(int calls) {
        within(calls, 1, scene.config().workload().concurrentCeiling(),
                "seed 001's ceiling of each of 3 runs at once (agents.budget.concurrent)");
    }

    private void within(int calls, int extraAllowances, Duration ceiling, String ceilingName) {
        Actor ada = cast.actor("Ada");
        Distribution times = timedDistribution("observed run time (" + timed.size() + " run(s))");
        Budget budget = driver.runBudget("the observed time of " + (timed.size() == 1 ? "the run" : "each of "
                + timed.size() + " runs at once"), ada, calls, 1, extraAllowances);
        if (ceiling != null) {
            budget = budget.cappedAt(ceiling, ceilingName);
        }
        budget.check(scene.expect(), timed.size() == 1 ? "time" : "max", times.max(), times, driver.context(ada));
        driver.noBreaches(ada);
    }

    @Then("every run made the same steps, in the same order, of the same kinds")
    public void sameStructure() {
        List<String> first = null;
        RunRef firstRun = null;
        for (var entry : timed) {
            RunRef run = entry.getKey();
            Call steps = run.project().owner().api().listSteps(run.project().id(), run.id(), Map.of("limit", 100));
            scene.expect().status("listing the steps of " + run.alias(), steps, 200);
            List<String> shape = new ArrayList<>();
            for (JsonNode step : steps.at("$.items")) {
                shape.add(step.path("stepNumber").asText() + " " + step.path("kind").asText() + " "
                        + step.path("name").asText() + " of node " + step.path("nodeId").asText() + " "
                        + step.path("status").asText());
            }
            if (first == null) {
                first = shape;
                firstRun = run;
            } else {
                scene.expect().equal("the steps of " + run.alias() + ", against those of " + firstRun.alias(), first,
                        shape, steps);
            }
        }
    }

    @Then("the runs' times have a p95 within the spread budget of their p50")
    public void spreadWithinBudget() {
        Actor ada = cast.actor("Ada");
        Distribution times = timedDistribution("observed run time of " + timed.size() + " runs, one after another");
        double spread = scene.config().workload().spread();
        Duration a = scene.config().budgetAllowance();
        Duration limit = Duration.ofNanos((long) (times.p50().toNanos() * spread)).plus(a);
        new Budget("the timing spread of " + timed.size() + " runs of one workflow", limit,
                "spread " + spread + " x p50 " + Distribution.ms(times.p50()) + " + A " + Distribution.ms(a))
                .check(scene.expect(), "p95", times.p95(), times, driver.context(ada));
    }

    @Then("the {string} tool's answer is kept in the run's steps and messages, whole or clearly truncated")
    public void keptWholeOrTruncated(String tool) {
        RunRef run = created.run();
        List<Exchange> calls = created.journal().toolRequests(run.id(), tool);
        scene.expect().equalSeen("requests to tool '" + tool + "'", 1, calls.size(), AttemptSteps.describe(calls));
        JsonNode produced = calls.get(0).response();
        var api = run.project().owner().api();
        Call steps = api.listSteps(run.project().id(), run.id(), Map.of());
        scene.expect().status("listing the steps of the finished run", steps, 200);
        JsonNode step = null;
        for (JsonNode s : steps.at("$.items")) {
            if ("TOOL".equals(s.path("kind").asText()) && tool.equals(s.path("name").asText())) {
                step = s;
            }
        }
        scene.expect().that(step != null, "$.items[] of the steps", "a TOOL step of '" + tool + "'", steps.at("$.items"), steps);
        kept(produced, step.path("output"), "$.items[].output of the TOOL step of '" + tool + "'", steps);
        Call messages = api.listMessages(run.project().id(), run.id(), Map.of("type", "tool_result"));
        scene.expect().status("listing the tool results of the finished run", messages, 200);
        kept(produced, messages.at("$.items").path(0).path("content"), "$.items[0].content of the tool_result message",
                messages);
    }

    private void kept(JsonNode produced, JsonNode readBack, String where, Call evidence) {
        String text = readBack.isTextual() ? readBack.asText() : "";
        boolean whole;
        try {
            whole = JSON.readTree(text).equals(produced);
        } catch (com.fasterxml.jackson.core.JsonProcessingException notJson) {
            whole = text.equals(produced.asText());
        }
        boolean truncated = text.length() >= KEPT_AT_LEAST && text.toLowerCase(java.util.Locale.ROOT).contains("truncated");
        scene.expect().that(whole || truncated, where, "the tool's answer of " + produced.toString().length()
                        + " characters, whole, or clearly truncated (at least " + KEPT_AT_LEAST
                        + " characters kept and the word 'truncated')",
                text.length() + " characters, neither", evidence);
    }
}

package io.agentsconformance.kit.load;

import io.agentsconformance.kit.fixtures.Fixtures;
import io.agentsconformance.kit.measure.Budget;
import io.agentsconformance.kit.measure.Distribution;
import io.agentsconformance.kit.scenario.Actor;
import io.agentsconformance.kit.scenario.Created;
import io.agentsconformance.kit.scenario.Load;
import io.agentsconformance.kit.scenario.ProjectRef;
import io.agentsconformance.kit.scenario.RunRef;
import io.agentsconformance.kit.scenario.Scene;
import io.agentsconformance.kit.scenario.WorkflowRef;
import io.agentsconformance.kit.standin.Answer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the CONC and PERF steps share: workflows whose every call takes the scripted latency and
 * whose answers name their run, runs started together through the concurrent client and watched
 * to their end together, and the budgets of spec/README.md "Load and time budgets" worked out
 * from the floor. Given to the steps by PicoContainer, one per scenario.
 */
public final class LoadDriver {

    /** What every run of a load workflow answers: only that run could have been given it. */
    public static final String OUTPUT = "Answer for run ";

    private final Scene scene;
    private final Created created;
    private final Fixtures fixtures;
    private final Load load;
    /** Model and tool calls one after another in a run of each workflow: C of the budgets. */
    private final Map<String, Integer> callsOf = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<RunWatch.Outcome>> watched = new LinkedHashMap<>();
    private final Map<String, RunWatch> watches = new ConcurrentHashMap<>();
    private Distribution beside;

    public LoadDriver(Scene scene, Created created, Fixtures fixtures, Load load) {
        this.scene = scene;
        this.created = created;
        this.fixtures = fixtures;
        this.load = load;
    }

    public Duration latency() {
        return scene.config().workload().modelLatency();
    }

    /** The expected output of a run of a load workflow. */
    public static String outputOf(String runId) {
        return OUTPUT + runId;
    }

    /** A one-agent workflow whose model answers each run, after L, with the run's own id. */
    public WorkflowRef echoWorkflow(ProjectRef project, String name) {
        String node = Fixtures.nodeId(name);
        fixtures.scriptModel(project, node, List.of(Answer.textNamingRun(OUTPUT + Answer.RUN_ID).after(latency())));
        callsOf.put(name, 1);
        return fixtures.createWorkflow(project, name, List.of(fixtures.agentNode(project, node)));
    }

    /** The same, answering only once the scenario lets the agents answer. */
    public WorkflowRef heldEchoWorkflow(ProjectRef project, String name) {
        String node = Fixtures.nodeId(name);
        fixtures.scriptModel(project, node, List.of(Answer.heldUntilReleased(scene.gate(node),
                scene.config().runTimeout().multipliedBy(2), Answer.textNamingRun(OUTPUT + Answer.RUN_ID))));
        callsOf.put(name, 1);
        return fixtures.createWorkflow(project, name, List.of(fixtures.agentNode(project, node)));
    }

    /** One node that consults {@code tool} {@code times} times, one call per answer; every call takes L. */
    public Map<String, Object> consultingNode(ProjectRef project, String node, String tool, int times) {
        Map<String, Object> spec = fixtures.toolUsingNode(project, node, tool, Math.max(times, 1));
        List<Answer> script = new ArrayList<>();
        for (Answer answer : Fixtures.consultations(node, tool, times, "unused").subList(0, times)) {
            script.add(answer.after(latency()));
        }
        script.add(Answer.textNamingRun(OUTPUT + Answer.RUN_ID).after(latency()));
        fixtures.scriptModel(project, node, script);
        fixtures.scriptTool(project, tool, List.of(
                Answer.jsonNamingRun("{\"entry\": \"" + tool + " entry for run " + Answer.RUN_ID + "\"}").after(latency())));
        return spec;
    }

    public WorkflowRef consultingWorkflow(ProjectRef project, String name, String tool, int times) {
        Map<String, Object> node = consultingNode(project, Fixtures.nodeId(name), tool, times);
        callsOf.put(name, 2 * times + 1);
        return fixtures.createWorkflow(project, name, List.of(node));
    }

    /** Two nodes, the second after the first, each: model, tool, model. */
    public WorkflowRef dependentWorkflow(ProjectRef project, String name, String tool) {
        Map<String, Object> first = consultingNode(project, "gather", tool, 1);
        Map<String, Object> second = consultingNode(project, "report", tool, 1);
        second.put("dependsOn", List.of("gather"));
        callsOf.put(name, 6);
        return fixtures.createWorkflow(project, name, List.of(first, second));
    }

    public void calls(String workflow, int calls) {
        callsOf.put(workflow, calls);
    }

    public int callsOf(String workflow) {
        Integer calls = callsOf.get(workflow);
        if (calls == null) {
            throw new IllegalStateException("the scenario made no timed workflow called '" + workflow + "'");
        }
        return calls;
    }

    /**
     * Starts {@code count} runs of {@code workflow} at the same moment through the concurrent client;
     * each must be answered 201. Each run is watched to its end from the moment it is created, and
     * the project's RUNNING runs are sampled meanwhile.
     */
    public List<Load.Started> startAtOnce(Actor actor, WorkflowRef workflow, int count, String aliasPrefix) {
        List<Arrivals.Arrival> burst = Arrivals.burst(count);
        return start(actor, workflow, burst, aliasPrefix, null);
    }

    /**
     * Starts a run at each arrival; {@code afterStart}, when given, is sent for each run as soon as
     * its start is answered (CONC-05 reads each run as it starts).
     */
    public List<Load.Started> start(Actor actor, WorkflowRef workflow, List<Arrivals.Arrival> arrivals,
            String aliasPrefix, java.util.function.Function<RunRef, CompletableFuture<LoadClient.Exchange>> afterStart) {
        LoadClient client = load.client(actor);
        String projectId = workflow.project().id();
        List<CompletableFuture<Load.Started>> futures = Paced.play(load.timer(), arrivals, (arrival, planned) -> {
            String query = "Question " + arrival.label() + " of " + scene.uniqueName(aliasPrefix);
            return client.send("start " + arrival.label(), "POST", "/api/projects/" + projectId + "/agent-runs",
                    Map.of("workflowId", workflow.id(), "inputQuery", query), planned).thenCompose(answer -> {
                        scene.expect().thatSeen(answer.answered() && answer.status() == 201 && answer.text("$.id") != null,
                                "the start of run " + arrival.label() + " of '" + workflow.name() + "'" + replay(),
                                "201 with the run", answer.describe(), "");
                        RunRef run = new RunRef(aliasPrefix + " " + arrival.label(), answer.text("$.id"),
                                workflow.project(), workflow, query);
                        created.addRun(run);
                        Load.Started started = new Load.Started(run, answer.sentNanos(), outputOf(run.id()), answer);
                        load.started(started);
                        watch(actor, run);
                        return afterStart == null ? CompletableFuture.completedFuture(started)
                                : afterStart.apply(run).thenApply(read -> {
                                    load.afterStart(run, read);
                                    return started;
                                });
                    });
        });
        try {
            List<Load.Started> started = new ArrayList<>();
            for (CompletableFuture<Load.Started> f : futures) {
                started.add(f.orTimeout(scene.config().runTimeout().toMillis(), TimeUnit.MILLISECONDS).join());
            }
            return started;
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof AssertionError failure) {
                throw failure;
            }
            throw scene.expect().failure("the starts of runs of '" + workflow.name() + "'" + replay(),
                    "an answer to every start within " + scene.config().runTimeout().toSeconds() + " s",
                    String.valueOf(e.getCause()), "");
        }
    }

    /**
     * One run of {@code workflow} before anything is timed, waited for to its end: the target's
     * first-use costs (class loading, compilation, connection pools) are not what a budget measures
     * (spec/README.md, "Load and time budgets"). It must complete like any other run.
     */
    public void warmUp(Actor actor, WorkflowRef workflow) {
        LoadClient.Exchange answer = load.client(actor).call("warm-up start", "POST",
                "/api/projects/" + workflow.project().id() + "/agent-runs",
                Map.of("workflowId", workflow.id(), "inputQuery", "Warm-up of " + scene.uniqueName(workflow.name())));
        scene.expect().thatSeen(answer.answered() && answer.status() == 201 && answer.text("$.id") != null,
                "the start of the warm-up run of '" + workflow.name() + "'", "201 with the run", answer.describe(), "");
        RunRef run = new RunRef("warm-up of " + workflow.name(), answer.text("$.id"), workflow.project(), workflow,
                "Warm-up of " + scene.uniqueName(workflow.name()));
        created.addRun(run);
        RunWatch.Outcome outcome = watchOf(actor, run).watch(run.id())
                .orTimeout(scene.config().runTimeout().multipliedBy(10).toMillis() + 10_000, TimeUnit.MILLISECONDS).join();
        scene.expect().thatSeen("COMPLETED".equals(outcome.status()), "status of the warm-up run of '"
                + workflow.name() + "'", "COMPLETED", outcome.status(), String.valueOf(outcome.run()));
    }

    private RunWatch watchOf(Actor actor, RunRef run) {
        return watches.computeIfAbsent(run.project().id(), id -> new RunWatch(load.client(actor), load.timer(),
                id, scene.config().runTimeout(), scene.standIns()::requestCount, beside()));
    }

    private void watch(Actor actor, RunRef run) {
        RunWatch watch = watchOf(actor, run);
        synchronized (watched) {
            watched.put(run.id(), watch.watch(run.id()));
        }
    }

    /** The bare round trips sent beside the listings while runs were watched: W is their longest. */
    public synchronized Distribution beside() {
        if (beside == null) {
            beside = load.measured(new Distribution("bare round trips GET /api/health beside the runs, every "
                    + RunWatch.POLL.toMillis() + " ms"));
        }
        return beside;
    }

    /** The most runs the project listed RUNNING at once while its runs were watched. */
    public int maxRunning(ProjectRef project) {
        RunWatch watch = watches.get(project.id());
        return watch == null ? 0 : watch.mostRunning();
    }

    /** The listing that showed the most RUNNING runs. */
    public String maxRunningSeen(ProjectRef project) {
        RunWatch watch = watches.get(project.id());
        return watch == null ? "" : String.valueOf(watch.mostRunningSeen());
    }

    /** How the given runs ended (bounded wait), by run id. */
    public Map<String, RunWatch.Outcome> outcomes(List<Load.Started> runs) {
        Map<String, RunWatch.Outcome> outcomes = new LinkedHashMap<>();
        for (Load.Started started : runs) {
            CompletableFuture<RunWatch.Outcome> f;
            synchronized (watched) {
                f = watched.get(started.run().id());
            }
            long bound = scene.config().runTimeout().multipliedBy(10).toMillis() + 10_000;
            RunWatch.Outcome outcome;
            try {
                outcome = f.orTimeout(bound, TimeUnit.MILLISECONDS).join();
            } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
                // The watch ends every run by its own bound; getting here is the kit's defect, said as such.
                throw scene.expect().failure("the kit's watch of run " + started.run().id() + replay(),
                        "an outcome within " + bound / 1000 + " s (the watch's own bound is shorter)",
                        String.valueOf(e.getCause() == null ? e : e.getCause()), "");
            }
            outcomes.put(outcome.runId(), outcome);
        }
        return outcomes;
    }

    /** Waits (bounded) until every watched run is final; every run must be COMPLETED. */
    public Map<String, RunWatch.Outcome> everyRunCompleted() {
        Map<String, RunWatch.Outcome> outcomes = outcomes(load.started());
        List<String> wrong = outcomes.values().stream().filter(o -> !"COMPLETED".equals(o.status()))
                .map(o -> o.runId() + " " + (o.finished() ? o.status() : "still " + o.status() + " after "
                        + scene.config().runTimeout().toSeconds() + " s") + ": " + (o.run() == null ? o.evidence() : o.run()))
                .toList();
        long completed = outcomes.size() - wrong.size();
        scene.expect().thatSeen(wrong.isEmpty() && !outcomes.isEmpty(), "runs COMPLETED" + replay(),
                "all " + outcomes.size(), completed + " of " + outcomes.size(), String.join("\n  ", wrong));
        return outcomes;
    }

    /** Every run's outputSummary is what the model answered that run (its own run id). */
    public void everyOutputOwn(Map<String, RunWatch.Outcome> outcomes) {
        List<String> mixed = new ArrayList<>();
        for (RunWatch.Outcome outcome : outcomes.values()) {
            String output = outcome.outputSummary();
            if (!outputOf(outcome.runId()).equals(output)) {
                mixed.add("run " + outcome.runId() + ": outputSummary \"" + output + "\"");
            }
        }
        scene.expect().thatSeen(mixed.isEmpty(), "outputs of the " + outcomes.size() + " runs" + replay(),
                "each run's own answer, \"" + OUTPUT + "<its id>\"", mixed.size() + " not their own",
                String.join("\n  ", mixed));
    }

    /** Each run's observed time: from its start request to the first read showing it final. */
    public Distribution runTimes(String name, Map<String, RunWatch.Outcome> outcomes) {
        Distribution times = load.measured(new Distribution(name));
        for (Load.Started started : load.started()) {
            RunWatch.Outcome outcome = outcomes.get(started.run().id());
            if (outcome != null) {
                times.recordNanos(outcome.seenNanos() - started.sentNanos());
            }
        }
        return times;
    }

    /** The floor F: the median bare round trip of this scenario. */
    public Duration floor(Actor actor) {
        return load.floor(actor).p50();
    }

    /** {@code S + C x k x F + A}, times {@code waves}, plus {@code extraAllowances} more A. */
    public Budget runBudget(String what, Actor actor, int calls, int waves, int extraAllowances) {
        Duration f = floor(actor);
        int k = scene.config().budgetFloorScale();
        Duration a = scene.config().budgetAllowance();
        Duration perRun = latency().multipliedBy(calls).plus(f.multipliedBy((long) k * calls));
        Duration w = beside().max();
        Duration limit = perRun.multipliedBy(waves).plus(a.multipliedBy(1 + extraAllowances)).plus(w);
        String formula = (waves == 1 ? "" : waves + " x (") + "S " + Distribution.ms(latency().multipliedBy(calls))
                + " (" + calls + " calls x L " + Distribution.ms(latency()) + ") + " + calls + " x k " + k + " x F "
                + Distribution.ms(f) + (waves == 1 ? "" : ")") + " + " + (1 + extraAllowances) + " x A " + Distribution.ms(a)
                + " + W " + Distribution.ms(w) + " (the longest bare round trip beside the runs)";
        return new Budget(what, limit, formula);
    }

    /** The figures every budget failure shows beside the measured distribution. */
    public List<String> context(Actor actor) {
        List<String> lines = new ArrayList<>();
        lines.add(load.floor(actor).summary());
        lines.add(beside().summary());
        lines.addAll(load.client(actor).kitFigures());
        return lines;
    }

    /** Contract breaches of the load's answers fail the scenario like any other. */
    public void noBreaches(Actor actor) {
        List<String> breaches = load.client(actor).breaches();
        scene.expect().thatSeen(breaches.isEmpty(), "answers of the load against spec/openapi.yaml",
                "what spec/openapi.yaml documents", breaches.size() + " breach(es)", String.join("\n  ", breaches));
    }

    /** For failures of a workload with random arrivals: how to replay it. */
    public String replay() {
        return load.seed().map(seed -> " (random arrivals from seed " + seed + "; replay with -Dagents.load.seed="
                + seed + ")").orElse("");
    }

    public Load load() {
        return load;
    }

    static <T> T last(AtomicReference<T> ref) {
        return ref.get();
    }
}

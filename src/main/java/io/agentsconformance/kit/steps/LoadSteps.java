package io.agentsconformance.kit.steps;

import io.agentsconformance.kit.api.Call;
import io.agentsconformance.kit.fixtures.Fixtures;
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
import io.agentsconformance.kit.scenario.ProjectRef;
import io.agentsconformance.kit.scenario.RunRef;
import io.agentsconformance.kit.scenario.Scene;
import io.agentsconformance.kit.scenario.WorkflowRef;
import io.agentsconformance.kit.standin.Answer;
import io.agentsconformance.kit.stream.StreamSubscriber;
import io.agentsconformance.kit.stream.Subscriptions;
import io.agentsconformance.kit.waiting.Waits;
import io.cucumber.java.After;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The concurrency cases (CONC-01 to CONC-06): many runs and two users at once, driven through the
 * kit's concurrent client (kit/load), judged on every answer, 100%.
 */
public final class LoadSteps {

    private static final String INTRUSION = "Let me in";

    private final Scene scene;
    private final Cast cast;
    private final Created created;
    private final Fixtures fixtures;
    private final Waits waits;
    private final Load load;
    private final LoadDriver driver;
    private final Subscriptions subscriptions;
    private final Map<String, List<LoadClient.Exchange>> intrusions = new LinkedHashMap<>();
    private final Map<String, StreamSubscriber> intrudingStreams = new LinkedHashMap<>();
    private final List<Race> races = new ArrayList<>();

    /** One race of CONC-04: the run, and the answers to the four requests sent with it. */
    private record Race(RunRef run, LoadClient.Exchange cancel, LoadClient.Exchange append, LoadClient.Exchange read,
            LoadClient.Exchange health) { }

    public LoadSteps(Scene scene, Cast cast, Created created, Fixtures fixtures, Waits waits, Load load,
            LoadDriver driver, Subscriptions subscriptions) {
        this.scene = scene;
        this.cast = cast;
        this.created = created;
        this.fixtures = fixtures;
        this.waits = waits;
        this.load = load;
        this.driver = driver;
        this.subscriptions = subscriptions;
    }

    /** Before the journal and the leftover runs: no timer or client of the scenario outlives it. */
    @After(order = 200)
    public void closeLoad() {
        load.close();
    }

    @Given("{actor} has a project that runs many runs at once")
    public void projectForMany(Actor actor) {
        var config = scene.config().workload();
        // The contract's maximum is 100; beyond it, runs wait their turn PENDING, which is still right.
        int many = Math.min(100, Math.max(config.runs(), 3 * config.mixed()));
        fixtures.createProject(actor, alias(actor), many);
    }

    @Given("{actor} has a project that runs a few runs at a time")
    public void projectForFew(Actor actor) {
        fixtures.createProject(actor, alias(actor), scene.config().workload().slots());
    }

    private static String alias(Actor actor) {
        return "Ada".equals(actor.name()) ? "main" : actor.name() + "'s";
    }

    private ProjectRef projectOf(Actor actor) {
        return created.project(alias(actor));
    }

    @Given("{actor} has a workflow {string} whose agent answers each run with its own run id")
    public void echoWorkflow(Actor actor, String name) {
        driver.echoWorkflow(projectOf(actor), name);
    }

    @Given("each has a workflow {string} whose agent answers each run with its own run id, when allowed")
    public void heldEchoWorkflows(String name) {
        driver.heldEchoWorkflow(projectOf(cast.actor("Ada")), name);
        driver.heldEchoWorkflow(projectOf(cast.actor("Grace")), "Grace's " + name);
    }

    @Given("{actor} has a workflow {string} whose agent consults the {string} tool {int} time(s), each call taking the scripted latency")
    public void consultingWorkflow(Actor actor, String name, String tool, int times) {
        driver.consultingWorkflow(projectOf(actor), name, tool, times);
    }

    @Given("{actor} has a workflow {string} of two dependent agents, each consulting the {string} tool once, each call taking the scripted latency")
    public void dependentWorkflow(Actor actor, String name, String tool) {
        driver.dependentWorkflow(projectOf(actor), name, tool);
    }

    @Given("{actor} has five agents, each in a workflow of its own, all using the shared {string} tool")
    public void fiveAgents(Actor actor, String tool) {
        ProjectRef project = projectOf(actor);
        for (int i = 1; i <= 5; i++) {
            String name = "agent " + i;
            Map<String, Object> node = fixtures.toolUsingNode(project, Fixtures.nodeId(name), tool, 1);
            fixtures.scriptModel(project, Fixtures.nodeId(name), List.of(
                    Answer.toolCalls(List.of(new Answer.ToolCall(tool, Map.of("query", "entry of " + name)))),
                    Answer.textNamingRun(LoadDriver.OUTPUT + Answer.RUN_ID)));
            fixtures.createWorkflow(project, name, List.of(node));
        }
        // One tool for all five: what it answers names the run that called it.
        fixtures.scriptTool(project, tool, List.of(Answer.jsonNamingRun(
                "{\"entry\": \"" + tool + " entry for run " + Answer.RUN_ID + "\"}").after(driver.latency())));
    }

    @When("{actor} starts the configured number of runs of {string} at once")
    public void startMany(Actor actor, String workflow) {
        driver.warmUp(actor, created.workflow(workflow));
        driver.startAtOnce(actor, created.workflow(workflow), scene.config().workload().runs(), workflow);
    }

    @When("{actor} starts a run of each of the five agents at once")
    public void startFive(Actor actor) {
        List<CompletableFuture<List<Load.Started>>> all = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            WorkflowRef workflow = created.workflow("agent " + i);
            all.add(CompletableFuture.supplyAsync(() -> driver.startAtOnce(actor, workflow, 1, workflow.name())));
        }
        all.forEach(f -> joinWithin(f, scene.config().runTimeout().toMillis(), "the start of each of the five agents"));
    }

    /**
     * The shared tool answers each call naming the run that made it; each run's tool_result must
     * be its own (a target that mixes the results of a shared tool hands one run another's data).
     */
    @Then("each run was handed the result of its own call to the shared {string} tool")
    public void ownToolResults(String tool) {
        List<String> wrong = new ArrayList<>();
        for (Load.Started started : load.started()) {
            RunRef run = started.run();
            int calls = created.journal().toolRequests(run.id(), tool).size();
            Call results = run.project().owner().api().listMessages(run.project().id(), run.id(),
                    Map.of("type", "tool_result"));
            scene.expect().status("listing the tool results of " + run.alias(), results, 200);
            String content = results.at("$.items").path(0).path("content").asText("");
            if (calls != 1 || !content.contains(tool + " entry for run " + run.id())) {
                wrong.add(run.alias() + " (" + run.id() + "): " + calls + " call(s) to '" + tool + "', tool result "
                        + content);
            }
        }
        scene.expect().thatSeen(wrong.isEmpty(), "the results of the shared tool '" + tool + "' handed to the "
                + load.started().size() + " runs", "each run its own, \"" + tool + " entry for run <its id>\"",
                wrong.size() + " not their own", String.join("\n  ", wrong));
    }

    @When("{actor} starts runs of {string} in a burst, at a steady pace and at random moments, all at once, reading each run as it starts")
    public void mixedWorkload(Actor actor, String name) {
        var config = scene.config().workload();
        long seed = load.seed(Arrivals::newSeed);
        List<Arrivals.Arrival> arrivals = Arrivals.mixed(List.of(Arrivals.burst(config.mixed()),
                Arrivals.steady(config.mixed(), config.interval()), Arrivals.random(config.mixed(), config.interval(), seed)));
        LoadClient client = load.client(actor);
        driver.start(actor, created.workflow(name), arrivals, name, run -> client.send("read " + run.alias(), "GET",
                "/api/projects/" + run.project().id() + "/agent-runs/" + run.id(), null));
    }

    @Then("every run completes")
    public void everyRunCompletes() {
        driver.everyRunCompleted();
    }

    @Then("every run's output is the answer the model gave that run")
    public void everyOutputOwn() {
        driver.everyOutputOwn(driver.everyRunCompleted());
        driver.noBreaches(cast.actor("Ada"));
    }

    @Then("every start and every read was answered right")
    public void everyAnswerRight() {
        List<String> wrong = new ArrayList<>();
        Map<String, LoadClient.Exchange> reads = load.readsAfterStart();
        for (Load.Started started : load.started()) {
            RunRef run = started.run();
            LoadClient.Exchange start = started.startAnswer();
            if (!run.workflow().id().equals(start.text("$.workflowId")) || !run.query().equals(start.text("$.inputQuery"))
                    || !Set.of("PENDING", "RUNNING").contains(String.valueOf(start.text("$.status")))) {
                wrong.add("start of " + run.alias() + ": expected its workflow, its query and PENDING or RUNNING; "
                        + start.describe());
            }
            LoadClient.Exchange read = reads.get(run.id());
            if (read == null || read.status() != 200 || !run.id().equals(read.text("$.id"))
                    || !run.query().equals(read.text("$.inputQuery"))) {
                wrong.add("read of " + run.alias() + ": expected 200 with that run; "
                        + (read == null ? "no answer" : read.describe()));
            }
        }
        int total = 2 * load.started().size();
        scene.expect().thatSeen(wrong.isEmpty(), "starts and reads of the mixed workload" + driver.replay(),
                "all " + total + " right (100%)", (total - wrong.size()) + " of " + total + " right",
                String.join("\n  ", wrong));
        driver.noBreaches(cast.actor("Ada"));
    }

    @Then("the project never listed more runs RUNNING than it allows")
    public void neverOverLimit() {
        ProjectRef project = created.project();
        driver.everyRunCompleted();
        int limit = scene.config().workload().slots();
        int most = driver.maxRunning(project);
        String seen = driver.maxRunningSeen(project);
        scene.expect().thatSeen(most > 0, "RUNNING runs the project listed while its runs were at work, read every "
                + RunWatch.POLL.toMillis() + " ms", "some", "none in any read", seen);
        scene.expect().thatSeen(most <= limit, "RUNNING runs the project listed at once (maxConcurrentRuns " + limit
                + ", spec/README.md Run statuses)", "at most " + limit, most, seen);
    }

    @Then("the runs' times stay within the budget of waves of as many runs as the project allows")
    public void wavesWithinBudget() {
        Actor ada = cast.actor("Ada");
        var outcomes = driver.everyRunCompleted();
        String workflow = created.runs().get(0).workflow().name();
        int runs = outcomes.size();
        int slots = scene.config().workload().slots();
        int waves = (runs + slots - 1) / slots;
        Distribution times = driver.runTimes("observed run time of " + runs + " runs contending for " + slots
                + " slots", outcomes);
        Budget budget = driver.runBudget("the run times of " + runs + " runs contending for " + slots + " slots",
                ada, driver.callsOf(workflow), waves, 0);
        budget.check(scene.expect(), "p95", times.p95(), times, driver.context(ada));
    }

    /**
     * CONC-03: runs side by side, not one after another. The median run is judged: a target that
     * makes its runs wait for each other has its median run wait for half of the others, while a
     * few runs slowed by a busy machine leave the median where it is.
     */
    @Then("the median run's time stays within the scripted latency of its {int} calls plus the overhead budget")
    public void eachWithinOverhead(int calls) {
        Actor ada = cast.actor("Ada");
        var outcomes = driver.everyRunCompleted();
        Distribution times = driver.runTimes("observed run time of " + outcomes.size() + " runs at once", outcomes);
        driver.runBudget("the run times of " + outcomes.size() + " runs at once", ada, calls, 1, 0)
                .check(scene.expect(), "p50", times.p50(), times, driver.context(ada));
    }

    // --- CONC-02 ---------------------------------------------------------------------------------

    @When("Ada and Grace each start {int} runs of {string} at once")
    public void bothStart(int count, String name) {
        Actor ada = cast.actor("Ada");
        Actor grace = cast.actor("Grace");
        var adas = CompletableFuture.supplyAsync(() -> driver.startAtOnce(ada, created.workflow(name), count, "Ada's"));
        var graces = CompletableFuture.supplyAsync(() -> driver.startAtOnce(grace, created.workflow("Grace's " + name),
                count, "Grace's"));
        long bound = scene.config().runTimeout().toMillis();
        joinWithin(adas, bound, "Ada's " + count + " starts");
        joinWithin(graces, bound, "Grace's " + count + " starts");
        for (RunRef run : created.runs()) {
            waits.untilThinking(run, null);
        }
    }

    @When("while both are busy, each tries every request on the other's project, runs and streams, all at once")
    public void eachIntrudes() {
        Actor ada = cast.actor("Ada");
        Actor grace = cast.actor("Grace");
        RunRef adasRun = runOf(ada);
        RunRef gracesRun = runOf(grace);
        List<CompletableFuture<?>> all = new ArrayList<>();
        all.addAll(intrude(grace, adasRun));
        all.addAll(intrude(ada, gracesRun));
        all.add(CompletableFuture.runAsync(() -> subscribeTo("Grace", gracesRun.id(), adasRun, grace)));
        all.add(CompletableFuture.runAsync(() -> subscribeTo("Ada", adasRun.id(), gracesRun, ada)));
        joinWithin(CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)),
                scene.config().httpTimeout().plus(scene.config().streamTimeout()).toMillis(),
                "the answers to both users' requests on each other's things");
    }

    /** A bounded wait whose failure says what was awaited, for how long, and names the case. */
    private <T> T joinWithin(CompletableFuture<T> future, long millis, String what) {
        try {
            return future.orTimeout(millis, TimeUnit.MILLISECONDS).join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof AssertionError failure) {
                throw failure;
            }
            throw scene.expect().failure(what + " within " + millis + " ms", "all of them", String.valueOf(e.getCause()), "");
        }
    }

    private RunRef runOf(Actor actor) {
        return created.runs().stream().filter(r -> r.project().owner().name().equals(actor.name())).findFirst()
                .orElseThrow(() -> new IllegalStateException(actor.name() + " has started no run"));
    }

    /** Every request of {@code intruder} on the other user's run and project, sent at once. */
    private List<CompletableFuture<LoadClient.Exchange>> intrude(Actor intruder, RunRef theirs) {
        LoadClient client = load.client(intruder);
        String project = "/api/projects/" + theirs.project().id();
        String run = project + "/agent-runs/" + theirs.id();
        Map<String, String[]> requests = new LinkedHashMap<>();
        requests.put("reads the project", new String[] {"GET", project});
        requests.put("lists the runs", new String[] {"GET", project + "/agent-runs"});
        requests.put("reads the run", new String[] {"GET", run});
        requests.put("lists the steps", new String[] {"GET", run + "/steps"});
        requests.put("reads the node states", new String[] {"GET", run + "/node-states"});
        requests.put("lists the messages", new String[] {"GET", run + "/messages"});
        requests.put("appends a message", new String[] {"POST", run + "/messages"});
        requests.put("cancels the run", new String[] {"POST", run + "/cancel"});
        requests.put("starts a run in the project", new String[] {"POST", project + "/agent-runs"});
        List<CompletableFuture<LoadClient.Exchange>> sent = new ArrayList<>();
        List<LoadClient.Exchange> answers = new ArrayList<>();
        intrusions.put(intruder.name(), answers);
        requests.forEach((what, request) -> {
            Map<String, ?> body = switch (what) {
                case "appends a message" -> Map.of("content", INTRUSION);
                case "starts a run in the project" -> Map.of("workflowId", theirs.workflow().id(), "inputQuery", INTRUSION);
                default -> null;
            };
            sent.add(client.send(intruder.name() + " " + what, request[0], request[1], body).thenApply(answer -> {
                synchronized (answers) {
                    answers.add(answer);
                }
                return answer;
            }));
        });
        return sent;
    }

    private void subscribeTo(String intruder, String ownRunId, RunRef theirs, Actor actor) {
        StreamSubscriber stream = subscriptions.open(intruder + "'s stream of the other's run",
                scene.kit().target().streamUrl(), theirs.id(), "Bearer " + token(actor), "", scene.config().streamTimeout());
        synchronized (intrudingStreams) {
            intrudingStreams.put(intruder, stream);
        }
    }

    private String token(Actor actor) {
        return "Grace".equals(actor.name()) ? scene.config().otherToken() : scene.config().token();
    }

    @Then("every one of those requests is refused as if the thing did not exist")
    public void allRefused() {
        for (var entry : intrusions.entrySet()) {
            RunRef theirs = runOf(cast.actor("Ada".equals(entry.getKey()) ? "Grace" : "Ada"));
            for (LoadClient.Exchange answer : entry.getValue()) {
                scene.expect().thatSeen(answer.status() == 404, "status of '" + answer.label() + "' on the other user's"
                        + " things, while both users are busy", "404", answer.answered() ? answer.status() : answer.error(),
                        answer.describe());
                scene.expect().thatSeen(answer.body() == null || !answer.body().contains(theirs.query()),
                        "what '" + answer.label() + "' was told", "nothing of the other user's run",
                        answer.body(), answer.describe());
            }
        }
        for (var entry : intrudingStreams.entrySet()) {
            StreamSubscriber stream = entry.getValue();
            stream.awaitEnd(scene.config().streamTimeout());
            StreamSubscriber.End end = stream.end();
            boolean refused = end != null && (Integer.valueOf(404).equals(end.refusedStatus())
                    || Integer.valueOf(4404).equals(end.closeCode()));
            scene.expect().thatSeen(refused, "how " + entry.getKey() + "'s subscription to the other user's run ended",
                    "refused as for a run that does not exist (handshake 404, or an error event and close 4404)",
                    end == null ? "still open" : end.describe(), stream.transcript());
            for (StreamSubscriber.Frame frame : stream.frames()) {
                scene.expect().thatSeen("error".equals(frame.type()), "the frames "
                        + entry.getKey() + " received on the other user's run", "only an error event", frame.text(),
                        stream.transcript());
            }
        }
        driver.noBreaches(cast.actor("Ada"));
        driver.noBreaches(cast.actor("Grace"));
    }

    @Then("each of them lists exactly her own runs and follows her own runs' streams")
    public void eachSeesOwn() {
        for (Actor actor : List.of(cast.actor("Ada"), cast.actor("Grace"))) {
            ProjectRef project = projectOf(actor);
            Call list = actor.api().listRuns(project.id(), Map.of("limit", 100));
            scene.expect().status("listing " + actor.name() + "'s runs while both are busy", list, 200);
            Set<String> listed = new LinkedHashSet<>();
            list.at("$.items").forEach(item -> listed.add(item.path("id").asText()));
            Set<String> own = new LinkedHashSet<>();
            created.runs().stream().filter(r -> r.project().id().equals(project.id())).forEach(r -> own.add(r.id()));
            scene.expect().equal("the runs " + actor.name() + " lists while both are busy", own, listed, list);
            RunRef run = runOf(actor);
            StreamSubscriber stream = subscriptions.open(actor.name() + "'s stream of her own run",
                    scene.kit().target().streamUrl(), run.id(), "Bearer " + token(actor), "", scene.config().streamTimeout());
            boolean got = stream.awaitFrame(f -> true, scene.config().streamTimeout());
            scene.expect().thatSeen(got, actor.name() + "'s stream of her own busy run", "its events",
                    stream.end() == null ? "nothing yet" : stream.end().describe(), stream.transcript());
            for (StreamSubscriber.Frame frame : stream.frames()) {
                scene.expect().thatSeen(frame.json() != null && run.id().equals(frame.json().path("runId").asText()),
                        "the runId of every frame of " + actor.name() + "'s stream", run.id(), frame.text(),
                        stream.transcript());
            }
        }
    }

    @Then("once the agents may answer, every run of both completes with its own output, untouched by the other")
    public void bothComplete() {
        scene.gates().forEach(scene.standIns()::release);
        var outcomes = driver.everyRunCompleted();
        driver.everyOutputOwn(outcomes);
        for (RunRef run : created.runs()) {
            Call messages = run.project().owner().api().listMessages(run.project().id(), run.id(), Map.of("limit", 100));
            scene.expect().that(!messages.body().contains(INTRUSION), "the messages of " + run.alias(),
                    "none from the other user", "\"" + INTRUSION + "\" among them", messages);
        }
    }

    // --- CONC-04 ---------------------------------------------------------------------------------

    @When("{actor} sends a cancel, a message and a read to a busy run at the same moment, {int} times over")
    public void races(Actor actor, int times) {
        WorkflowRef workflow = created.workflow("research");
        List<RunRef> runs = new ArrayList<>();
        for (int i = 1; i <= times; i++) {
            runs.add(fixtures.startRun("raced run " + i, workflow, "Race " + i));
        }
        for (RunRef run : runs) {
            waits.untilThinking(run, null);
        }
        load.floor(actor);
        LoadClient client = load.client(actor);
        List<Arrivals.Arrival> moments = Arrivals.burst(4 * times);
        List<CompletableFuture<LoadClient.Exchange>> answers = Paced.play(load.timer(), moments, (arrival, planned) -> {
            RunRef run = runs.get(arrival.index() / 4);
            String path = "/api/projects/" + run.project().id() + "/agent-runs/" + run.id();
            return switch (arrival.index() % 4) {
                case 0 -> client.send("cancel " + run.alias(), "POST", path + "/cancel", null, planned);
                case 1 -> client.send("append to " + run.alias(), "POST", path + "/messages",
                        Map.of("content", "Sent with the cancel of " + run.alias()), planned);
                case 2 -> client.send("read " + run.alias(), "GET", path, null, planned);
                default -> client.send("bare round trip beside " + run.alias(), "GET", "/api/health", null, planned);
            };
        });
        List<LoadClient.Exchange> all = answers.stream().map(f -> f.orTimeout(
                scene.config().httpTimeout().toMillis() + 5_000, TimeUnit.MILLISECONDS).join()).toList();
        for (int i = 0; i < times; i++) {
            races.add(new Race(runs.get(i), all.get(4 * i), all.get(4 * i + 1), all.get(4 * i + 2), all.get(4 * i + 3)));
        }
    }

    @Then("every request of every race was answered within its bound")
    public void racesAnsweredInBound() {
        Actor ada = cast.actor("Ada");
        Duration f = load.floor(ada).p50();
        int k = scene.config().budgetFloorScale();
        Duration a = scene.config().budgetAllowance();
        Distribution raced = load.measured(new Distribution("raced requests (cancel, append, read)"));
        Distribution beside = load.measured(new Distribution("bare round trips sent with them"));
        for (Race race : races) {
            Duration floor = f.compareTo(race.health().latency()) > 0 ? f : race.health().latency();
            beside.record(race.health().latency());
            for (LoadClient.Exchange answer : List.of(race.cancel(), race.append(), race.read())) {
                raced.record(answer.latency());
                scene.expect().thatSeen(answer.answered(), "an answer to '" + answer.label() + "'", "an answer",
                        answer.error(), answer.describe());
                Budget bound = new Budget("'" + answer.label() + "', raced with two other requests on the run",
                        floor.multipliedBy(k).plus(a), "k " + k + " x max(F, the round trip sent with it) "
                                + Distribution.ms(floor) + " + A " + Distribution.ms(a));
                bound.check(scene.expect(), "time to answer", answer.latency(), raced, driver.context(ada));
            }
            scene.expect().thatSeen(race.cancel().status() == 200, "status of '" + race.cancel().label() + "' (the run"
                    + " was RUNNING)", "200", race.cancel().status(), race.cancel().describe());
            scene.expect().thatSeen(Set.of(201, 409, 400).contains(race.append().status()), "status of '"
                    + race.append().label() + "', raced with a cancel", "201 (before the cancel) or 409 or 400 (after it)",
                    race.append().status(), race.append().describe());
            scene.expect().thatSeen(race.read().status() == 200, "status of '" + race.read().label() + "'", "200",
                    race.read().status(), race.read().describe());
        }
        driver.noBreaches(ada);
    }

    @Then("every raced run is CANCELLED, lists every message it accepted, and accepts no more")
    public void racesConsistent() {
        for (Race race : races) {
            RunRef run = race.run();
            waits.untilStatus(run, Set.of("CANCELLED"));
            var api = run.project().owner().api();
            Call messages = api.listMessages(run.project().id(), run.id(), Map.of("limit", 100));
            scene.expect().status("listing the messages of " + run.alias(), messages, 200);
            if (race.append().status() == 201) {
                String id = race.append().text("$.id");
                boolean listed = false;
                for (var message : messages.at("$.items")) {
                    listed |= message.path("id").asText().equals(id);
                }
                scene.expect().that(listed, "the messages of " + run.alias(), "the message accepted (201) in the race, "
                        + id, "not listed", messages);
            }
            Call after = api.appendMessage(run.project().id(), run.id(), Map.of("content", "After the cancel"));
            scene.expect().status("a message to " + run.alias() + " after its cancel was answered", after, 409, 400);
            Call read = api.getRun(run.project().id(), run.id());
            scene.expect().field(read, "$.status", "CANCELLED");
        }
    }
}

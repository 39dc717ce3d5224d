package io.agentsconformance.kit.steps;

import io.agentsconformance.kit.Kit;
import io.agentsconformance.kit.api.AgentsApi;
import io.agentsconformance.kit.api.Call;
import io.agentsconformance.kit.check.Expect;
import io.agentsconformance.kit.config.KitConfig;
import io.agentsconformance.kit.contract.ContractFilter;
import io.agentsconformance.kit.setup.SetUpContext;
import io.agentsconformance.kit.standin.Journal;
import io.agentsconformance.kit.standin.StandIns;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Everything one scenario knows: who acts, what it created on the target (by the names the
 * Gherkin gives them), and the last answer it got. PicoContainer gives each scenario a fresh one
 * and shares it between the step classes.
 */
public final class World {

    private static final Pattern CASE_TAG = Pattern.compile("@([A-Z]+-\\d+(?:\\.\\d+)?)");

    /** A user of the target, as the Gherkin names them. */
    public record Actor(String name, AgentsApi api) { }

    public record ProjectRef(String alias, String id, Actor owner) { }

    public record WorkflowRef(String name, String id, ProjectRef project, List<String> nodeIds) {
        public String finalNode() {
            return nodeIds.get(nodeIds.size() - 1);
        }
    }

    public record RunRef(String alias, String id, ProjectRef project, WorkflowRef workflow, String query) { }

    public record ContextItemRef(String name, String id, String content) { }

    /** An agent profile a scenario registered, with what it registered. */
    public record ProfileRef(String name, String id, Map<String, Object> registered) { }

    private final Kit kit = Kit.get();
    private final String scenarioKey = "scenario-" + UUID.randomUUID();
    private final java.time.Instant began = java.time.Instant.now();
    private final Map<String, Actor> actors = new LinkedHashMap<>();
    private final Map<String, ProjectRef> projects = new LinkedHashMap<>();
    private final Map<String, WorkflowRef> workflows = new LinkedHashMap<>();
    private final Map<String, RunRef> runs = new LinkedHashMap<>();
    private final Map<String, ContextItemRef> contextItems = new LinkedHashMap<>();
    private final Map<String, String> profiles = new LinkedHashMap<>();
    private final Set<String> gates = new LinkedHashSet<>();
    private final Map<String, List<io.agentsconformance.kit.standin.Answer>> modelScripts = new LinkedHashMap<>();
    private List<String> caseIds = List.of();
    private String scenarioName = "";
    private Expect expect = new Expect(List.of());
    private ProjectRef project;
    private RunRef run;
    private final Map<String, ProfileRef> registeredProfiles = new LinkedHashMap<>();
    private volatile Call lastCall;
    private String inventedId;
    private Call before;
    private List<Call> burst = List.of();
    private Map<String, String> footprint;

    void begin(String name, Iterable<String> tags) {
        List<String> ids = new ArrayList<>();
        for (String tag : tags) {
            var m = CASE_TAG.matcher(tag);
            if (m.matches()) {
                ids.add(m.group(1));
            }
        }
        this.caseIds = List.copyOf(ids);
        this.scenarioName = name;
        this.expect = new Expect(caseIds);
    }

    public Kit kit() {
        return kit;
    }

    public KitConfig config() {
        return kit.config();
    }

    public StandIns standIns() {
        return kit.standIns();
    }

    /** The scenario's assertions, which name its case IDs. */
    public Expect expect() {
        return expect;
    }

    public List<String> caseIds() {
        return caseIds;
    }

    public String scenarioName() {
        return scenarioName;
    }

    /** When the scenario began: requests the stand-ins received before are not its own. */
    public java.time.Instant began() {
        return began;
    }

    public List<ProjectRef> projectRefs() {
        return List.copyOf(projects.values());
    }

    /** Unique per scenario: keys its stand-in scripts and names what it creates. */
    public String scenarioKey() {
        return scenarioKey;
    }

    /** Ada is the first configured user, Grace the second. */
    public Actor actor(String name) {
        return actors.computeIfAbsent(name, n -> new Actor(n,
                AgentsApi.asUser(kit.target().baseUrl(), tokenOf(n), config().httpTimeout(), contractCheck())));
    }

    private String tokenOf(String actor) {
        return switch (actor) {
            case "Ada" -> config().token();
            case "Grace" -> config().otherToken();
            default -> throw new IllegalArgumentException("the kit knows two users, Ada and Grace; not " + actor);
        };
    }

    /** What the set-up (setup.TargetSetUp) is told when it creates something for {@code owner} in this scenario. */
    public SetUpContext setUpContext(Actor owner) {
        return new SetUpContext(new SetUpContext.Owner(owner.name(), tokenOf(owner.name())), scenarioName, scenarioKey,
                caseIds, kit.target().baseUrl(), config().httpTimeout());
    }

    public AgentsApi anonymous() {
        return AgentsApi.anonymous(kit.target().baseUrl(), config().httpTimeout(), contractCheck());
    }

    /** The API called with this exact Authorization header, however wrong it is. */
    public AgentsApi withAuthorization(String header) {
        return AgentsApi.withAuthorization(kit.target().baseUrl(), header, config().httpTimeout(), contractCheck());
    }

    /** Checks each answer against the contract; a breach names this scenario's case IDs. */
    private ContractFilter contractCheck() {
        return new ContractFilter(kit.contract(), expect);
    }

    // --- what the scenario created ---------------------------------------------------------

    public void addProject(ProjectRef ref) {
        projects.put(ref.alias(), ref);
        if (project == null) {
            project = ref;
        }
    }

    /** The scenario's main project: the first one it created. */
    public ProjectRef project() {
        if (project == null) {
            throw new IllegalStateException("this scenario has no project yet: start it with 'Given Ada has a project'");
        }
        return project;
    }

    public ProjectRef project(String alias) {
        return lookup(projects, alias, "project");
    }

    public Set<String> projectIds() {
        Set<String> ids = new LinkedHashSet<>();
        projects.values().forEach(p -> ids.add(p.id()));
        return ids;
    }

    public void addWorkflow(WorkflowRef ref) {
        workflows.put(ref.name(), ref);
    }

    public WorkflowRef workflow(String name) {
        return lookup(workflows, name, "workflow");
    }

    /** The scenario's name for the workflow with this id. */
    public String workflowNamed(String id) {
        return workflows.values().stream().filter(w -> w.id().equals(id)).map(WorkflowRef::name).findFirst()
                .orElseThrow(() -> new IllegalStateException("no workflow of this scenario has id " + id));
    }

    public boolean hasWorkflow(String name) {
        return workflows.containsKey(name);
    }

    /** Synchronised, as are the readers of runs: scenarios start runs at once from several threads (AtOnce). */
    public synchronized void addRun(RunRef ref) {
        runs.put(ref.alias(), ref);
        run = ref;
    }

    /** The run the scenario last started. */
    public synchronized RunRef run() {
        if (run == null) {
            throw new IllegalStateException("this scenario has not started a run yet");
        }
        return run;
    }

    public synchronized RunRef run(String alias) {
        return lookup(runs, alias, "run");
    }

    public synchronized List<RunRef> runs() {
        return List.copyOf(runs.values());
    }

    public synchronized List<RunRef> runsOf(String workflowName) {
        return runs.values().stream().filter(r -> r.workflow().name().equals(workflowName)).toList();
    }

    public List<WorkflowRef> workflows() {
        return List.copyOf(workflows.values());
    }

    public List<ContextItemRef> contextItems() {
        return List.copyOf(contextItems.values());
    }

    public boolean hasRegisteredProfile(String name) {
        return registeredProfiles.containsKey(name);
    }

    public void addContextItem(ContextItemRef ref) {
        contextItems.put(ref.name(), ref);
    }

    public ContextItemRef contextItem(String name) {
        return lookup(contextItems, name, "context item");
    }

    public Map<String, String> profiles() {
        return profiles;
    }

    /** The answers scripted so far for a node of the main project, in the order the model gives them. */
    public List<io.agentsconformance.kit.standin.Answer> modelScript(String node) {
        return modelScripts.computeIfAbsent(node, n -> new ArrayList<>());
    }

    /** A gate the scenario's held answers wait at; released when the scenario ends. */
    public String gate(String name) {
        String gate = scenarioKey + "/" + name;
        gates.add(gate);
        return gate;
    }

    public Set<String> gates() {
        return gates;
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

    public void addRegisteredProfile(ProfileRef ref) {
        registeredProfiles.put(ref.name(), ref);
    }

    public ProfileRef registeredProfile(String name) {
        return lookup(registeredProfiles, name, "registered agent profile");
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

    public void lastCall(Call call) {
        this.lastCall = call;
    }

    public Call lastCall() {
        if (lastCall == null) {
            throw new IllegalStateException("no request was made yet in this scenario");
        }
        return lastCall;
    }

    /** What the target sent the stand-ins for this scenario's projects so far. */
    public Journal journal() {
        return standIns().journal(projectIds());
    }

    /** A name no other scenario uses, for things created on the target. */
    public String uniqueName(String base) {
        return base + " (" + scenarioKey.substring("scenario-".length(), "scenario-".length() + 8) + ")";
    }

    private static <T> T lookup(Map<String, T> map, String name, String what) {
        T value = map.get(name);
        if (value == null) {
            throw new IllegalStateException("the scenario has no " + what + " called '" + name + "'; it has " + map.keySet());
        }
        return value;
    }
}

package io.agentsconformance.kit.scenario;

import io.agentsconformance.kit.standin.Answer;
import io.agentsconformance.kit.standin.Journal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the scenario made on the target, by the names the Gherkin gives them: projects, workflows,
 * runs, context items and agent profiles, and the model answers it scripted for them. The stand-ins'
 * journal of this scenario is what the target sent for these projects.
 */
public final class Created {

    private final Scene scene;
    private final Map<String, ProjectRef> projects = new LinkedHashMap<>();
    private final Map<String, WorkflowRef> workflows = new LinkedHashMap<>();
    private final Map<String, RunRef> runs = new LinkedHashMap<>();
    private final Map<String, ContextItemRef> contextItems = new LinkedHashMap<>();
    private final Map<String, String> profiles = new LinkedHashMap<>();
    private final Map<String, ProfileRef> registeredProfiles = new LinkedHashMap<>();
    private final Map<String, List<Answer>> modelScripts = new LinkedHashMap<>();
    private ProjectRef project;
    private RunRef run;

    public Created(Scene scene) {
        this.scene = scene;
    }

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

    public List<ProjectRef> projectRefs() {
        return List.copyOf(projects.values());
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

    public List<WorkflowRef> workflows() {
        return List.copyOf(workflows.values());
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

    public void addContextItem(ContextItemRef ref) {
        contextItems.put(ref.name(), ref);
    }

    public ContextItemRef contextItem(String name) {
        return lookup(contextItems, name, "context item");
    }

    public List<ContextItemRef> contextItems() {
        return List.copyOf(contextItems.values());
    }

    /** The profiles the kit made for roles, by role. */
    public Map<String, String> profiles() {
        return profiles;
    }

    public void addRegisteredProfile(ProfileRef ref) {
        registeredProfiles.put(ref.name(), ref);
    }

    public ProfileRef registeredProfile(String name) {
        return lookup(registeredProfiles, name, "registered agent profile");
    }

    public boolean hasRegisteredProfile(String name) {
        return registeredProfiles.containsKey(name);
    }

    /** The answers scripted so far for a node of the main project, in the order the model gives them. */
    public List<Answer> modelScript(String node) {
        return modelScripts.computeIfAbsent(node, n -> new ArrayList<>());
    }

    /** What the target sent the stand-ins for this scenario's projects so far. */
    public Journal journal() {
        return scene.standIns().journal(projectIds());
    }

    private static <T> T lookup(Map<String, T> map, String name, String what) {
        T value = map.get(name);
        if (value == null) {
            throw new IllegalStateException("the scenario has no " + what + " called '" + name + "'; it has " + map.keySet());
        }
        return value;
    }
}

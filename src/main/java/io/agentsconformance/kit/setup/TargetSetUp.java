package io.agentsconformance.kit.setup;

/**
 * How the kit builds a scenario's world on the target: its projects, agent profiles, workflows
 * and context items. Everything else a scenario does (starting runs, reading them, cancelling,
 * streaming) goes through the Agents API, using the ids these methods return.
 *
 * <p>The kit's own implementation, {@code fixture-api} ({@link FixtureApiSetUp}), calls the
 * fixture operations of {@code spec/openapi.yaml} (tag {@code fixtures}). A server that has no
 * such operations (its projects come from an admin console, a database, a configuration file)
 * implements this interface instead and is selected by {@link #name()}: {@code --setup NAME},
 * {@code -Dagents.setup=NAME} or {@code AGENTS_SETUP=NAME}. See README.md, "Set-up without a
 * fixture API: an adapter".
 *
 * <h2>What an implementation must do</h2>
 *
 * <ul>
 *   <li>Create what it is asked for on the target under test, for the user {@link SetUpContext#owner()}
 *       names, and return its id: the id the kit then uses in the paths and bodies of the Agents API
 *       ({@code /api/projects/{projectId}/agent-runs}, {@code workflowId}, {@code agentId},
 *       {@code contextItemIds}), sending that user's bearer token. Whatever it creates must be
 *       readable through the Agents API by that user and by no one else, at once, as soon as the
 *       method returns: the next step of the scenario uses it.</li>
 *   <li>Create it as given. The kit checks what the target does with a node's model, tools, limits
 *       and retries, so a workflow whose nodes were changed on the way would fail cases it should
 *       pass, or pass cases it should fail.</li>
 *   <li>Throw {@link SetUpException} when it cannot create something (the target refused, a value
 *       it cannot represent, a back end that is down). The kit then reports the scenario
 *       <em>not testable</em> with the exception's message as the reason: say what could not be
 *       set up and why. Any other exception, or an {@link AssertionError}, fails the scenario.</li>
 *   <li>Bound every call it makes to the target or its back end (see
 *       {@link SetUpContext#httpTimeout()}): a set-up that hangs holds a scenario thread forever.</li>
 * </ul>
 *
 * <h2>Threading</h2>
 *
 * The kit makes one instance per run (through {@link java.util.ServiceLoader}, so a public
 * no-argument constructor is needed) and calls it from several scenario threads at once, four by
 * default ({@code --threads}). It must be thread-safe: keep per-call state in local variables, and
 * make anything shared (an HTTP client, a connection pool, counters) safe for concurrent use.
 * Scenarios never share what they create, so calls for different scenarios need no ordering
 * between them.
 *
 * <h2>Registering it</h2>
 *
 * Name the implementation's class in a file
 * {@code META-INF/services/io.agentsconformance.kit.setup.TargetSetUp} of its jar, and put the jar
 * on the classpath beside the kit jar. The kit makes an instance of every implementation it finds
 * to learn their names, so constructors must be cheap and must not reach the target: do the work
 * on the first call.
 *
 * <p>The types of this package are the whole of what an implementation compiles against; the kit
 * only adds components to the records given to it, so an implementation that reads them keeps
 * compiling.
 */
public interface TargetSetUp {

    /**
     * The name that selects this implementation ({@code --setup}, {@code agents.setup},
     * {@code AGENTS_SETUP}), e.g. {@code acme-admin-api}. Unique among the implementations on the
     * classpath; the kit's own is {@code fixture-api}.
     */
    String name();

    /**
     * One line on how this implementation sets up, for the terminal and the report's environment
     * panel, e.g. "ACME admin API at https://admin.acme.test (projects as ACME workspaces)".
     */
    String describe();

    /**
     * Creates a project owned by {@code context.owner()}, in which at most
     * {@link NewProject#maxConcurrentRuns()} runs are RUNNING at once (further runs wait as
     * PENDING, first come first served).
     *
     * @return the project's id, as the Agents API's {@code {projectId}} path segment takes it
     * @throws SetUpException when the project cannot be created; the scenario is then not testable
     */
    String createProject(SetUpContext context, NewProject project);

    /**
     * Registers an agent profile visible to {@code context.owner()}. The kit registers a profile
     * once per user and role in a scenario, and names it in workflow nodes ({@code agentId}) of
     * that user's projects only.
     *
     * @return the profile's id, as workflow nodes' {@code agentId} and
     *         {@code GET /api/agents/profiles/{agentId}} take it
     * @throws SetUpException when the profile cannot be registered; the scenario is then not testable
     */
    String createAgentProfile(SetUpContext context, NewAgentProfile profile);

    /**
     * Creates a workflow in the project {@code projectId} (an id {@link #createProject} returned for
     * the same owner in the same scenario).
     *
     * @return the workflow's id, as a run's {@code workflowId} takes it
     * @throws SetUpException when the workflow cannot be created; the scenario is then not testable
     */
    String createWorkflow(SetUpContext context, String projectId, NewWorkflow workflow);

    /**
     * Adds a context item to the project {@code projectId} (an id {@link #createProject} returned for
     * the same owner in the same scenario).
     *
     * @return the context item's id, as {@code contextItemIds} of a run or a message take it
     * @throws SetUpException when the item cannot be created; the scenario is then not testable
     */
    String createContextItem(SetUpContext context, String projectId, NewContextItem item);
}

package io.agentsconformance.kit.setup;

import io.agentsconformance.kit.Kit;
import io.agentsconformance.kit.api.AgentsApi;
import io.agentsconformance.kit.api.Call;
import io.agentsconformance.kit.check.Expect;
import io.agentsconformance.kit.contract.ContractFilter;

import java.util.Map;

/**
 * The kit's own set-up, {@code fixture-api}: the fixture operations of spec/openapi.yaml (tag
 * {@code fixtures}), called like every other operation of the Agents API. Each answer is checked
 * against the contract and kept in the report, and anything but 201 fails the scenario: a target
 * that offers the fixture API must offer it as written, so a refusal is a finding, not a reason to
 * call the scenario not testable.
 */
public final class FixtureApiSetUp implements TargetSetUp {

    public static final String NAME = "fixture-api";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String describe() {
        return "the target's fixture API (spec/openapi.yaml, tag fixtures)";
    }

    @Override
    public String createProject(SetUpContext context, NewProject project) {
        Call call = api(context).createProject(Map.of(
                "name", project.name(),
                "maxConcurrentRuns", project.maxConcurrentRuns()));
        expect(context).status("creating a project (fixture API)", call, 201);
        return call.text("$.id");
    }

    @Override
    public String createAgentProfile(SetUpContext context, NewAgentProfile profile) {
        Call call = api(context).createAgentProfile(Map.of(
                "name", profile.name(),
                "description", profile.description(),
                "capabilities", profile.capabilities(),
                "instructions", profile.instructions()));
        expect(context).status("registering the " + profile.name() + " profile (fixture API)", call, 201);
        return call.text("$.id");
    }

    @Override
    public String createWorkflow(SetUpContext context, String projectId, NewWorkflow workflow) {
        Call call = api(context).createWorkflow(projectId, Map.of(
                "name", workflow.name(),
                "nodes", workflow.nodes()));
        expect(context).status("creating workflow '" + workflow.label() + "' (fixture API)", call, 201);
        return call.text("$.id");
    }

    @Override
    public String createContextItem(SetUpContext context, String projectId, NewContextItem item) {
        Call call = api(context).createContextItem(projectId, Map.of("name", item.name(), "content", item.content()));
        expect(context).status("creating context item '" + item.name() + "' (fixture API)", call, 201);
        return call.text("$.id");
    }

    /** The scenario's assertions: a failure names its case IDs, as the steps' own do. */
    private static Expect expect(SetUpContext context) {
        return new Expect(context.caseIds());
    }

    /**
     * The owner's API exactly as the scenario's own steps get it (World.actor): bounded, checked
     * against the contract, every exchange in the report. Built per call, since this instance serves
     * every scenario at once and each call belongs to one of them.
     */
    private static AgentsApi api(SetUpContext context) {
        return AgentsApi.asUser(context.targetUrl(), context.owner().token(), context.httpTimeout(),
                new ContractFilter(Kit.get().contract(), expect(context)));
    }
}

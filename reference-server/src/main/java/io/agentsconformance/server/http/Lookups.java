package io.agentsconformance.server.http;

import io.agentsconformance.server.model.AgentProfile;
import io.agentsconformance.server.model.ContextItem;
import io.agentsconformance.server.model.Ids;
import io.agentsconformance.server.model.Project;
import io.agentsconformance.server.model.Run;
import io.agentsconformance.server.model.Workflow;
import io.agentsconformance.server.store.Store;
import io.javalin.http.Context;
import java.util.Optional;
import java.util.function.Function;

/**
 * Finds the resources a path names, as the caller may see them. Anything else (unknown, another
 * user's, another project's, or an id no resource could have, such as a traversal or injection
 * attempt) is a 404 with the contract's phrase, and the latter never reach the database.
 */
final class Lookups {

    private final Store store;

    Lookups(Store store) {
        this.store = store;
    }

    Project project(Context ctx) {
        return find(ctx, "projectId", id -> store.projects().findOwned(id, Auth.user(ctx)), "Project not found");
    }

    Run run(Context ctx) {
        Project project = project(ctx);
        return find(ctx, "runId", id -> store.runs().findInProject(project.id(), id), "Agent run not found");
    }

    Workflow workflow(Context ctx, Project project) {
        return workflow(project, ctx.pathParam("workflowId"));
    }

    /** A workflow of the project that was not deleted; the 404 names the id it was asked for. */
    Workflow workflow(Project project, String id) {
        Optional<Workflow> found = Ids.isPlausible(id)
                ? store.workflows().findLive(project.id(), id)
                : Optional.empty();
        return found.orElseThrow(() -> ApiError.notFound("Workflow not found: " + id));
    }

    ContextItem contextItem(Context ctx, Project project) {
        return find(ctx, "contextItemId", id -> store.contextItems().find(project.id(), id),
                "Context item not found");
    }

    AgentProfile profile(Context ctx) {
        return find(ctx, "agentId", id -> store.profiles().findVisible(id, Auth.user(ctx)), "Agent not found");
    }

    private static <T> T find(Context ctx, String param, Function<String, Optional<T>> finder, String notFound) {
        String id = ctx.pathParam(param);
        Optional<T> found = Ids.isPlausible(id) ? finder.apply(id) : Optional.empty();
        return found.orElseThrow(() -> ApiError.notFound(notFound));
    }
}

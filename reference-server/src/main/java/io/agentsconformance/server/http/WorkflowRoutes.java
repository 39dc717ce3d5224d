package io.agentsconformance.server.http;

import io.agentsconformance.server.model.Project;
import io.agentsconformance.server.model.Representations;
import io.agentsconformance.server.model.Workflow;
import io.agentsconformance.server.store.Store;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** Workflows: graphs of agent nodes. Deleting one keeps the runs it started intact (EDGE-5). */
final class WorkflowRoutes {

    private final Store store;
    private final Lookups lookups;
    private final WorkflowParser parser;

    WorkflowRoutes(Store store, Lookups lookups) {
        this.store = store;
        this.lookups = lookups;
        this.parser = new WorkflowParser(store.profiles());
    }

    void register(RoutesConfig routes) {
        routes.post("/api/projects/{projectId}/workflows", this::create);
        routes.get("/api/projects/{projectId}/workflows/{workflowId}",
                ctx -> Replies.ok(ctx, Representations.workflow(lookups.workflow(ctx, lookups.project(ctx)))));
        routes.delete("/api/projects/{projectId}/workflows/{workflowId}", this::delete);
    }

    private void create(Context ctx) {
        Project project = lookups.project(ctx);
        WorkflowParser.Parsed parsed = parser.parse(JsonBody.read(ctx), Auth.user(ctx));
        Workflow workflow = store.workflows().create(project.id(), parsed.name(), parsed.nodes());
        Replies.created(ctx, "/api/projects/" + project.id() + "/workflows/" + workflow.id(),
                Representations.workflow(workflow));
    }

    private void delete(Context ctx) {
        Project project = lookups.project(ctx);
        Workflow workflow = lookups.workflow(ctx, project);
        if (!store.workflows().delete(project.id(), workflow.id())) {
            throw ApiError.notFound("Workflow not found: " + workflow.id());
        }
        ctx.status(204);
    }
}

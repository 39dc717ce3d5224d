package io.agentsconformance.server.http;

import io.agentsconformance.server.model.Project;
import io.agentsconformance.server.model.Representations;
import io.agentsconformance.server.store.Store;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** Projects: the fixture every scenario starts from. */
final class ProjectRoutes {

    private final Store store;
    private final Lookups lookups;

    ProjectRoutes(Store store, Lookups lookups) {
        this.store = store;
        this.lookups = lookups;
    }

    void register(RoutesConfig routes) {
        routes.post("/api/projects", this::create);
        routes.get("/api/projects/{projectId}", ctx -> Replies.ok(ctx, Representations.project(lookups.project(ctx))));
    }

    private void create(Context ctx) {
        Fields fields = new Fields(JsonBody.read(ctx));
        String name = fields.requiredText("name", 200);
        int maxConcurrentRuns = fields.optionalInt("maxConcurrentRuns", 1, 100, 4);
        fields.validate();
        Project project = store.projects().create(Auth.user(ctx), name, maxConcurrentRuns);
        Replies.created(ctx, "/api/projects/" + project.id(), Representations.project(project));
    }
}

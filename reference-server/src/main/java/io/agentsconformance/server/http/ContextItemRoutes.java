package io.agentsconformance.server.http;

import io.agentsconformance.server.model.ContextItem;
import io.agentsconformance.server.model.Project;
import io.agentsconformance.server.model.Representations;
import io.agentsconformance.server.store.Store;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** Context items: documents a run or a message can hand to the agents. */
final class ContextItemRoutes {

    private final Store store;
    private final Lookups lookups;

    ContextItemRoutes(Store store, Lookups lookups) {
        this.store = store;
        this.lookups = lookups;
    }

    void register(RoutesConfig routes) {
        routes.post("/api/projects/{projectId}/context-items", this::create);
        routes.get("/api/projects/{projectId}/context-items/{contextItemId}",
                ctx -> Replies.ok(ctx, Representations.contextItem(lookups.contextItem(ctx, lookups.project(ctx)))));
    }

    private void create(Context ctx) {
        Project project = lookups.project(ctx);
        Fields fields = new Fields(JsonBody.read(ctx));
        String name = fields.requiredText("name", 200);
        String content = fields.requiredText("content", Integer.MAX_VALUE);
        fields.validate();
        ContextItem item = store.contextItems().create(project.id(), name, content);
        Replies.created(ctx, "/api/projects/" + project.id() + "/context-items/" + item.id(),
                Representations.contextItem(item));
    }
}

package io.agentsconformance.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.agentsconformance.server.model.AgentProfile;
import io.agentsconformance.server.model.Json;
import io.agentsconformance.server.model.Representations;
import io.agentsconformance.server.store.Store;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;

/** Agent profiles: the built-in ones and each user's own (seed 004 section 9). */
final class ProfileRoutes {

    private final Store store;
    private final Lookups lookups;

    ProfileRoutes(Store store, Lookups lookups) {
        this.store = store;
        this.lookups = lookups;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/agents/profiles", this::list);
        routes.post("/api/agents/profiles", this::create);
        routes.get("/api/agents/profiles/{agentId}",
                ctx -> Replies.ok(ctx, Representations.profile(lookups.profile(ctx))));
    }

    private void list(Context ctx) {
        ArrayNode profiles = Json.array();
        store.profiles().visibleTo(Auth.user(ctx)).forEach(profile -> profiles.add(Representations.profile(profile)));
        Replies.ok(ctx, profiles);
    }

    private void create(Context ctx) {
        Fields fields = new Fields(JsonBody.read(ctx));
        String name = fields.requiredText("name", 200);
        String description = fields.requiredText("description", 2000);
        List<String> capabilities = fields.optionalStrings("capabilities", 50, 100);
        String instructions = fields.optionalText("instructions", 20_000);
        fields.validate();
        AgentProfile profile = store.profiles().create(Auth.user(ctx), name, description, capabilities, instructions);
        Replies.created(ctx, "/api/agents/profiles/" + profile.id(), Representations.profile(profile));
    }
}

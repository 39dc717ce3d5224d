package io.agentsconformance.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentsconformance.server.model.Json;
import io.agentsconformance.server.store.Store;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** Readiness (OPS-01): UP once the server accepts work and its store answers a query. */
final class HealthRoutes {

    static final String PATH = "/api/health";

    /** The version of spec/ this server implements (spec/README.md, "Version, levels and capabilities"). */
    static final String CONTRACT_VERSION = "1.1";

    private final Store store;
    private final int maxRequestBytes;
    private final boolean streamsModelAnswers;

    HealthRoutes(Store store, int maxRequestBytes, boolean streamsModelAnswers) {
        this.store = store;
        this.maxRequestBytes = maxRequestBytes;
        this.streamsModelAnswers = streamsModelAnswers;
    }

    void register(RoutesConfig routes) {
        routes.get(PATH, this::health);
    }

    private void health(Context ctx) {
        boolean storeUp = store.db().isUp();
        ObjectNode json = Json.object();
        json.put("status", storeUp ? "UP" : "DOWN");
        json.putObject("checks").put("store", storeUp ? "UP" : "DOWN");
        // Declared so that a client (the kit's EDGE-2 and SEC-04) holds the server to it.
        json.putObject("limits").put("maxRequestBytes", maxRequestBytes);
        // Every optional part of the contract: the kit runs the cases that need them.
        json.put("contractVersion", CONTRACT_VERSION);
        var capabilities = json.putArray("capabilities")
                .add("follow-up-messages").add("clarification").add("artifacts").add("agent-fallback");
        if (streamsModelAnswers) {
            capabilities.add("streamed-model-answers");
        }
        ctx.status(storeUp ? 200 : 503).contentType("application/json").result(Json.write(json));
    }
}

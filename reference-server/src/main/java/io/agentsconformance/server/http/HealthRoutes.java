package io.agentsconformance.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentsconformance.server.model.Json;
import io.agentsconformance.server.store.Store;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** Readiness (OPS-01): UP once the server accepts work and its store answers a query. */
final class HealthRoutes {

    static final String PATH = "/api/health";

    private final Store store;
    private final int maxRequestBytes;

    HealthRoutes(Store store, int maxRequestBytes) {
        this.store = store;
        this.maxRequestBytes = maxRequestBytes;
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
        ctx.status(storeUp ? 200 : 503).contentType("application/json").result(Json.write(json));
    }
}

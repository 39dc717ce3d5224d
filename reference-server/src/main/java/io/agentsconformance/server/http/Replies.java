package io.agentsconformance.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentsconformance.server.model.Json;
import io.javalin.http.Context;

final class Replies {

    private Replies() {
    }

    static void ok(Context ctx, JsonNode body) {
        ctx.status(200).contentType("application/json").result(Json.write(body));
    }

    static void created(Context ctx, String location, JsonNode body) {
        ctx.header("Location", location);
        created(ctx, body);
    }

    static void created(Context ctx, JsonNode body) {
        ctx.status(201).contentType("application/json").result(Json.write(body));
    }
}

package io.agentsconformance.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentsconformance.server.model.Json;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

/** Writes RFC 9457 problem documents. */
final class Problems {

    static final String CONTENT_TYPE = "application/problem+json";

    private Problems() {
    }

    static void write(Context ctx, ApiError error) {
        ObjectNode problem = Json.object();
        problem.put("type", "about:blank");
        problem.put("title", HttpStatus.forStatus(error.status).getMessage());
        problem.put("status", error.status);
        problem.put("detail", error.getMessage());
        if (!error.errors.isEmpty()) {
            ArrayNode errors = problem.putArray("errors");
            error.errors.forEach(e -> errors.addObject().put("field", e.field()).put("message", e.message()));
        }
        if (error.status == 401) {
            ctx.header("WWW-Authenticate", "Bearer");
        }
        ctx.status(error.status).contentType(CONTENT_TYPE).result(Json.write(problem));
    }
}

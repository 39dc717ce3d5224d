package io.agentsconformance.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentsconformance.server.model.Json;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

/** Writes RFC 9457 problem documents. */
final class Problems {

    /**
     * With its charset: Jetty assumes UTF-8 for application/json but ISO-8859-1 for a media type it
     * does not know, which turned a detail echoing {@code wf_é} into JSON no UTF-8 parser reads.
     */
    static final String CONTENT_TYPE = "application/problem+json; charset=utf-8";

    private Problems() {
    }

    static void write(Context ctx, ApiError error) {
        if (error.status == 401) {
            ctx.header("WWW-Authenticate", "Bearer");
        }
        ctx.status(error.status).contentType(CONTENT_TYPE).result(document(error));
    }

    static String document(ApiError error) {
        ObjectNode problem = Json.object();
        problem.put("type", "about:blank");
        problem.put("title", HttpStatus.forStatus(error.status).getMessage());
        problem.put("status", error.status);
        problem.put("detail", error.getMessage());
        if (!error.errors.isEmpty()) {
            ArrayNode errors = problem.putArray("errors");
            error.errors.forEach(e -> errors.addObject().put("field", e.field()).put("message", e.message()));
        }
        return Json.write(problem);
    }
}

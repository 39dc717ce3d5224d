package io.agentsconformance.kit.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.response.Response;

import java.io.IOException;

/**
 * One exchange with the target: what was asked (for messages) and what came back.
 *
 * @param request e.g. {@code POST /api/projects/proj_1/agent-runs}
 */
public record Call(String request, Response response) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public int status() {
        return response.statusCode();
    }

    public String body() {
        return response.asString();
    }

    public String contentType() {
        return response.contentType();
    }

    /** The body as a JSON tree; a body that is not JSON reads as a missing node. */
    public JsonNode json() {
        try {
            String body = body();
            return body == null || body.isBlank() ? JSON.missingNode() : JSON.readTree(body);
        } catch (IOException e) {
            return JSON.missingNode();
        }
    }

    /** A value by a simple JSON path such as {@code $.items[0].status}; missing reads as a missing node. */
    public JsonNode at(String path) {
        return Json.at(json(), path);
    }

    public String text(String path) {
        JsonNode node = at(path);
        return node.isMissingNode() || node.isNull() ? null : node.asText();
    }

    /** Short form for messages: the request and the status and body that came back. */
    public String describe() {
        String body = body();
        if (body != null && body.length() > 600) {
            body = body.substring(0, 600) + "... (" + body.length() + " characters)";
        }
        return request + " answered " + status() + (body == null || body.isBlank() ? "" : " " + body);
    }
}

package io.agentsconformance.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentsconformance.server.model.Json;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's error pages as problem documents: requests Jetty rejects before Javalin sees them (a
 * NUL in the path, a malformed request line or header) still get application/problem+json.
 */
final class JettyProblems extends ErrorHandler {

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
            Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problems.CONTENT_TYPE);
        response.write(true, ByteBuffer.wrap(problem(code, message)), callback);
    }

    private static byte[] problem(int status, String message) {
        ObjectNode problem = Json.object();
        problem.put("type", "about:blank");
        problem.put("title", HttpStatus.getMessage(status));
        problem.put("status", status);
        problem.put("detail", message == null || message.isBlank() ? HttpStatus.getMessage(status) : message);
        return Json.write(problem).getBytes(StandardCharsets.UTF_8);
    }
}

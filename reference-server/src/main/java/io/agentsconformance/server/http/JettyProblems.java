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
        response.write(true, ByteBuffer.wrap(problem(code, detail(code, message, cause))), callback);
    }

    /**
     * For a request line it cannot parse (a path with {@code %00} or {@code %zz}), Jetty's message
     * is the bare reason phrase; what was wrong is in the cause, and a 400 must say it (spec/README.md).
     */
    private static String detail(int status, String message, Throwable cause) {
        String reason = HttpStatus.getMessage(status);
        // Only a 400 names its cause: other errors' causes are the server's business, not the client's.
        for (Throwable t = status == 400 ? cause : null; t != null; t = t.getCause()) {
            String why = t.getMessage();
            if (why != null && !why.isBlank() && !why.endsWith(reason)) {
                return "The request could not be parsed: " + why;
            }
        }
        return message == null || message.isBlank() ? reason : message;
    }

    private static byte[] problem(int status, String detail) {
        ObjectNode problem = Json.object();
        problem.put("type", "about:blank");
        problem.put("title", HttpStatus.getMessage(status));
        problem.put("status", status);
        problem.put("detail", detail);
        return Json.write(problem).getBytes(StandardCharsets.UTF_8);
    }
}

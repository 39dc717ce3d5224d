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
        int status = code;
        String detail = detail(code, message, cause);
        if (code == HttpStatus.HTTP_VERSION_NOT_SUPPORTED_505) {
            // A request line Jetty cannot read the version of (HTTP/0.9 has none, "HTTP/x" is no
            // version) is malformed client input, and nothing a client sends may produce a 5xx.
            // (HTTP/1.2 and the like never come here: LenientVersions reads them as HTTP/1.1.)
            status = HttpStatus.BAD_REQUEST_400;
            detail = "The request line is not an HTTP/1.x request line: " + detail;
            response.setStatus(status);
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problems.CONTENT_TYPE);
        response.write(true, ByteBuffer.wrap(problem(status, detail)), callback);
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

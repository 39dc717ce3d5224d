package io.agentsconformance.kit.report;

import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

/**
 * Each reported HTTP exchange as one short text attachment: the request line, its body, the
 * status and the answer's body, each body elided in the middle beyond {@link #BODY_CHARS} (with
 * its whole size and SHA-256, {@link Evidence#elide}). Allure's own REST Assured
 * filter renders every exchange through an HTML template of several kilobytes; with thousands of
 * exchanges per suite that made the single-file report 45 MB, too big to open, for no more
 * information than this.
 */
public final class ExchangeEvidence implements Filter {

    static final int BODY_CHARS = 4 * 1024;

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response,
            FilterContext context) {
        Response answer = context.next(request, response);
        StringBuilder text = new StringBuilder();
        text.append(request.getMethod()).append(' ').append(request.getURI()).append('\n');
        Object body = request.getBody();
        if (body != null) {
            text.append(cut(String.valueOf(body))).append('\n');
        }
        text.append("\n").append(answer.getStatusLine()).append('\n');
        answer.getHeaders().asList().stream()
                .filter(h -> h.getName().equalsIgnoreCase("Content-Type") || h.getName().equalsIgnoreCase("Location")
                        || h.getName().equalsIgnoreCase("Allow") || h.getName().equalsIgnoreCase("Retry-After"))
                .forEach(h -> text.append(h.getName()).append(": ").append(h.getValue()).append('\n'));
        String answered = answer.asString();
        if (answered != null && !answered.isEmpty()) {
            text.append('\n').append(cut(answered)).append('\n');
        }
        Evidence.text(request.getMethod() + " " + request.getDerivedPath() + " -> " + answer.getStatusCode(), text.toString());
        return answer;
    }

    private static String cut(String body) {
        return Evidence.elide(body, BODY_CHARS);
    }
}

package io.agentsconformance.server.http;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Set;

/**
 * The method is the request line's (spec/README.md, "HTTP", SEC-05). Javalin's {@code ctx.method()}
 * honours {@code X-HTTP-Method-Override} and has no setting to stop it, so a {@code GET} carrying
 * {@code X-HTTP-Method-Override: POST} created a project: any page a user visits could have made
 * her browser do it. The override headers are hidden from everything behind this filter.
 */
final class MethodOverrideIgnored implements jakarta.servlet.Filter {

    static final Set<String> HEADERS = Set.of("x-http-method-override", "x-http-method", "x-method-override");

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        // Only a request that carries one is wrapped: the WebSocket upgrade wants Jetty's own request.
        if (request instanceof HttpServletRequest http && carriesOverride(http)) {
            chain.doFilter(new HttpServletRequestWrapper(http) {
                @Override
                public String getHeader(String name) {
                    return hidden(name) ? null : super.getHeader(name);
                }

                @Override
                public Enumeration<String> getHeaders(String name) {
                    return hidden(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
                }

                @Override
                public Enumeration<String> getHeaderNames() {
                    return Collections.enumeration(Collections.list(super.getHeaderNames()).stream()
                            .filter(header -> !hidden(header)).toList());
                }
            }, response);
        } else {
            chain.doFilter(request, response);
        }
    }

    private static boolean carriesOverride(HttpServletRequest request) {
        for (Enumeration<String> names = request.getHeaderNames(); names.hasMoreElements(); ) {
            if (hidden(names.nextElement())) {
                return true;
            }
        }
        return false;
    }

    private static boolean hidden(String header) {
        return header != null && HEADERS.contains(header.toLowerCase(Locale.ROOT));
    }
}

package io.agentsconformance.server.http;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;

/**
 * The API keeps no HTTP session: a request may read one that exists (none ever does) but never
 * creates one. Without this, Javalin's WebSocket upgrade, which copies the session's attributes,
 * minted a JSESSIONID on every upgrade attempt (2,000 attempts, 2,000 sessions).
 */
final class NoSessions implements jakarta.servlet.Filter {

    /** A session with nothing in it, that stores nothing and is never sent to the client. */
    private static final HttpSession EMPTY = (HttpSession) java.lang.reflect.Proxy.newProxyInstance(
            NoSessions.class.getClassLoader(), new Class<?>[] {HttpSession.class}, (proxy, method, args) -> switch (method.getName()) {
                case "getAttributeNames" -> java.util.Collections.emptyEnumeration();
                case "getId" -> "none";
                case "isNew" -> true;
                case "getCreationTime", "getLastAccessedTime" -> 0L;
                case "getMaxInactiveInterval" -> 0;
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                case "toString" -> "no session";
                default -> null;
            });

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request instanceof HttpServletRequest http) {
            chain.doFilter(new HttpServletRequestWrapper(http) {
                @Override
                public HttpSession getSession() {
                    HttpSession existing = super.getSession(false);
                    return existing != null ? existing : EMPTY;
                }

                @Override
                public HttpSession getSession(boolean create) {
                    HttpSession existing = super.getSession(false);
                    return existing != null || !create ? existing : EMPTY;
                }
            }, response);
        } else {
            chain.doFilter(request, response);
        }
    }
}

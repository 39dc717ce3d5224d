package io.agentsconformance.server.http;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

/** Bearer-token authentication against the configured users. */
final class Auth {

    private static final String USER = "agents.user";

    private final Map<String, String> usersByToken;

    Auth(Map<String, String> usersByToken) {
        this.usersByToken = Map.copyOf(usersByToken);
    }

    /** Every path but {@code GET /api/health} needs a known token; a 401 otherwise. */
    void authenticate(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw ApiError.unauthorized();
        }
        String user = userOf(header.substring(7).trim());
        if (user == null) {
            throw ApiError.unauthorized();
        }
        ctx.attribute(USER, user);
    }

    /** The user whose token this is, or null. */
    String userOf(String token) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        byte[] presented = token.getBytes(StandardCharsets.UTF_8);
        String user = null;
        // Compare with every token in constant time: how long the check takes reveals nothing.
        for (Map.Entry<String, String> entry : usersByToken.entrySet()) {
            if (MessageDigest.isEqual(presented, entry.getKey().getBytes(StandardCharsets.UTF_8))) {
                user = entry.getValue();
            }
        }
        return user;
    }

    static String user(Context ctx) {
        String user = ctx.attribute(USER);
        if (user == null) {
            throw new IllegalStateException("route reached without authentication");
        }
        return user;
    }
}

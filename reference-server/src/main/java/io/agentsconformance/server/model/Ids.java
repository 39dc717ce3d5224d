package io.agentsconformance.server.model;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Server-generated identifiers: a readable prefix and 96 random bits, e.g. {@code run_3f9c0a...}. */
public final class Ids {

    /** Every identifier this server issues or accepts as a node, tool or profile name has this shape. */
    private static final Pattern PLAUSIBLE = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    public static String newId(String prefix) {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return prefix + "_" + HexFormat.of().formatHex(bytes);
    }

    /**
     * Whether a client-supplied id could name anything. Hostile path ids (traversal, SQL, unicode,
     * 2000 characters) fail this and are answered 404 without reaching the database.
     */
    public static boolean isPlausible(String id) {
        return id != null && PLAUSIBLE.matcher(id).matches();
    }
}

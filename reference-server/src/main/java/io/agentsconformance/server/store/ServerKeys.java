package io.agentsconformance.server.store;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/** Random secrets made once per database and kept in it, so that they outlive the process. */
public final class ServerKeys {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Database db;

    public ServerKeys(Database db) {
        this.db = db;
    }

    /** The 32-byte secret named {@code name}, made on first use. */
    public byte[] secret(String name) {
        Optional<String> kept = find(name);
        if (kept.isEmpty()) {
            byte[] fresh = new byte[32];
            RANDOM.nextBytes(fresh);
            try {
                db.update("INSERT INTO server_keys (name, secret) VALUES (?, ?)", name, HexFormat.of().formatHex(fresh));
            } catch (DataAccessException anotherProcessWasFirst) {
                // Two servers on one file database starting together: the one that was first wins.
            }
            kept = find(name);
        }
        return HexFormat.of().parseHex(kept.orElseThrow(() -> new IllegalStateException(
                "server key '" + name + "' could neither be read nor stored")));
    }

    private Optional<String> find(String name) {
        return db.one("SELECT secret FROM server_keys WHERE name = ?", row -> row.getString(1), name);
    }
}

package io.agentsconformance.server.store;

import io.agentsconformance.server.model.AgentProfile;
import io.agentsconformance.server.model.Ids;
import io.agentsconformance.server.model.Json;
import io.agentsconformance.server.model.Times;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

public final class ProfileStore {

    private final Database db;

    public ProfileStore(Database db) {
        this.db = db;
    }

    public AgentProfile create(String owner, String name, String description, List<String> capabilities,
            String instructions) {
        AgentProfile profile = new AgentProfile(Ids.newId("agent"), owner, name, description,
                List.copyOf(capabilities), instructions);
        db.update("""
                INSERT INTO agent_profiles (id, owner, name, description, capabilities, instructions, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)""",
                profile.id(), owner, name, description, Json.writeStrings(capabilities), instructions, Times.now());
        return profile;
    }

    /** The built-in profiles, then the user's own, each in creation order. */
    public List<AgentProfile> visibleTo(String user) {
        return db.list("""
                SELECT * FROM agent_profiles WHERE owner IS NULL OR owner = ?
                ORDER BY CASE WHEN owner IS NULL THEN 0 ELSE 1 END, ordinal""", ProfileStore::map, user);
    }

    public Optional<AgentProfile> findVisible(String id, String user) {
        return db.one("SELECT * FROM agent_profiles WHERE id = ? AND (owner IS NULL OR owner = ?)",
                ProfileStore::map, id, user);
    }

    public Optional<AgentProfile> find(String id) {
        return db.one("SELECT * FROM agent_profiles WHERE id = ?", ProfileStore::map, id);
    }

    private static AgentProfile map(ResultSet row) throws SQLException {
        return new AgentProfile(row.getString("id"), row.getString("owner"), row.getString("name"),
                row.getString("description"), Json.readStrings(row.getString("capabilities")),
                row.getString("instructions"));
    }
}

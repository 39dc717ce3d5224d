package io.agentsconformance.server.store;

import io.agentsconformance.server.model.ContextItem;
import io.agentsconformance.server.model.Ids;
import io.agentsconformance.server.model.Times;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

public final class ContextItemStore {

    private final Database db;

    public ContextItemStore(Database db) {
        this.db = db;
    }

    public ContextItem create(String projectId, String name, String content) {
        ContextItem item = new ContextItem(Ids.newId("ctx"), projectId, name, content, Times.now());
        db.update("INSERT INTO context_items (id, project_id, name, content, created_at) VALUES (?, ?, ?, ?, ?)",
                item.id(), projectId, name, content, item.createdAt());
        return item;
    }

    public Optional<ContextItem> find(String projectId, String id) {
        return db.one("SELECT * FROM context_items WHERE id = ? AND project_id = ?", ContextItemStore::map, id,
                projectId);
    }

    /** The ids among {@code ids} that name no context item of the project, each once, in order. */
    public List<String> missing(String projectId, List<String> ids) {
        List<String> missing = new ArrayList<>();
        for (String id : new LinkedHashSet<>(ids)) {
            if (!Ids.isPlausible(id) || find(projectId, id).isEmpty()) {
                missing.add(id);
            }
        }
        return missing;
    }

    /** The items in the order of {@code ids}; ids validated at start cannot go missing (no delete). */
    public List<ContextItem> findAll(String projectId, List<String> ids) {
        List<ContextItem> items = new ArrayList<>();
        for (String id : ids) {
            find(projectId, id).ifPresent(items::add);
        }
        return items;
    }

    private static ContextItem map(ResultSet row) throws SQLException {
        return new ContextItem(row.getString("id"), row.getString("project_id"), row.getString("name"),
                row.getString("content"), row.getLong("created_at"));
    }
}

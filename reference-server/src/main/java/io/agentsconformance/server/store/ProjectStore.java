package io.agentsconformance.server.store;

import io.agentsconformance.server.model.Ids;
import io.agentsconformance.server.model.Project;
import io.agentsconformance.server.model.Times;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

public final class ProjectStore {

    private final Database db;

    public ProjectStore(Database db) {
        this.db = db;
    }

    public Project create(String owner, String name, int maxConcurrentRuns) {
        Project project = new Project(Ids.newId("proj"), owner, name, maxConcurrentRuns, Times.now());
        db.update("INSERT INTO projects (id, owner, name, max_concurrent_runs, created_at) VALUES (?, ?, ?, ?, ?)",
                project.id(), owner, name, maxConcurrentRuns, project.createdAt());
        return project;
    }

    /** The project if it exists and belongs to {@code owner}; anyone else's is as good as missing. */
    public Optional<Project> findOwned(String id, String owner) {
        return db.one("SELECT * FROM projects WHERE id = ? AND owner = ?", ProjectStore::map, id, owner);
    }

    public Optional<Project> find(String id) {
        return db.one("SELECT * FROM projects WHERE id = ?", ProjectStore::map, id);
    }

    private static Project map(ResultSet row) throws SQLException {
        return new Project(row.getString("id"), row.getString("owner"), row.getString("name"),
                row.getInt("max_concurrent_runs"), row.getLong("created_at"));
    }
}

package io.agentsconformance.server.store;

import io.agentsconformance.server.model.Ids;
import io.agentsconformance.server.model.Json;
import io.agentsconformance.server.model.Representations;
import io.agentsconformance.server.model.Times;
import io.agentsconformance.server.model.Workflow;
import io.agentsconformance.server.model.WorkflowNode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

public final class WorkflowStore {

    private final Database db;

    public WorkflowStore(Database db) {
        this.db = db;
    }

    public Workflow create(String projectId, String name, List<WorkflowNode> nodes) {
        Workflow workflow = new Workflow(Ids.newId("wf"), projectId, name, List.copyOf(nodes), Times.now());
        db.update("INSERT INTO workflows (id, project_id, name, definition, created_at) VALUES (?, ?, ?, ?, ?)",
                workflow.id(), projectId, name, Json.write(Representations.nodes(nodes)), workflow.createdAt());
        return workflow;
    }

    /** A workflow of the project that has not been deleted. */
    public Optional<Workflow> findLive(String projectId, String id) {
        return db.one("SELECT * FROM workflows WHERE id = ? AND project_id = ? AND deleted_at IS NULL",
                WorkflowStore::map, id, projectId);
    }

    public boolean delete(String projectId, String id) {
        return db.update("UPDATE workflows SET deleted_at = ? WHERE id = ? AND project_id = ? AND deleted_at IS NULL",
                Times.now(), id, projectId) == 1;
    }

    private static Workflow map(ResultSet row) throws SQLException {
        return new Workflow(row.getString("id"), row.getString("project_id"), row.getString("name"),
                Representations.readNodes(Json.read(row.getString("definition"))), row.getLong("created_at"));
    }
}

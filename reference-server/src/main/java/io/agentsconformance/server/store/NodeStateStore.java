package io.agentsconformance.server.store;

import io.agentsconformance.server.model.Json;
import io.agentsconformance.server.model.NodeState;
import io.agentsconformance.server.model.WorkflowNode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

public final class NodeStateStore {

    private final Database db;

    public NodeStateStore(Database db) {
        this.db = db;
    }

    /** One PENDING state per node, created when the run starts. */
    public void insertPending(String runId, List<WorkflowNode> nodes) {
        for (int i = 0; i < nodes.size(); i++) {
            WorkflowNode node = nodes.get(i);
            db.update("""
                    INSERT INTO node_states (run_id, node_id, ordinal, agent_id, model, status, notes)
                    VALUES (?, ?, ?, ?, ?, 'PENDING', '[]')""", runId, node.id(), i, node.agentId(), node.model());
        }
    }

    public Optional<NodeState> find(String runId, String nodeId) {
        return db.one("SELECT * FROM node_states WHERE run_id = ? AND node_id = ?", NodeStateStore::map, runId, nodeId);
    }

    /** The run's node states in workflow order. */
    public List<NodeState> list(String runId) {
        return db.list("SELECT * FROM node_states WHERE run_id = ? ORDER BY ordinal", NodeStateStore::map, runId);
    }

    /** Writes {@code state} if the stored one still has {@code expected} status. */
    public boolean save(NodeState state, NodeState.Status expected) {
        return db.update("""
                UPDATE node_states
                SET agent_id = ?, model = ?, on_fallback = ?, status = ?, progress = ?, model_calls = ?, notes = ?,
                    output = ?, started_at = ?, completed_at = ?
                WHERE run_id = ? AND node_id = ? AND status = ?""",
                state.agentId(), state.model(), state.onFallback(), state.status().name(), state.progress(),
                state.modelCalls(), Json.writeStrings(state.notes()), state.output(), state.startedAt(),
                state.completedAt(), state.runId(), state.nodeId(), expected.name()) == 1;
    }

    private static NodeState map(ResultSet row) throws SQLException {
        return new NodeState(
                row.getString("run_id"),
                row.getString("node_id"),
                row.getString("agent_id"),
                row.getString("model"),
                row.getBoolean("on_fallback"),
                NodeState.Status.valueOf(row.getString("status")),
                row.getDouble("progress"),
                row.getInt("model_calls"),
                Json.readStrings(row.getString("notes")),
                row.getString("output"),
                Rows.nullableLong(row, "started_at"),
                Rows.nullableLong(row, "completed_at"));
    }
}

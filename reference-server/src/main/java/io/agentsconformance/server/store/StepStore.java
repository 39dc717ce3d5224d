package io.agentsconformance.server.store;

import io.agentsconformance.server.model.Page;
import io.agentsconformance.server.model.Step;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

public final class StepStore {

    private final Database db;

    public StepStore(Database db) {
        this.db = db;
    }

    public void insert(Step step) {
        db.update("""
                INSERT INTO steps (id, run_id, step_number, node_id, kind, name, tool_call_id, attempt, status, input,
                                   started_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                step.id(), step.runId(), step.stepNumber(), step.nodeId(), step.kind().name(), step.name(),
                step.toolCallId(), step.attempt(), step.status().name(), step.input(), step.startedAt());
    }

    /** Ends a RUNNING step; false if something else (a cancel) ended it first. */
    public boolean finish(String id, Step.Status status, String output, String error, long completedAt) {
        return db.update("""
                UPDATE steps SET status = ?, output = ?, error = ?, completed_at = ?, duration_ms = ? - started_at
                WHERE id = ? AND status = 'RUNNING'""",
                status.name(), output, error, completedAt, completedAt, id) == 1;
    }

    public Optional<Step> find(String id) {
        return db.one("SELECT * FROM steps WHERE id = ?", StepStore::map, id);
    }

    /** Cancels every RUNNING step of the run and returns them as they are now. */
    public List<Step> cancelRunning(String runId, long completedAt) {
        List<String> ids = db.list("SELECT id FROM steps WHERE run_id = ? AND status = 'RUNNING' ORDER BY step_number",
                row -> row.getString(1), runId);
        List<Step> cancelled = new ArrayList<>();
        for (String id : ids) {
            if (finish(id, Step.Status.CANCELLED, null, "cancelled", completedAt)) {
                cancelled.add(find(id).orElseThrow());
            }
        }
        return cancelled;
    }

    /** Steps in execution order; {@code afterNumber} is the keyset cursor. */
    public Page<Step> page(String runId, Long afterNumber, int limit) {
        long total = db.number("SELECT COUNT(*) FROM steps WHERE run_id = ?", runId);
        List<Step> rows = db.list("""
                SELECT * FROM steps WHERE run_id = ? AND step_number > ? ORDER BY step_number LIMIT ?""",
                StepStore::map, runId, afterNumber == null ? 0L : afterNumber, limit + 1);
        return Pages.of(rows, limit, total, Step::stepNumber);
    }

    private static Step map(ResultSet row) throws SQLException {
        return new Step(
                row.getString("id"),
                row.getString("run_id"),
                row.getInt("step_number"),
                row.getString("node_id"),
                Step.Kind.valueOf(row.getString("kind")),
                row.getString("name"),
                row.getString("tool_call_id"),
                row.getInt("attempt"),
                Step.Status.valueOf(row.getString("status")),
                row.getString("input"),
                row.getString("output"),
                row.getString("error"),
                Rows.nullableLong(row, "duration_ms"),
                row.getLong("started_at"),
                Rows.nullableLong(row, "completed_at"));
    }
}

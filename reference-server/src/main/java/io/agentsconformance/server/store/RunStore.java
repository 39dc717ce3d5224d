package io.agentsconformance.server.store;

import io.agentsconformance.server.model.Json;
import io.agentsconformance.server.model.Page;
import io.agentsconformance.server.model.Representations;
import io.agentsconformance.server.model.Run;
import io.agentsconformance.server.model.RunStatus;
import io.agentsconformance.server.model.WorkflowNode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs and their status transitions. Every transition is a conditional UPDATE on the current
 * status, so under any concurrency each one happens at most once and the caller learns whether it
 * was the one that made it.
 */
public final class RunStore {

    private static final String COLUMNS = """
            id, ordinal, project_id, workflow_id, status, input_query, output_summary, context_item_ids,
            error_node_id, error_message, started_at, finished_at, question_node_id, question_tool_call_id,
            question_text""";

    private final Database db;

    public RunStore(Database db) {
        this.db = db;
    }

    public Run insertPending(String id, String projectId, String workflowId, List<WorkflowNode> snapshot,
            String inputQuery, List<String> contextItemIds, long startedAt) {
        db.update("""
                INSERT INTO runs (id, project_id, workflow_id, workflow_snapshot, status, input_query, context_item_ids,
                                  started_at)
                VALUES (?, ?, ?, ?, 'PENDING', ?, ?, ?)""",
                id, projectId, workflowId, Json.write(Representations.nodes(snapshot)), inputQuery,
                Json.writeStrings(contextItemIds), startedAt);
        return find(id).orElseThrow();
    }

    public Optional<Run> find(String id) {
        return db.one("SELECT " + COLUMNS + " FROM runs WHERE id = ?", RunStore::map, id);
    }

    public Optional<Run> findInProject(String projectId, String id) {
        return db.one("SELECT " + COLUMNS + " FROM runs WHERE id = ? AND project_id = ?", RunStore::map, id,
                projectId);
    }

    public List<WorkflowNode> snapshot(String runId) {
        return db.one("SELECT workflow_snapshot FROM runs WHERE id = ?",
                row -> Representations.readNodes(Json.read(row.getString(1))), runId).orElseThrow();
    }

    /** Newest first; {@code beforeOrdinal} is the keyset cursor (null for the first page). */
    public Page<Run> page(String projectId, RunStatus status, String workflowId, Long beforeOrdinal, int limit) {
        StringBuilder where = new StringBuilder(" WHERE project_id = ?");
        List<Object> args = new ArrayList<>(List.of(projectId));
        if (status != null) {
            where.append(" AND status = ?");
            args.add(status.name());
        }
        if (workflowId != null) {
            where.append(" AND workflow_id = ?");
            args.add(workflowId);
        }
        long total = db.number("SELECT COUNT(*) FROM runs" + where, args.toArray());
        if (beforeOrdinal != null) {
            where.append(" AND ordinal < ?");
            args.add(beforeOrdinal);
        }
        args.add(limit + 1);
        List<Run> rows = db.list("SELECT " + COLUMNS + " FROM runs" + where + " ORDER BY ordinal DESC LIMIT ?",
                RunStore::map, args.toArray());
        return Pages.of(rows, limit, total, Run::position);
    }

    public long countRunning(String projectId) {
        return db.number("SELECT COUNT(*) FROM runs WHERE project_id = ? AND status IN ('RUNNING', 'INPUT_REQUIRED')", projectId);
    }

    /** The project's waiting runs, first come first served. */
    public List<String> oldestPending(String projectId, int limit) {
        return db.list("SELECT id FROM runs WHERE project_id = ? AND status = 'PENDING' ORDER BY ordinal LIMIT ?",
                row -> row.getString(1), projectId, limit);
    }

    public List<String> idsWithStatus(RunStatus... statuses) {
        List<String> ids = new ArrayList<>();
        for (RunStatus status : statuses) {
            ids.addAll(db.list("SELECT id FROM runs WHERE status = ? ORDER BY ordinal", row -> row.getString(1),
                    status.name()));
        }
        return ids;
    }

    /** The projects that have runs waiting to be admitted. */
    public List<String> projectsWithPendingRuns() {
        return db.list("SELECT DISTINCT project_id FROM runs WHERE status = 'PENDING'", row -> row.getString(1));
    }

    public boolean start(String id) {
        return db.update("UPDATE runs SET status = 'RUNNING' WHERE id = ? AND status = 'PENDING'", id) == 1;
    }

    public boolean complete(String id, String outputSummary, long finishedAt) {
        return db.update("""
                UPDATE runs SET status = 'COMPLETED', output_summary = ?, finished_at = ?
                WHERE id = ? AND status = 'RUNNING'""", outputSummary, finishedAt, id) == 1;
    }

    public boolean fail(String id, String nodeId, String message, long finishedAt) {
        return db.update("""
                UPDATE runs SET status = 'FAILED', error_node_id = ?, error_message = ?, finished_at = ?,
                                question_node_id = NULL, question_tool_call_id = NULL, question_text = NULL
                WHERE id = ? AND status IN ('PENDING', 'RUNNING', 'INPUT_REQUIRED')""", nodeId, message, finishedAt, id) == 1;
    }

    public boolean cancel(String id, long finishedAt) {
        return db.update("""
                UPDATE runs SET status = 'CANCELLED', finished_at = ?,
                                question_node_id = NULL, question_tool_call_id = NULL, question_text = NULL
                WHERE id = ? AND status IN ('PENDING', 'RUNNING', 'INPUT_REQUIRED')""", finishedAt, id) == 1;
    }

    /** A completed run takes a new user message: it runs again until the message is answered. */
    public boolean resume(String id) {
        return db.update("UPDATE runs SET status = 'RUNNING', finished_at = NULL WHERE id = ? AND status = 'COMPLETED'",
                id) == 1;
    }

    /** The run waits for the user to answer {@code question} (shown until it is answered or the run ends). */
    public boolean awaitInput(String id, Run.Question question) {
        return db.update("""
                UPDATE runs SET status = 'INPUT_REQUIRED', question_node_id = ?, question_tool_call_id = ?,
                                question_text = ?
                WHERE id = ? AND status IN ('RUNNING', 'INPUT_REQUIRED')""", question.nodeId(), question.toolCallId(),
                question.question(), id) == 1;
    }

    /** The question was answered and no other waits: the run goes on. */
    public boolean inputReceived(String id) {
        return db.update("""
                UPDATE runs SET status = 'RUNNING', question_node_id = NULL, question_tool_call_id = NULL,
                                question_text = NULL
                WHERE id = ? AND status = 'INPUT_REQUIRED'""", id) == 1;
    }

    public long answeredSeq(String id) {
        return db.number("SELECT answered_seq FROM runs WHERE id = ?", id);
    }

    public void setAnsweredSeq(String id, long seq) {
        db.update("UPDATE runs SET answered_seq = ? WHERE id = ?", seq, id);
    }

    public long lastMessageSeq(String id) {
        return db.number("SELECT last_message_seq FROM runs WHERE id = ?", id);
    }

    public int nextStepNumber(String id) {
        return (int) increment(id, "last_step_number");
    }

    public long nextMessageSeq(String id) {
        return increment(id, "last_message_seq");
    }

    /** The sequence of the run's last recorded event; 0 before its first. */
    public long lastEventSeq(String id) {
        return db.one("SELECT last_event_seq FROM runs WHERE id = ?", row -> row.getLong(1), id).orElse(0L);
    }

    public long nextEventSeq(String id) {
        return increment(id, "last_event_seq");
    }

    /** Atomic read-and-increment of a per-run counter, whatever else runs concurrently. */
    private long increment(String id, String counter) {
        return db.number("UPDATE runs SET " + counter + " = " + counter + " + 1 WHERE id = ? RETURNING " + counter, id);
    }

    private static Run map(ResultSet row) throws SQLException {
        return new Run(
                row.getString("id"),
                row.getLong("ordinal"),
                row.getString("project_id"),
                row.getString("workflow_id"),
                RunStatus.valueOf(row.getString("status")),
                row.getString("input_query"),
                row.getString("output_summary"),
                Json.readStrings(row.getString("context_item_ids")),
                row.getString("error_node_id"),
                row.getString("error_message"),
                row.getLong("started_at"),
                Rows.nullableLong(row, "finished_at"),
                row.getString("question_tool_call_id") == null ? null
                        : new Run.Question(row.getString("question_node_id"), row.getString("question_tool_call_id"),
                                row.getString("question_text")));
    }
}

package io.agentsconformance.server.store;

import io.agentsconformance.server.model.Json;
import io.agentsconformance.server.model.RunEvent;
import java.util.List;

public final class EventStore {

    private final Database db;

    public EventStore(Database db) {
        this.db = db;
    }

    public void insert(RunEvent event) {
        db.update("INSERT INTO run_events (run_id, sequence_no, event_type, occurred_at, data) VALUES (?, ?, ?, ?, ?)",
                event.runId(), event.sequence(), event.type(), event.timestamp(), Json.write(event.data()));
    }

    /** Up to {@code limit} events of the run with a sequence above {@code afterSequence}, in order. */
    public List<RunEvent> after(String runId, long afterSequence, int limit) {
        return db.list("""
                SELECT * FROM run_events WHERE run_id = ? AND sequence_no > ? ORDER BY sequence_no LIMIT ?""",
                row -> new RunEvent(row.getString("run_id"), row.getLong("sequence_no"), row.getString("event_type"),
                        row.getLong("occurred_at"), Json.read(row.getString("data"))),
                runId, afterSequence, limit);
    }
}

package io.agentsconformance.server.store;

import io.agentsconformance.server.model.Json;
import io.agentsconformance.server.model.Message;
import io.agentsconformance.server.model.Page;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

public final class MessageStore {

    private static final String COLUMNS = """
            id, run_id, seq, role, message_type, content, node_id, tool_call_id, tool_name, context_item_ids,
            created_at""";

    private final Database db;

    public MessageStore(Database db) {
        this.db = db;
    }

    public void insert(Message message) {
        db.update("""
                INSERT INTO messages (id, run_id, seq, role, message_type, content, node_id, tool_call_id, tool_name,
                                      context_item_ids, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                message.id(), message.runId(), message.seq(), message.role().name(), message.type().name(),
                message.content(), message.nodeId(), message.toolCallId(), message.toolName(),
                Json.writeStrings(message.contextItemIds()), message.createdAt());
    }

    /** Oldest first, filtered by role and type when given; {@code afterSeq} is the keyset cursor. */
    public Page<Message> page(String runId, Message.Role role, Message.Type type, Long afterSeq, int limit) {
        StringBuilder where = new StringBuilder(" WHERE run_id = ?");
        List<Object> args = new ArrayList<>(List.of(runId));
        if (role != null) {
            where.append(" AND role = ?");
            args.add(role.name());
        }
        if (type != null) {
            where.append(" AND message_type = ?");
            args.add(type.name());
        }
        long total = db.number("SELECT COUNT(*) FROM messages" + where, args.toArray());
        where.append(" AND seq > ?");
        args.add(afterSeq == null ? 0L : afterSeq);
        args.add(limit + 1);
        List<Message> rows = db.list("SELECT " + COLUMNS + " FROM messages" + where + " ORDER BY seq LIMIT ?",
                MessageStore::map, args.toArray());
        return Pages.of(rows, limit, total, Message::seq);
    }

    /**
     * What a node's conversation is made of, in order: the node's own messages (less those of a turn
     * its fallback replayed) and, for a final node, the user's follow-ups up to {@code userSeqLimit}.
     */
    public List<Message> conversationOf(String runId, String nodeId, long userSeqLimit) {
        return db.list("SELECT " + COLUMNS + " FROM messages " + """
                WHERE run_id = ?
                  AND ((node_id = ? AND NOT superseded AND message_type IN ('ASSISTANT', 'TOOL_CALL', 'TOOL_RESULT'))
                       OR (role = 'USER' AND seq > 1 AND seq <= ? AND tool_call_id IS NULL))
                ORDER BY seq""", MessageStore::map, runId, nodeId, userSeqLimit);
    }

    /** The first user message after {@code afterSeq} (not the input query): the next one to answer. */
    public Optional<Message> nextUserMessage(String runId, long afterSeq) {
        return db.one("SELECT " + COLUMNS + " FROM messages"
                + " WHERE run_id = ? AND role = 'USER' AND seq > ? AND seq > 1 AND tool_call_id IS NULL"
                + " ORDER BY seq LIMIT 1",
                MessageStore::map, runId, afterSeq);
    }

    /** Leaves the node's messages after {@code afterSeq} out of its conversation from now on. */
    public void supersede(String runId, String nodeId, long afterSeq) {
        db.update("UPDATE messages SET superseded = TRUE WHERE run_id = ? AND node_id = ? AND seq > ?", runId, nodeId,
                afterSeq);
    }

    private static Message map(ResultSet row) throws SQLException {
        return new Message(
                row.getString("id"),
                row.getString("run_id"),
                row.getLong("seq"),
                Message.Role.valueOf(row.getString("role")),
                Message.Type.valueOf(row.getString("message_type")),
                row.getString("content"),
                row.getString("node_id"),
                row.getString("tool_call_id"),
                row.getString("tool_name"),
                Json.readStrings(row.getString("context_item_ids")),
                row.getLong("created_at"));
    }
}

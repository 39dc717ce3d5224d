package io.agentsconformance.server.model;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** One message of a run's conversation; {@code seq} orders a run's messages chronologically. */
public record Message(
        String id,
        String runId,
        long seq,
        Role role,
        Type type,
        String content,
        String nodeId,
        String toolCallId,
        String toolName,
        List<String> contextItemIds,
        long createdAt) {

    public enum Role {
        USER("user"), AGENT("agent");

        public final String wire;

        Role(String wire) {
            this.wire = wire;
        }

        public static Optional<Role> parse(String value) {
            return Arrays.stream(values()).filter(role -> role.wire.equals(value)).findFirst();
        }
    }

    public enum Type {
        USER("user"), ASSISTANT("assistant"), TOOL_CALL("tool_call"), TOOL_RESULT("tool_result"), ERROR("error");

        public final String wire;

        Type(String wire) {
            this.wire = wire;
        }

        public static Optional<Type> parse(String value) {
            return Arrays.stream(values()).filter(type -> type.wire.equals(value)).findFirst();
        }
    }
}

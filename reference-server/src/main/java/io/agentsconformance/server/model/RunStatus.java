package io.agentsconformance.server.model;

import java.util.Arrays;
import java.util.Optional;

public enum RunStatus {
    PENDING, RUNNING, INPUT_REQUIRED, COMPLETED, FAILED, CANCELLED;

    public static Optional<RunStatus> parse(String value) {
        return Arrays.stream(values()).filter(status -> status.name().equals(value)).findFirst();
    }

    public boolean isTerminal() {
        return this == FAILED || this == CANCELLED;
    }
}

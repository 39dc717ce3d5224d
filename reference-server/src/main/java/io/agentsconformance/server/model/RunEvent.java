package io.agentsconformance.server.model;

import com.fasterxml.jackson.databind.JsonNode;

/** One entry of a run's event log, as the event stream sends it. */
public record RunEvent(String runId, long sequence, String type, long timestamp, JsonNode data) {
}

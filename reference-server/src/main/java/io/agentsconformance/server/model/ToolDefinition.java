package io.agentsconformance.server.model;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A tool of a node: the function the model sees and the URL the server POSTs its calls to. */
public record ToolDefinition(String name, String description, String url, ObjectNode parameters) {
}

package io.agentsconformance.kit.scenario;

/** An agent profile a scenario registered, with what it registered. */
public record ProfileRef(String name, String id, java.util.Map<String, Object> registered) { }

package io.agentsconformance.kit.scenario;

/** A context item the scenario added, with the content it gave it. */
public record ContextItemRef(String name, String id, String content) { }

package io.agentsconformance.kit.scenario;

/** A project the scenario created, by the name the Gherkin gives it. */
public record ProjectRef(String alias, String id, Actor owner) { }

package io.agentsconformance.kit.scenario;

/** A user of the target, as the Gherkin names them (Ada, Grace). */
public record Actor(String name, io.agentsconformance.kit.api.AgentsApi api) { }

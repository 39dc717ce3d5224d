package io.agentsconformance.kit.scenario;

/** A run the scenario started, by the name the Gherkin gives it. */
public record RunRef(String alias, String id, ProjectRef project, WorkflowRef workflow, String query) { }

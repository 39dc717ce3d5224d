package io.agentsconformance.kit.setup;

/**
 * A project to create ({@code ProjectCreate} of spec/openapi.yaml).
 *
 * @param label             how the scenario calls the project, e.g. "main" or "second": for messages
 * @param name              the name to give it on the target: the label made unique to the
 *                          scenario, at most 200 characters
 * @param maxConcurrentRuns how many of its runs may be RUNNING at once (1 to 100); further runs
 *                          wait as PENDING, first come first served
 */
public record NewProject(String label, String name, int maxConcurrentRuns) { }

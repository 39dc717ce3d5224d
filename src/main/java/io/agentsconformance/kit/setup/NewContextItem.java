package io.agentsconformance.kit.setup;

/**
 * A context item to add to a project ({@code ContextItemCreate} of spec/openapi.yaml): a document
 * the agents of a run are handed when the run or a message names it.
 *
 * @param name    e.g. "pricing sheet"; cases check that the agents are given it under this name
 * @param content the text the agents are given
 */
public record NewContextItem(String name, String content) { }

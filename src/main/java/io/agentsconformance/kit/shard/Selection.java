package io.agentsconformance.kit.shard;

import java.util.Optional;

/**
 * What the kit jar chose to run before the run started: the tag expression, how many scenarios
 * it selected, and the shard of them this run is. Each run records it in its
 * {@code scenario-results.json}, so that {@code merge} can tell whether the shards it is given
 * add up to the whole selection, each scenario once.
 *
 * @param tags     the --tags expression, null for every scenario
 * @param selected how many scenarios the tags select, before sharding
 * @param shard    the part of them this run is, empty for all of them
 */
public record Selection(String tags, int selected, Optional<Shard> shard) {

    private static volatile Selection current;

    /** Said by the kit jar once it has chosen; a Maven run chooses nothing and leaves it empty. */
    public static void choose(Selection selection) {
        current = selection;
    }

    public static Optional<Selection> chosen() {
        return Optional.ofNullable(current);
    }
}

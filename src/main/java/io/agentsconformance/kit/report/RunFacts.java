package io.agentsconformance.kit.report;

import io.agentsconformance.kit.Kit;
import io.agentsconformance.kit.config.KitConfig;

import java.util.Locale;

/**
 * What a summary says about the run besides the score: which target, where, at which level. A
 * run knows it from its configuration; {@code merge} from the shards' records.
 */
public record RunFacts(String targetName, String targetUrl, String level) {

    static RunFacts of(KitConfig config) {
        return new RunFacts(config.targetName(), Kit.lastStarted().map(k -> k.target().baseUrl().toString()).orElse(null),
                config.level().name().toLowerCase(Locale.ROOT));
    }
}

package io.agentsconformance.kit.setup;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * What every set-up call is given: for whom it creates, in which scenario, and which target.
 *
 * @param owner       the user who must own what is created: the kit reads and uses it through the
 *                    Agents API with this user's bearer token
 * @param scenario    the scenario's name as its feature writes it, for messages and logs
 * @param scenarioKey unique to this run of this scenario: what an implementation may tag its
 *                    creations with, to find or clean them up later
 * @param caseIds     the case IDs the scenario checks (e.g. {@code API-2.1}), for messages
 * @param targetUrl   the base URL of the Agents API under test (what {@code --target} gave, or the
 *                    bundled reference server's)
 * @param httpTimeout the bound the kit puts on each of its HTTP calls ({@code agents.timeout.http}):
 *                    put the same bound on each call an implementation makes
 */
public record SetUpContext(Owner owner, String scenario, String scenarioKey, List<String> caseIds, URI targetUrl,
                           Duration httpTimeout) {

    public SetUpContext {
        caseIds = List.copyOf(caseIds);
    }

    /**
     * A user of the target as the scenarios name them: "Ada" is the first configured user
     * ({@code agents.target.token}), "Grace" the second ({@code agents.target.other-token}).
     *
     * @param name  "Ada" or "Grace"
     * @param token the bearer token the kit sends as this user
     */
    public record Owner(String name, String token) {

        /** Contexts end up in logs and reports; a token does not belong there. */
        @Override
        public String toString() {
            return "Owner[name=" + name + ", token=(not shown)]";
        }
    }
}

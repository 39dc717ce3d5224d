package io.agentsconformance.kit.cli;

import io.agentsconformance.kit.Kit;
import io.agentsconformance.kit.config.KitConfig;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * What is checked before any scenario, so that a run that cannot judge anything says why once,
 * with the fix, instead of failing every scenario with the same 401: both tokens are accepted.
 */
final class Preflight {

    private Preflight() {
    }

    /** The refusals, each naming the setting to fix; empty when both users are let in. */
    static List<String> credentials(Kit kit) {
        KitConfig config = kit.config();
        List<String> refused = new ArrayList<>();
        check(kit, config.token(), "--token (agents.target.token)", refused);
        check(kit, config.otherToken(), "--other-token (agents.target.other-token)", refused);
        return refused;
    }

    private static void check(Kit kit, String token, String setting, List<String> refused) {
        URI profiles = kit.target().baseUrl().resolve("/api/agents/profiles");
        int status;
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(kit.config().httpTimeout()).build();
            status = client.send(HttpRequest.newBuilder(profiles).timeout(kit.config().httpTimeout())
                    .header("Authorization", "Bearer " + token).header("Accept", "application/json").GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            refused.add("GET " + profiles + " with the token of " + setting + " failed: " + e.getMessage());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            refused.add("interrupted while checking " + setting);
            return;
        }
        if (status == 401 || status == 403) {
            refused.add(kit.target().baseUrl() + " refused the token of " + setting + " with " + status
                    + " on GET /api/agents/profiles: pass a bearer token of a user of the target");
        } else if (status != 200) {
            refused.add(kit.target().baseUrl() + " answered GET /api/agents/profiles with " + status
                    + " to the token of " + setting + "; the kit needs 200 there before it can judge anything");
        }
    }
}

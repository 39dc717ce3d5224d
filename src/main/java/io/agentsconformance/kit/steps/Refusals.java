package io.agentsconformance.kit.steps;

import io.agentsconformance.kit.api.Call;

import java.util.Locale;

/**
 * How a target refuses: with an acceptable status (where the seed allows two, either at the
 * lenient level and the contract's preferred one at the strict level) and an RFC 9457 problem
 * document, whose text names the reason when the case says what the reason must be.
 */
public final class Refusals {

    private final World world;

    public Refusals(World world) {
        this.world = world;
    }

    /**
     * @param phrase text the problem must contain, or null when the case names no reason
     */
    public void refused(Call call, String what, int[] preferred, int[] accepted, String phrase) {
        world.expect().status(what, call, world.config().strict() ? preferred : accepted);
        String contentType = call.contentType() == null ? "" : call.contentType().toLowerCase(Locale.ROOT);
        if (world.config().strict()) {
            world.expect().that(contentType.startsWith("application/problem+json"), "Content-Type of the refusal",
                    "application/problem+json (RFC 9457)", contentType, call);
            world.expect().equal("$.status of the problem document", call.status(), call.at("$.status").asInt(), call);
            if (phrase != null) {
                world.expect().that(call.text("$.detail") != null && call.text("$.detail").contains(phrase),
                        "$.detail of the problem", "text containing \"" + phrase + "\"", call.text("$.detail"), call);
            }
        } else {
            world.expect().that(contentType.contains("json"), "Content-Type of the refusal",
                    "a JSON error body (application/problem+json preferred)", contentType, call);
            if (phrase != null) {
                world.expect().that(call.body().toLowerCase(Locale.ROOT).contains(phrase.toLowerCase(Locale.ROOT)),
                        "error message of the refusal", "text containing \"" + phrase + "\"", call.body(), call);
            }
        }
    }
}

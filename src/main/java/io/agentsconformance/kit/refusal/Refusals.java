package io.agentsconformance.kit.refusal;

import io.agentsconformance.kit.scenario.Scene;

import io.agentsconformance.kit.api.Call;

import java.util.List;
import java.util.Locale;

/**
 * How a target refuses: with an acceptable status (where the seed allows two, either at the
 * lenient level and the contract's preferred one at the strict level) and an RFC 9457 problem
 * document, whose text names the reason when the case says what the reason must be.
 */
public final class Refusals {

    private final Scene scene;

    public Refusals(Scene scene) {
        this.scene = scene;
    }

    /**
     * @param phrase text the problem must contain, or null when the case names no reason
     */
    public void refused(Call call, String what, int[] preferred, int[] accepted, String phrase) {
        refusedSaying(call, what, preferred, accepted, phrase == null ? List.of() : List.of(phrase));
    }

    /**
     * A refusal whose text must contain each of {@code words}, in any order and any wording
     * around them: spec/README.md names the words ("`content` and `required`"), not a sentence.
     */
    public void refusedSaying(Call call, String what, int[] preferred, int[] accepted, List<String> words) {
        scene.expect().status(what, call, scene.config().strict() ? preferred : accepted);
        String contentType = call.contentType() == null ? "" : call.contentType().toLowerCase(Locale.ROOT);
        if (scene.config().strict()) {
            scene.expect().that(contentType.startsWith("application/problem+json"), "Content-Type of the refusal",
                    "application/problem+json (RFC 9457)", contentType, call);
            scene.expect().equal("$.status of the problem document", call.status(), call.at("$.status").asInt(), call);
            String detail = call.text("$.detail");
            for (String word : words) {
                scene.expect().that(detail != null && detail.contains(word),
                        "$.detail of the problem", "text containing \"" + word + "\"", detail, call);
            }
        } else {
            scene.expect().that(contentType.contains("json"), "Content-Type of the refusal",
                    "a JSON error body (application/problem+json preferred)", contentType, call);
            String body = call.body() == null ? "" : call.body().toLowerCase(Locale.ROOT);
            for (String word : words) {
                scene.expect().that(body.contains(word.toLowerCase(Locale.ROOT)),
                        "error message of the refusal", "text containing \"" + word + "\"", call.body(), call);
            }
        }
    }
}

package io.agentsconformance.kit.steps;

import io.agentsconformance.kit.fixtures.Fixtures;
import io.agentsconformance.kit.refusal.Footprint;
import io.agentsconformance.kit.refusal.Refusals;
import io.agentsconformance.kit.refusal.Requests;
import io.agentsconformance.kit.scenario.Actor;
import io.agentsconformance.kit.scenario.Cast;
import io.agentsconformance.kit.scenario.Created;
import io.agentsconformance.kit.scenario.Exchanges;
import io.agentsconformance.kit.scenario.RunRef;
import io.agentsconformance.kit.scenario.Scene;

import io.agentsconformance.kit.api.AgentsApi;
import io.agentsconformance.kit.api.Call;
import io.agentsconformance.kit.refusal.Requests.Targets;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Who may do what: requests without valid credentials (SEC-01) and one user's requests for
 * another user's things (SEC-02). Every such request is refused, tells the sender nothing, and
 * leaves Ada's things as they were.
 */
public final class AccessSteps {

    private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T[0-9:.]+Z?");

    private final Scene scene;
    private final Cast cast;
    private final Created created;
    private final Exchanges exchanges;
    private final Fixtures fixtures;
    private final Refusals refusals;
    private Requests request;
    private Targets targets;
    private AgentsApi sender;

    public AccessSteps(Scene scene, Cast cast, Created created, Exchanges exchanges, Fixtures fixtures, Refusals refusals) {
        this.scene = scene;
        this.cast = cast;
        this.created = created;
        this.exchanges = exchanges;
        this.fixtures = fixtures;
        this.refusals = refusals;
    }

    @When("someone {request} with {}")
    public void someoneWith(Requests phrase, String credentials) {
        sender = switch (credentials) {
            case "no credentials" -> cast.anonymous();
            case "an unknown token" -> withAuthorization("Bearer not-a-token-of-anyone-" + scene.scenarioKey());
            case "an empty bearer token" -> withAuthorization("Bearer ");
            case "Ada's token under another scheme" -> withAuthorization("Basic " + scene.config().token());
            case "Ada's token without a scheme" -> withAuthorization(scene.config().token());
            case "Ada's token with one character changed" -> withAuthorization("Bearer " + oneCharacterChanged(scene.config().token()));
            default -> throw new IllegalArgumentException("the kit knows no credentials '" + credentials + "'");
        };
        send(phrase, adaProfileForWorkflows());
    }

    @When("Grace {request}")
    public void graceDoes(Requests phrase) {
        Actor grace = cast.actor("Grace");
        sender = grace.api();
        send(phrase, fixtures.profileFor(grace, "intruder"));
    }

    @When("Grace looks through the agent profiles")
    public void graceListsProfiles() {
        exchanges.lastCall(cast.actor("Grace").api().listAgentProfiles());
    }

    @Then("the request is refused as unauthorized")
    public void refusedAsUnauthorized() {
        Call call = exchanges.lastCall();
        refusals.refused(call, "a request that " + request.phrase() + " without valid credentials",
                new int[] {401}, new int[] {401}, null);
        if (scene.config().strict()) {
            String challenge = call.response().header("WWW-Authenticate");
            scene.expect().that(challenge != null && challenge.regionMatches(true, 0, "Bearer", 0, 6),
                    "WWW-Authenticate header of the 401 (RFC 6750)", "a Bearer challenge", challenge, call);
        }
    }

    @Then("she is told it was not found, as if it did not exist")
    public void notFoundAsIfItDidNotExist() {
        Call call = exchanges.lastCall();
        refusals.refused(call, "Grace's request that " + request.phrase(),
                new int[] {404}, new int[] {404}, null);
        for (var id : targets.adaIds().entrySet()) {
            String body = call.body();
            boolean inPath = call.request().contains(id.getValue());
            // An id the sender gave in the request may be echoed (e.g. as the problem's instance); nothing else may.
            scene.expect().that(inPath || !body.contains(id.getValue()), "the refusal's body",
                    "nothing about Ada's " + id.getKey() + " " + id.getValue(), body, call);
        }
        for (String secret : adaSecrets()) {
            scene.expect().that(!call.body().contains(secret), "the refusal's body", "none of Ada's data (\"" + secret + "\")",
                    call.body(), call);
        }
        Targets invented = targets.invented(exchanges);
        Call control = request.send(sender, invented);
        scene.expect().equal("status of the refusal, against the same request for things that do not exist",
                control.status(), call.status(), call);
        scene.expect().equal("what the refusal reveals (status, type, title, detail with ids and times left out, the"
                        + " members it carries), against the refusal for things that do not exist (" + control.describe() + ")",
                revealed(control, invented), revealed(call, targets), call);
    }

    @Then("the list does not include {string}")
    public void listDoesNotInclude(String name) {
        Call call = exchanges.lastCall();
        scene.expect().status("listing the agent profiles", call, 200);
        String id = created.registeredProfile(name).id();
        List<String> ids = new ArrayList<>();
        call.json().forEach(p -> ids.add(p.path("id").asText()));
        scene.expect().that(!ids.contains(id), "ids of the agent profiles Grace sees", "not Ada's profile " + id, ids, call);
    }

    @Then("nothing changed in Ada's project")
    public void nothingChanged() {
        Map<String, String> changes = Footprint.changes(exchanges.footprint(), Footprint.of(scene, cast, created));
        scene.expect().that(changes.isEmpty(), "what Ada sees of her project after " + exchanges.lastCall().request(),
                "nothing changed", changes, exchanges.lastCall());
    }

    private void send(Requests phrase, String senderProfileId) {
        request = phrase;
        targets = adaTargets(senderProfileId);
        exchanges.footprint(Footprint.of(scene, cast, created));
        exchanges.lastCall(request.send(sender, targets));
    }

    private Targets adaTargets(String senderProfileId) {
        RunRef run = created.run();
        String profile = created.hasRegisteredProfile("private analyst") ? created.registeredProfile("private analyst").id()
                : adaProfileForWorkflows();
        String contextItem = created.contextItems().isEmpty() ? exchanges.inventId("ctx") : created.contextItems().get(0).id();
        return new Targets(created.project().id(), run.id(), run.workflow().id(), profile, contextItem, senderProfileId);
    }

    private String adaProfileForWorkflows() {
        return fixtures.profileFor(cast.actor("Ada"), created.run().workflow().finalNode());
    }

    private List<String> adaSecrets() {
        List<String> secrets = new ArrayList<>();
        secrets.add(created.run().query());
        secrets.add(scene.uniqueName("private"));
        created.contextItems().forEach(item -> secrets.add(item.content()));
        return secrets;
    }

    /**
     * What a refusal tells its reader. The values of other members are left out: RFC 9457 lets a
     * problem carry extension members, and some differ on every request (ASP.NET Core's
     * {@code traceId}); which members there are still shows (spec/README.md, "What the kit reads
     * as free").
     */
    private Map<String, Object> revealed(Call call, Targets ids) {
        Map<String, Object> revealed = new java.util.LinkedHashMap<>();
        revealed.put("status", call.status());
        var json = call.json();
        if (json == null || !json.isObject()) {
            revealed.put("body", normalized(call.body(), ids));
            return revealed;
        }
        for (String member : List.of("type", "title", "detail")) {
            revealed.put(member, json.has(member) ? normalized(json.path(member).asText(), ids) : "(absent)");
        }
        java.util.Set<String> members = new java.util.TreeSet<>();
        json.fieldNames().forEachRemaining(members::add);
        revealed.put("members", members);
        return revealed;
    }

    private String normalized(String body, Targets ids) {
        String text = body == null ? "" : body;
        for (String id : ids.adaIds().values()) {
            text = text.replace(id, "{id}");
        }
        return TIMESTAMP.matcher(text).replaceAll("{time}");
    }

    private AgentsApi withAuthorization(String header) {
        return cast.withAuthorization(header);
    }

    private static String oneCharacterChanged(String token) {
        char last = token.charAt(token.length() - 1);
        return token.substring(0, token.length() - 1) + (last == 'x' ? 'y' : 'x');
    }
}

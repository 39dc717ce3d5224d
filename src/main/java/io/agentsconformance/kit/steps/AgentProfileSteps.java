package io.agentsconformance.kit.steps;

import io.agentsconformance.kit.scenario.Actor;
import io.agentsconformance.kit.scenario.Created;
import io.agentsconformance.kit.scenario.Exchanges;
import io.agentsconformance.kit.scenario.Scene;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentsconformance.kit.api.Call;
import io.agentsconformance.kit.scenario.ProfileRef;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Agent profiles: the target's built-in agents and those a user registers. */
public final class AgentProfileSteps {

    /** The fields every agent profile has (seed section 9, spec/openapi.yaml AgentProfile). */
    private static final List<String> PROFILE_FIELDS = List.of("id", "name", "description", "capabilities");

    private final Scene scene;
    private final Created created;
    private final Exchanges exchanges;

    public AgentProfileSteps(Scene scene, Created created, Exchanges exchanges) {
        this.scene = scene;
        this.created = created;
        this.exchanges = exchanges;
    }

    @Given("{actor} has registered an agent profile {string} that can {string} and {string}")
    public void hasRegisteredAProfile(Actor actor, String name, String first, String second) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", scene.uniqueName(name));
        body.put("description", "Checks " + first + " and " + second + " for the conformance kit.");
        body.put("capabilities", List.of(first, second));
        body.put("instructions", "You are the " + name + ".");
        Call call = actor.api().createAgentProfile(body);
        scene.expect().status("registering agent profile '" + name + "' (fixture API)", call, 201);
        created.addRegisteredProfile(new ProfileRef(name, call.text("$.id"), body));
    }

    @When("{actor} lists the agent profiles")
    public void listsProfiles(Actor actor) {
        exchanges.lastCall(actor.api().listAgentProfiles());
    }

    @When("{actor} reads the agent profile {string}")
    public void readsProfile(Actor actor, String name) {
        exchanges.lastCall(actor.api().getAgentProfile(created.registeredProfile(name).id()));
    }

    @Then("every profile has an id, a name, a description and its capabilities")
    public void everyProfileDescribesItself() {
        Call call = exchanges.lastCall();
        scene.expect().status("listing the agent profiles", call, 200);
        JsonNode profiles = call.json();
        scene.expect().that(profiles.isArray() && profiles.size() > 0, "the list of agent profiles",
                "a non-empty JSON array", profiles.getNodeType(), call);
        for (int i = 0; i < profiles.size(); i++) {
            describesItself(call, "$[" + i + "]", profiles.get(i));
        }
    }

    @Then("the list includes {string} as she registered it")
    public void listIncludes(String name) {
        Call call = exchanges.lastCall();
        ProfileRef profile = created.registeredProfile(name);
        List<String> ids = new ArrayList<>();
        JsonNode listed = null;
        for (JsonNode p : call.json()) {
            ids.add(p.path("id").asText());
            if (profile.id().equals(p.path("id").asText())) {
                listed = p;
            }
        }
        scene.expect().that(listed != null, "ids of the listed agent profiles", "one of them " + profile.id(), ids, call);
        asRegistered(call, "the listed profile " + profile.id(), listed, profile);
    }

    @Then("she sees {string} with every field, as she registered it")
    public void seesProfile(String name) {
        Call call = exchanges.lastCall();
        ProfileRef profile = created.registeredProfile(name);
        scene.expect().status("reading agent profile '" + name + "'", call, 200);
        describesItself(call, "$", call.json());
        scene.expect().field(call, "$.id", profile.id());
        asRegistered(call, "the profile", call.json(), profile);
    }

    private void describesItself(Call call, String path, JsonNode profile) {
        for (String field : PROFILE_FIELDS) {
            scene.expect().that(!profile.path(field).isMissingNode() && !profile.path(field).isNull(),
                    path + "." + field, "present", profile.path(field).isMissingNode() ? "missing" : "null", call);
        }
        scene.expect().that(profile.path("id").isTextual() && !profile.path("id").asText().isBlank(), path + ".id",
                "a non-blank string", profile.path("id"), call);
        scene.expect().that(profile.path("name").isTextual() && !profile.path("name").asText().isBlank(),
                path + ".name", "a non-blank string", profile.path("name"), call);
        scene.expect().that(profile.path("description").isTextual(), path + ".description", "a string",
                profile.path("description"), call);
        JsonNode capabilities = profile.path("capabilities");
        boolean strings = capabilities.isArray();
        for (JsonNode c : capabilities) {
            strings &= c.isTextual();
        }
        scene.expect().that(strings, path + ".capabilities", "an array of strings", capabilities, call);
    }

    private void asRegistered(Call call, String what, JsonNode listed, ProfileRef profile) {
        scene.expect().equal("name of " + what, profile.registered().get("name"), listed.path("name").asText(), call);
        scene.expect().equal("description of " + what, profile.registered().get("description"),
                listed.path("description").asText(), call);
        List<String> capabilities = new ArrayList<>();
        listed.path("capabilities").forEach(c -> capabilities.add(c.asText()));
        scene.expect().equal("capabilities of " + what, profile.registered().get("capabilities"), capabilities, call);
    }
}

package io.agentsconformance.kit.steps;

import io.agentsconformance.kit.api.Call;
import io.agentsconformance.kit.fixtures.Fixtures;
import io.agentsconformance.kit.refusal.Footprint;
import io.agentsconformance.kit.scenario.Actor;
import io.agentsconformance.kit.scenario.Cast;
import io.agentsconformance.kit.scenario.Created;
import io.agentsconformance.kit.scenario.Exchanges;
import io.agentsconformance.kit.scenario.Scene;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * SEC-05: a GET is a read, whatever it carries (spec/README.md, "HTTP"). Each GET below is one
 * the contract documents, sent with a method-override header naming a method that would create,
 * change or delete what the path names, and a body that would do it; everything Ada can see must
 * be as it was (the footprint of the security features), and no answer may claim a creation or
 * be a server error.
 */
public final class MethodOverrideSteps {

    /** The headers frameworks have honoured to let a client tunnel a method through another. */
    static final List<String> OVERRIDE_HEADERS = List.of("X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Scene scene;
    private final Cast cast;
    private final Created created;
    private final Exchanges exchanges;
    private final Fixtures fixtures;
    private final List<Call> answers = new ArrayList<>();

    public MethodOverrideSteps(Scene scene, Cast cast, Created created, Exchanges exchanges, Fixtures fixtures) {
        this.scene = scene;
        this.cast = cast;
        this.created = created;
        this.exchanges = exchanges;
        this.fixtures = fixtures;
    }

    @When("{actor} reads {} with each method-override header set to {word}")
    public void readsWithOverride(Actor actor, String what, String method) {
        String project = "/api/projects/" + BadInputSteps.encode(created.project().id());
        String run = project + "/agent-runs/" + BadInputSteps.encode(created.run().id());
        String workflowId = created.run().workflow().id();
        String agentId = fixtures.profileFor(actor, created.run().workflow().finalNode());
        record Aim(String path, Object body) {
        }
        Aim aim = switch (what) {
            case "her runs" -> new Aim(project + "/agent-runs",
                    Map.of("workflowId", workflowId, "inputQuery", "Started by a GET"));
            case "the messages of her run" -> new Aim(run + "/messages", Map.of("content", "Sent by a GET"));
            case "the agent profiles" -> new Aim("/api/agents/profiles", Map.of("name", "Intruder",
                    "description", "Registered by a GET", "capabilities", List.of("intrusion")));
            case "her project" -> new Aim(project, Map.of("name", "Renamed by a GET", "maxConcurrentRuns", 9));
            case "her run" -> new Aim(run, Map.of("status", "CANCELLED", "inputQuery", "Changed by a GET"));
            case "her workflow" -> new Aim(project + "/workflows/" + BadInputSteps.encode(workflowId),
                    Map.of("name", "Renamed by a GET", "nodes", List.of(Map.of("id", "intruder", "agentId", agentId,
                            "model", Fixtures.DEFAULT_MODEL))));
            case "her context item" -> new Aim(project + "/context-items/"
                    + BadInputSteps.encode(created.contextItems().get(0).id()),
                    Map.of("name", "Changed", "content", "Changed by a GET"));
            case "her agent profile" -> new Aim("/api/agents/profiles/"
                    + BadInputSteps.encode(created.registeredProfile(registeredProfileName()).id()),
                    Map.of("name", "Intruder", "description", "Changed by a GET", "capabilities", List.of()));
            default -> throw new IllegalArgumentException("the kit knows no '" + what + "' to read");
        };
        exchanges.footprint(Footprint.of(scene, cast, created));
        String body = "DELETE".equals(method) ? null : json(aim.body());
        for (String header : OVERRIDE_HEADERS) {
            Call answer = actor.api().sendWithHeader("GET", aim.path(), header, method, body);
            answers.add(answer);
            exchanges.lastCall(answer);
        }
    }

    @Then("every answer is the answer to a read")
    public void everyAnswerIsARead() {
        for (Call answer : answers) {
            int status = answer.status();
            scene.expect().that(status != 201 && status != 202 && status != 204 && status < 500,
                    "status of " + answer.request(), "the answer to a GET: no 201, 202 or 204, and no 5xx",
                    status, answer);
        }
    }

    private String registeredProfileName() {
        return "private analyst";
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

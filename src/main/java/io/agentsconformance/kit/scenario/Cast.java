package io.agentsconformance.kit.scenario;

import io.agentsconformance.kit.api.AgentsApi;
import io.agentsconformance.kit.contract.ContractFilter;
import io.agentsconformance.kit.setup.SetUpContext;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Who acts in the scenario: Ada and Grace (the two configured users), someone with no credentials,
 * and someone with whatever Authorization header a scenario writes. Every answer any of them gets
 * is checked against the contract, a breach naming the scenario's cases.
 */
public final class Cast {

    private final Scene scene;
    private final Map<String, Actor> actors = new LinkedHashMap<>();

    public Cast(Scene scene) {
        this.scene = scene;
    }

    /** Ada is the first configured user, Grace the second. */
    public Actor actor(String name) {
        return actors.computeIfAbsent(name, n -> new Actor(n, AgentsApi.asUser(scene.kit().target().baseUrl(),
                tokenOf(n), scene.config().httpTimeout(), contractCheck())));
    }

    private String tokenOf(String actor) {
        return switch (actor) {
            case "Ada" -> scene.config().token();
            case "Grace" -> scene.config().otherToken();
            default -> throw new IllegalArgumentException("the kit knows two users, Ada and Grace; not " + actor);
        };
    }

    /** What the set-up (setup.TargetSetUp) is told when it creates something for {@code owner} in this scenario. */
    public SetUpContext setUpContext(Actor owner) {
        return new SetUpContext(new SetUpContext.Owner(owner.name(), tokenOf(owner.name())), scene.scenarioName(),
                scene.scenarioKey(), scene.caseIds(), scene.kit().target().baseUrl(), scene.config().httpTimeout());
    }

    public AgentsApi anonymous() {
        return AgentsApi.anonymous(scene.kit().target().baseUrl(), scene.config().httpTimeout(), contractCheck());
    }

    /** The API called with this exact Authorization header, however wrong it is. */
    public AgentsApi withAuthorization(String header) {
        return AgentsApi.withAuthorization(scene.kit().target().baseUrl(), header, scene.config().httpTimeout(),
                contractCheck());
    }

    /** Checks each answer against the contract; a breach names this scenario's case IDs. */
    private ContractFilter contractCheck() {
        return new ContractFilter(scene.kit().contract(), scene.expect());
    }
}

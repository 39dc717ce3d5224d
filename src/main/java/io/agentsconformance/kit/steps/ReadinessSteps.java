package io.agentsconformance.kit.steps;

import io.agentsconformance.kit.scenario.Cast;
import io.agentsconformance.kit.scenario.Exchanges;
import io.agentsconformance.kit.scenario.Scene;

import io.agentsconformance.kit.api.Call;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;

/** OPS-01: the target's health endpoint, and the kit's own wait for it. */
public final class ReadinessSteps {

    private final Scene scene;
    private final Cast cast;
    private final Exchanges exchanges;

    public ReadinessSteps(Scene scene, Cast cast, Exchanges exchanges) {
        this.scene = scene;
        this.cast = cast;
        this.exchanges = exchanges;
    }

    @When("the kit asks the target whether it is ready")
    public void askReadiness() {
        exchanges.lastCall(cast.anonymous().health());
    }

    @Then("the target reports that it is up")
    public void reportsUp() {
        Call call = exchanges.lastCall();
        scene.expect().status("GET /api/health", call, 200);
        scene.expect().field(call, "$.status", "UP");
    }

    @Then("the target reports that its store is up")
    public void reportsStoreUp() {
        scene.expect().field(exchanges.lastCall(), "$.checks.store", "UP");
    }

    @Then("the kit had waited for that answer before running any scenario")
    public void kitWaitedForReadiness() {
        var readiness = scene.kit().readiness();
        scene.expect().that(readiness != null && readiness.ready(),
                "the kit's readiness check before the first scenario", "a 200 UP answer with the store UP",
                readiness == null ? "no check" : readiness.status() + " " + readiness.body(), null);
    }
}

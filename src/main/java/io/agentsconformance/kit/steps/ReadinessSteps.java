package io.agentsconformance.kit.steps;

import io.agentsconformance.kit.api.Call;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;

/** OPS-01: the target's health endpoint, and the kit's own wait for it. */
public final class ReadinessSteps {

    private final World world;

    public ReadinessSteps(World world) {
        this.world = world;
    }

    @When("the kit asks the target whether it is ready")
    public void askReadiness() {
        world.lastCall(world.anonymous().health());
    }

    @Then("the target reports that it is up")
    public void reportsUp() {
        Call call = world.lastCall();
        world.expect().status("GET /api/health", call, 200);
        world.expect().field(call, "$.status", "UP");
    }

    @Then("the target reports that its store is up")
    public void reportsStoreUp() {
        world.expect().field(world.lastCall(), "$.checks.store", "UP");
    }

    @Then("the kit had waited for that answer before running any scenario")
    public void kitWaitedForReadiness() {
        var readiness = world.kit().readiness();
        world.expect().that(readiness != null && readiness.ready(),
                "the kit's readiness check before the first scenario", "a 200 UP answer with the store UP",
                readiness == null ? "no check" : readiness.status() + " " + readiness.body(), null);
    }
}

package io.agentsconformance.kit.steps;

import io.agentsconformance.kit.api.RawExchange;
import io.agentsconformance.kit.report.Evidence;
import io.agentsconformance.kit.scenario.Actor;
import io.agentsconformance.kit.scenario.Scene;

import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;

import java.net.URI;

/**
 * What a target makes of the request itself, sent on a socket of its own (spec/README.md,
 * "HTTP"): request lines of other HTTP versions (SEC-03) and bodies declared over the limit that
 * the client does not send, or asks leave to send (SEC-04). No HTTP client writes these.
 */
public final class WireSteps {

    private final Scene scene;
    private RawExchange.Answer answer;

    public WireSteps(Scene scene) {
        this.scene = scene;
    }

    @When("{actor} asks for the target's health with the request line {string}")
    public void asksWithRequestLine(Actor actor, String requestLine) {
        URI target = scene.kit().target().baseUrl();
        String line = requestLine.replace(" /api/", " " + RawExchange.prefix(target) + "/api/");
        boolean hasVersion = line.trim().split(" ").length >= 3;
        // A request line without a version is HTTP/0.9's, which has no headers.
        exchange(line + "\r\n" + (hasVersion ? "Host: " + host(target) + "\r\nConnection: close\r\n" : ""));
    }

    @When("{actor} declares a body of {long} bytes to create a project and sends none of it")
    public void declaresAndSendsNothing(Actor actor, long bytes) {
        exchange(createProject(bytes, false));
    }

    @When("{actor} declares a body of {int} MiB to create a project, asking to be told to go on first")
    public void declaresAndAsksFirst(Actor actor, int mebibytes) {
        exchange(createProject(mebibytes * 1_048_576L, true));
    }

    @Then("the target answers as to HTTP\\/1.1, with its health")
    public void answersAsHttp11() {
        scene.expect().thatSeen(answer.status() == 200 && answer.statusLine().startsWith("HTTP/1."),
                "answer to a request line of a later HTTP/1 minor version",
                "HTTP/1.1 200 with the health document, as to an HTTP/1.1 request (RFC 9110 s2.5)",
                answer.text().isPresent() ? answer.statusLine() : "no answer", answer.describe());
        scene.expect().thatSeen(answer.body().contains("\"status\""), "body of that answer",
                "the health document", answer.body(), answer.describe());
    }

    @Then("the target refuses it as a bad request or closes the connection without an answer")
    public void refusesOrCloses() {
        boolean closedQuietly = answer.text().isEmpty() && !answer.timedOut();
        scene.expect().thatSeen(answer.status() == 400 || closedQuietly,
                "answer to a request line without an HTTP version",
                "400, or the connection closed without an answer (never a 5xx, never a hang)",
                answer.text().isPresent() ? answer.statusLine()
                        : "no answer" + (answer.timedOut() ? " within " + scene.config().httpTimeout().toMillis() + " ms" : ""),
                answer.describe());
    }

    @Then("the request is refused as too large without waiting for the body")
    public void refusedAtOnce() {
        scene.expect().thatSeen(answer.status() == 413, "answer to a body declared over the limit and not sent",
                "413 from the declared length, within " + scene.config().httpTimeout().toMillis() + " ms",
                answer.text().isPresent() ? answer.statusLine()
                        : "no answer" + (answer.timedOut() ? " within the timeout" : ", the connection closed"),
                answer.describe());
        scene.expect().thatSeen(!answer.text().orElse("").startsWith("HTTP/1.1 100"), "first answer",
                "413, not 100 Continue for a body that will be refused", answer.statusLine(), answer.describe());
    }

    private String createProject(long declared, boolean expectContinue) {
        URI target = scene.kit().target().baseUrl();
        return "POST " + RawExchange.prefix(target) + "/api/projects HTTP/1.1\r\n"
                + "Host: " + host(target) + "\r\n"
                + "Authorization: Bearer " + scene.config().token() + "\r\n"
                + "Content-Type: application/json\r\n"
                + (expectContinue ? "Expect: 100-continue\r\n" : "")
                + "Content-Length: " + declared + "\r\n";
    }

    private void exchange(String head) {
        answer = RawExchange.exchange(scene.kit().target().baseUrl(), head, scene.config().httpTimeout());
        Evidence.text("exchange on a socket of its own", answer.describe());
    }

    private static String host(URI target) {
        return target.getHost() + (target.getPort() > 0 ? ":" + target.getPort() : "");
    }
}

package io.agentsconformance.kit.steps;

import io.agentsconformance.kit.refusal.Requests;
import io.agentsconformance.kit.scenario.Actor;
import io.agentsconformance.kit.scenario.Cast;
import io.agentsconformance.kit.scenario.RunState;

import io.cucumber.java.ParameterType;

/** The words the Gherkin uses for the kit's domain concepts. */
public final class ParameterTypes {

    private final Cast cast;

    public ParameterTypes(Cast cast) {
        this.cast = cast;
    }

    /** Ada and Grace, the two users of the target. */
    @ParameterType("Ada|Grace")
    public Actor actor(String name) {
        return cast.actor(name);
    }

    /** A state a set-up step puts a run in. */
    @ParameterType("completed|failed|was cancelled|is still running|is waiting for its turn")
    public RunState runState(String words) {
        return RunState.fromWords(words);
    }

    /** A run status as the API spells it. */
    @ParameterType("PENDING|RUNNING|COMPLETED|FAILED|CANCELLED")
    public String status(String status) {
        return status;
    }

    /** A request of the security features, by the words they use for it (see {@link Requests}). */
    @ParameterType("reads Ada's project|lists Ada's runs|reads Ada's run|starts a run in Ada's project|lists the steps of Ada's run|reads the node states of Ada's run|lists the messages of Ada's run|sends Ada's run a message|cancels Ada's run|lists the agent profiles|reads Ada's agent profile|registers an agent profile|creates a project|creates a workflow in Ada's project|reads Ada's workflow|deletes Ada's workflow|adds a context item to Ada's project|reads Ada's context item")
    public Requests request(String phrase) {
        return Requests.byPhrase(phrase);
    }

    /** An answer no client can use, by the words the failure features use for it. */
    @ParameterType("a body that is not a Chat Completions answer|a connection reset|an empty answer|an answer cut off after 3 chunks")
    public io.agentsconformance.kit.standin.Answer misbehaviour(String words) {
        return switch (words) {
            case "a body that is not a Chat Completions answer" -> io.agentsconformance.kit.standin.Answer.malformedBody();
            case "a connection reset" -> io.agentsconformance.kit.standin.Answer.fault("CONNECTION_RESET_BY_PEER");
            case "an answer cut off after 3 chunks" -> io.agentsconformance.kit.standin.Answer.cutShort("It will rain at noon, then clear up", 3);
            default -> io.agentsconformance.kit.standin.Answer.emptyMessage();
        };
    }

    /** The header a 429 uses to say how long to wait. */
    @ParameterType("Retry-After|retry-after-ms")
    public ModelScriptSteps.RetryHeader retryHeader(String name) {
        return "Retry-After".equals(name) ? ModelScriptSteps.RetryHeader.RETRY_AFTER : ModelScriptSteps.RetryHeader.RETRY_AFTER_MS;
    }

    /** Attempt numbers as a sentence says them: "1 and 2", "1, 2 and 3". */
    @ParameterType("\\d+(?:, \\d+)* and \\d+")
    public java.util.List<Integer> attempts(String words) {
        return java.util.Arrays.stream(words.split(",| and ")).map(String::trim).map(Integer::parseInt).toList();
    }

    /** A tool call no node can make as asked (spec/llm-and-tools.md: it goes back as an error text). */
    @ParameterType("a call of a tool it does not have|a call whose arguments are not a JSON object")
    public io.agentsconformance.kit.standin.Answer.ToolCall badCall(String words) {
        return words.startsWith("a call of a tool")
                ? new io.agentsconformance.kit.standin.Answer.ToolCall("no-such-tool", java.util.Map.of("query", "EMEA"))
                : new io.agentsconformance.kit.standin.Answer.ToolCall("revenue", java.util.List.of("EMEA", "2026"));
    }
}

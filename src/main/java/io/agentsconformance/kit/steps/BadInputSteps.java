package io.agentsconformance.kit.steps;

import io.agentsconformance.kit.fixtures.Fixtures;
import io.agentsconformance.kit.refusal.Footprint;
import io.agentsconformance.kit.refusal.Refusals;
import io.agentsconformance.kit.scenario.Actor;
import io.agentsconformance.kit.scenario.Cast;
import io.agentsconformance.kit.scenario.Created;
import io.agentsconformance.kit.scenario.Exchanges;
import io.agentsconformance.kit.scenario.Scene;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentsconformance.kit.api.AgentsApi;
import io.agentsconformance.kit.api.Call;
import io.agentsconformance.kit.report.Evidence;
import io.agentsconformance.kit.scenario.RunRef;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hostile input, exactly as the feature tables write it (SEC-03, SEC-04): bodies sent as raw
 * text, ids sent percent-encoded in the path. A table can write characters it cannot hold as
 * {@code \u0000}, {@code \r}, {@code \\n} (Gherkin itself reads a single {@code \n}) or
 * {@code \t}, a long id as "(300 characters)", and bytes that are no text as "(bytes C0 AF)".
 */
public final class BadInputSteps {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LENGTH = Pattern.compile("\\((\\d+) characters\\)");
    private static final Pattern UNICODE_ESCAPE = Pattern.compile("\\\\u([0-9a-fA-F]{4})");
    private static final Pattern RAW_BYTES = Pattern.compile("\\(bytes((?: [0-9A-Fa-f]{2})+)\\)");

    private final Scene scene;
    private final Cast cast;
    private final Created created;
    private final Exchanges exchanges;
    private final Fixtures fixtures;
    private final Refusals refusals;

    public BadInputSteps(Scene scene, Cast cast, Created created, Exchanges exchanges, Fixtures fixtures, Refusals refusals) {
        this.scene = scene;
        this.cast = cast;
        this.created = created;
        this.exchanges = exchanges;
        this.fixtures = fixtures;
        this.refusals = refusals;
    }

    // --- malformed bodies and parameters (SEC-03) -------------------------------------------

    @When("{actor} starts a run from the input {}")
    public void startsARunFrom(Actor actor, String input) {
        send(actor, "POST", projectPath() + "/agent-runs", Map.of(), body(input));
    }

    @When("{actor} sends her run a message from the input {}")
    public void sendsAMessageFrom(Actor actor, String input) {
        send(actor, "POST", runPath(created.run().id()) + "/messages", Map.of(), body(input));
    }

    @When("{actor} reads {} with the parameters {word}")
    public void readsWithParameters(Actor actor, String listing, String parameters) {
        String path = switch (listing) {
            case "her runs" -> projectPath() + "/agent-runs";
            case "the steps of her run" -> runPath(created.run().id()) + "/steps";
            case "the messages of her run" -> runPath(created.run().id()) + "/messages";
            default -> throw new IllegalArgumentException("the kit knows no listing '" + listing + "'");
        };
        Map<String, String> query = new LinkedHashMap<>();
        for (String pair : parameters.split("&")) {
            String[] kv = pair.split("=", 2);
            query.put(kv[0], encode(kv.length > 1 ? kv[1] : ""));
        }
        send(actor, "GET", path, query, null);
    }

    /**
     * A page cursor the target itself issued, then altered the way a client might by mistake or
     * on purpose: an opaque token is taken back only as it was given (spec/README.md, "Pagination").
     */
    @When("{actor} reads her runs with a cursor the target issued, {}")
    public void readsWithAlteredCursor(Actor actor, String alteration) {
        Call first = actor.api().listRuns(created.project().id(), Map.of("limit", 1));
        String cursor = first.text("$.nextCursor");
        scene.expect().that(cursor != null && !cursor.isEmpty(), "$.nextCursor of a first page of one run out of "
                + first.text("$.total"), "a cursor to the next page", cursor, first);
        String altered = switch (alteration) {
            case "with \"==\" appended" -> cursor + "==";
            case "with \"=\" appended" -> cursor + "=";
            case "with its last character changed" -> cursor.substring(0, cursor.length() - 1)
                    + (cursor.endsWith("A") ? "B" : "A");
            case "with its first character left out" -> cursor.substring(1);
            case "with a space appended" -> cursor + " ";
            default -> throw new IllegalArgumentException("the kit knows no alteration '" + alteration + "'");
        };
        send(actor, "GET", projectPath() + "/agent-runs", Map.of("limit", "1", "cursor", encode(altered)), null);
    }

    @When("{actor} creates {} from the input {}")
    public void createsFrom(Actor actor, String thing, String input) {
        String path = switch (thing) {
            case "a project" -> "/api/projects";
            case "a workflow" -> projectPath() + "/workflows";
            case "a context item" -> projectPath() + "/context-items";
            case "an agent profile" -> "/api/agents/profiles";
            default -> throw new IllegalArgumentException("the kit knows no '" + thing + "' to create");
        };
        send(actor, "POST", path, Map.of(), body(input));
    }

    // --- oversized bodies and hostile ids (SEC-04) ------------------------------------------

    @When("{actor} sends {} of {int} MiB")
    public void sendsOversized(Actor actor, String part, int mebibytes) {
        String big = ConversationSteps.longText(mebibytes * 1024 * 1024);
        String workflowId = created.run().workflow().id();
        String agentId = fixtures.profileFor(actor, created.run().workflow().finalNode());
        switch (part) {
            case "a run's query" -> sendLarge(actor, "POST", projectPath() + "/agent-runs",
                    json(Map.of("workflowId", workflowId, "inputQuery", big)));
            case "a message" -> sendLarge(actor, "POST", runPath(created.run().id()) + "/messages",
                    json(Map.of("content", big)));
            case "a project's name" -> sendLarge(actor, "POST", "/api/projects", json(Map.of("name", big)));
            case "a context item's content" -> sendLarge(actor, "POST", projectPath() + "/context-items",
                    json(Map.of("name", "Big", "content", big)));
            case "a workflow's instructions" -> sendLarge(actor, "POST", projectPath() + "/workflows",
                    json(Map.of("name", "Big", "nodes", List.of(Map.of("id", "big", "agentId", agentId,
                            "model", Fixtures.DEFAULT_MODEL, "instructions", big)))));
            case "an agent profile's description" -> sendLarge(actor, "POST", "/api/agents/profiles",
                    json(Map.of("name", "Big", "description", big, "capabilities", List.of())));
            default -> throw new IllegalArgumentException("the kit knows no '" + part + "' to send");
        }
    }

    @When("{actor} uses {} as {}")
    public void usesHostileId(Actor actor, String written, String role) {
        String id = hostile(written);
        String inPath = encode(id);
        RunRef run = created.run();
        switch (role) {
            case "the id of a run she reads" -> send(actor, "GET", projectPath() + "/agent-runs/" + inPath, Map.of(), null);
            case "the id of a project she reads" -> send(actor, "GET", "/api/projects/" + inPath, Map.of(), null);
            case "the id of a run she cancels" -> send(actor, "POST", projectPath() + "/agent-runs/" + inPath + "/cancel",
                    Map.of(), null);
            case "the id of a run she writes to" -> send(actor, "POST", projectPath() + "/agent-runs/" + inPath + "/messages",
                    Map.of(), json(Map.of("content", "Hello")));
            case "the id of an agent profile she reads" -> send(actor, "GET", "/api/agents/profiles/" + inPath, Map.of(), null);
            case "the workflow id of a run she starts" -> send(actor, "POST", projectPath() + "/agent-runs", Map.of(),
                    json(Map.of("workflowId", id, "inputQuery", "Hello")));
            case "a context item id of a run she starts" -> send(actor, "POST", projectPath() + "/agent-runs", Map.of(),
                    json(Map.of("workflowId", run.workflow().id(), "inputQuery", "Hello", "contextItemIds", List.of(id))));
            default -> throw new IllegalArgumentException("the kit knows no use of an id as '" + role + "'");
        }
    }

    // --- outcomes ---------------------------------------------------------------------------

    @Then("the request is refused as a bad request")
    public void refusedAsBadRequest() {
        refusals.refused(exchanges.lastCall(), "a request with malformed input", new int[] {400}, new int[] {400}, null);
    }

    @Then("the request is refused as too large")
    public void refusedAsTooLarge() {
        refusals.refused(exchanges.lastCall(), "a request with a body above the target's limit ("
                + scene.kit().readiness().maxRequestBytes() + " bytes)", new int[] {413}, new int[] {413}, null);
    }

    @Then("the request is refused as not found or as a bad request")
    public void refusedAsNotFoundOrBad() {
        // SEC-04 allows either, at every level: some ids cannot even be routed (a NUL, an encoded slash).
        refusals.refused(exchanges.lastCall(), "a request with a hostile id", new int[] {404, 400}, new int[] {404, 400}, null);
    }

    // --- helpers ----------------------------------------------------------------------------

    /** A body of megabytes: sent, checked, and reported as one line rather than as the whole body. */
    private void sendLarge(Actor actor, String method, String path, String body) {
        exchanges.footprint(Footprint.of(scene, cast, created));
        Call call = actor.api().sendUnreported(method, path, body);
        Evidence.text("oversized request", method + " " + path + " with a body of " + body.length()
                + " characters, answered " + call.status() + " " + call.body());
        exchanges.lastCall(call);
    }

    private void send(Actor actor, String method, String path, Map<String, ?> query, String body) {
        exchanges.footprint(Footprint.of(scene, cast, created));
        AgentsApi api = actor.api();
        if (body != null && RAW_BYTES.matcher(body).find() && query.isEmpty()) {
            exchanges.lastCall(api.sendBytes(method, path, bytes(body)));
        } else {
            exchanges.lastCall(api.send(method, path, query, body));
        }
    }

    /**
     * A table body with "(bytes C0 AF)" in it: those bytes, as they are, where the notation stands,
     * and the rest as UTF-8. How a table writes what is not UTF-8 at all (an overlong form, a code
     * point above U+10FFFF), which no text can hold.
     */
    static byte[] bytes(String written) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        Matcher raw = RAW_BYTES.matcher(written);
        int from = 0;
        while (raw.find()) {
            out.writeBytes(written.substring(from, raw.start()).getBytes(StandardCharsets.UTF_8));
            for (String hex : raw.group(1).trim().split("\\s+")) {
                out.write(Integer.parseInt(hex, 16));
            }
            from = raw.end();
        }
        out.writeBytes(written.substring(from).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private String projectPath() {
        return "/api/projects/" + encode(created.project().id());
    }

    private String runPath(String runId) {
        return projectPath() + "/agent-runs/" + encode(runId);
    }

    /** A table body: "(empty)" for none at all, the scenario's ids put in for {workflow}, {profile} and {run}. */
    private String body(String written) {
        if ("(empty)".equals(written)) {
            return "";
        }
        return written
                .replace("{workflow}", created.run().workflow().id())
                .replace("{run}", created.run().id())
                .replace("{profile}", fixtures.profileFor(cast.actor("Ada"), created.run().workflow().finalNode()));
    }

    /** An id as the table writes it, with its escapes and length notation resolved. */
    static String hostile(String written) {
        Matcher length = LENGTH.matcher(written);
        if (length.matches()) {
            int n = Integer.parseInt(length.group(1));
            return "run_" + "9".repeat(Math.max(0, n - 4));
        }
        String text = written.replace("\\r", "\r").replace("\\n", "\n").replace("\\t", "\t");
        Matcher escape = UNICODE_ESCAPE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (escape.find()) {
            escape.appendReplacement(out, Matcher.quoteReplacement(
                    String.valueOf((char) Integer.parseInt(escape.group(1), 16))));
        }
        escape.appendTail(out);
        return out.toString();
    }

    /** Percent-encodes every byte but the unreserved characters of RFC 3986: the id stays one path segment. */
    static String encode(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.agentsconformance.kit.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The examples of spec/openapi.yaml are what vendors and code generators read first, so they must
 * not drift from the schemas: every request body and every answer with a body has at least one
 * example (problems included, through the shared responses), and each one matches its schema as
 * the kit's own contract check compiles it (networknt, JSON Schema 2020-12, formats asserted).
 */
class OpenApiExamplesTest {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

    @Test
    void everyOperationAndProblemHasExamplesAndEachMatchesItsSchema() throws Exception {
        String text = packaged();
        List<String> checked = new ArrayList<>();

        assertThat(problems(text, checked)).as("examples of spec/openapi.yaml that break their schema, or are missing")
                .isEmpty();
        assertThat(checked).as("examples checked").hasSizeGreaterThan(40)
                .anySatisfy(e -> assertThat(e).startsWith("getAgentRun 200 completed"))
                .anySatisfy(e -> assertThat(e).startsWith("#/components/responses/NotFound runNotFound"))
                .anySatisfy(e -> assertThat(e).startsWith("startAgentRun request withContext"));
    }

    @Test
    void aBrokenExampleIsCaughtNamingItAndTheRule() throws Exception {
        String text = packaged();
        String broken = text.replace("toolCallId: call_8fK2\n", "toolCallId: null\n");
        assertThat(broken).isNotEqualTo(text);

        assertThat(problems(broken, new ArrayList<>())).as("a TOOL step example without its toolCallId")
                .anySatisfy(p -> assertThat(p).startsWith("listAgentSteps 200 page:").contains("$.items[1]"));
        assertThat(problems(text.replace("status: 404\n", "status: 409\n"), new ArrayList<>()))
                .as("a problem example whose status is not the answer's")
                .anySatisfy(p -> assertThat(p).startsWith("#/components/responses/NotFound runNotFound: status 409 in a 404 answer"));
    }

    @Test
    void anAnswerWithoutAnExampleIsCaught() throws Exception {
        String text = packaged();
        int start = text.indexOf("              examples:\n                storeDown:");
        int end = text.indexOf("\n\n", start);
        assertThat(start).isPositive();

        assertThat(problems(text.substring(0, start) + text.substring(end + 1), new ArrayList<>()))
                .containsExactly("getHealth 503 application/json: no example");
    }

    /** Every example that breaks its schema, and every body without an example; {@code checked} gets each example's name. */
    static List<String> problems(String text, List<String> checked) throws IOException {
        Contract contract = Contract.parse("spec/openapi.yaml", "memory:spec/openapi.yaml", text);
        JsonNode document = new YAMLMapper().readTree(text);
        Set<String> problems = new LinkedHashSet<>();
        Set<String> names = new LinkedHashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (!METHODS.contains(op.getKey())) {
                    continue;
                }
                String pointer = "/paths/" + Contract.escape(path.getKey()) + "/" + op.getKey();
                String id = op.getValue().path("operationId").asText(op.getKey() + " " + path.getKey());
                if (op.getValue().has("requestBody")) {
                    content(contract, document, pointer + "/requestBody", id + " request", null, problems, names);
                }
                for (Iterator<String> statuses = op.getValue().path("responses").fieldNames(); statuses.hasNext(); ) {
                    String status = statuses.next();
                    content(contract, document, pointer + "/responses/" + status, id + " " + status, status, problems, names);
                }
            }
        }
        checked.addAll(names);
        return List.copyOf(problems);
    }

    /** The examples of one request body or answer (in place, or in the component it refers to). */
    private static void content(Contract contract, JsonNode document, String pointer, String where, String status,
            Set<String> problems, Set<String> checked) {
        String at = pointer;
        JsonNode node = document.at(at);
        if (node.has("$ref")) {
            at = node.get("$ref").asText().substring(1);
            node = document.at(at);
            // A shared answer (a problem) is named by its component; its examples are checked at each use.
            where = "#" + at;
        }
        for (Iterator<Map.Entry<String, JsonNode>> types = node.path("content").fields(); types.hasNext(); ) {
            Map.Entry<String, JsonNode> type = types.next();
            if (!type.getValue().has("schema")) {
                continue;
            }
            List<Map.Entry<String, JsonNode>> examples = new ArrayList<>();
            type.getValue().path("examples").fields().forEachRemaining(examples::add);
            if (type.getValue().has("example")) {
                examples.add(Map.entry("example", type.getValue().get("example")));
            }
            if (examples.isEmpty()) {
                problems.add(where + " " + type.getKey() + ": no example");
                continue;
            }
            CompiledSchema schema = contract.schemaAt(at + "/content/" + Contract.escape(type.getKey()) + "/schema");
            for (Map.Entry<String, JsonNode> example : examples) {
                JsonNode value = example.getKey().equals("example") ? example.getValue() : example.getValue().path("value");
                String name = where + " " + example.getKey();
                checked.add(name);
                if (value.isMissingNode()) {
                    problems.add(name + ": an example with no value");
                    continue;
                }
                schema.validate(value).forEach(v -> problems.add(name + ": " + v));
                if (status != null && status.matches("\\d{3}") && type.getKey().endsWith("problem+json")
                        && value.path("status").asInt() != Integer.parseInt(status)) {
                    problems.add(name + ": status " + value.path("status").asText() + " in a " + status + " answer");
                }
            }
        }
    }

    private static String packaged() throws IOException {
        try (InputStream in = OpenApiExamplesTest.class.getClassLoader().getResourceAsStream(Contract.PACKAGED)) {
            assertThat(in).as(Contract.PACKAGED + " on the class path").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

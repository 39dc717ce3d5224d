package io.agentsconformance.kit.contract;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading the contract: what it documents, and documents the kit refuses to check against. */
class ContractTest {

    private static final String PROBLEM = "application/problem+json";

    @Test
    void theKitCarriesTheContractWithEveryOperationOfTheAgentsApi() {
        Contract contract = Contract.packaged();

        assertThat(contract.name()).isEqualTo("spec/openapi.yaml");
        assertThat(contract.operations()).extracting(Operation::operationId).contains(
                "getHealth", "listAgentRuns", "startAgentRun", "getAgentRun", "listAgentSteps", "listAgentNodeStates",
                "listAgentMessages", "appendAgentMessage", "cancelAgentRun", "listAgentProfiles", "getAgentProfile");
        assertThat(contract.validate("GET", "/api/health", 200, "application/json",
                "{\"status\": \"UP\", \"checks\": {\"store\": \"UP\"}}").conforms()).isTrue();
    }

    @Test
    void anEditionFromAFileIsReadTheSameWay() {
        Contract contract = Contract.load(Path.of("spec/openapi.yaml"));

        assertThat(contract.name()).isEqualTo("spec/openapi.yaml");
        assertThat(contract.validate("GET", "/api/health", 200, "application/json", "{\"status\": \"UP\"}").violations())
                .extracting(Violation::toString)
                .containsExactly("$: required property 'checks' not found (schema #/components/schemas/Health/required)");
    }

    @Test
    void aToolStepMustNameTheToolCallItMadeAndAModelStepNeedNot() {
        String step = """
                {"items": [{"id": "step_1", "runId": "run_1", "stepNumber": 1, "nodeId": "data", "kind": "%s",
                  "name": "get_price", "toolCallId": %s, "attempt": 1, "status": "COMPLETED",
                  "startedAt": "2026-12-03T10:00:00Z"}], "nextCursor": null, "total": 1, "limit": 20}""";
        Contract contract = Contract.packaged();
        String path = "/api/projects/proj_1/agent-runs/run_1/steps";

        assertThat(contract.validate("GET", path, 200, "application/json", step.formatted("TOOL", "\"call_1\"")).conforms())
                .isTrue();
        assertThat(contract.validate("GET", path, 200, "application/json", step.formatted("MODEL", "null")).conforms())
                .isTrue();
        assertThat(contract.validate("GET", path, 200, "application/json", step.formatted("TOOL", "null")).violations())
                .extracting(Violation::toString)
                .anySatisfy(v -> assertThat(v).contains("toolCallId"));
    }

    @Test
    void aTargetMayDeclareALowerBodyLimitButNotAHigherOne() {
        Contract contract = Contract.packaged();
        String health = "{\"status\": \"UP\", \"checks\": {\"store\": \"UP\"}, \"limits\": {\"maxRequestBytes\": %d}}";

        assertThat(contract.validate("GET", "/api/health", 200, "application/json", health.formatted(131072)).conforms()).isTrue();
        assertThat(contract.validate("GET", "/api/health", 200, "application/json", health.formatted(2097152)).conforms()).isFalse();
        assertThat(contract.validate("GET", "/api/health", 200, "application/json", health.formatted(1024)).conforms()).isFalse();
    }

    @Test
    void aHealthDeclaringTheRetiredCapabilityStillConformsButOneThatMissesTheStoreDoesNot() {
        Contract contract = Contract.packaged();
        String health = "{\"status\": \"UP\", \"checks\": %s, \"contractVersion\": \"1.0\", \"capabilities\":"
                + " [\"follow-up-messages\", \"clarification\"]}";

        assertThat(contract.validate("GET", "/api/health", 200, "application/json", health.formatted("{\"store\": \"UP\"}"))
                .conforms()).as("an old declaration").isTrue();
        assertThat(contract.validate("GET", "/api/health", 200, "application/json", health.formatted("{\"queue\": \"UP\"}"))
                .violations()).extracting(Violation::toString)
                .containsExactly("$.checks: required property 'store' not found (schema #/components/schemas/Health/properties/checks/required)");
    }

    @Test
    void aHostileIdStillFindsItsOperation() {
        ResponseValidation validation = Contract.packaged().validate("GET", "/api/projects/..%2F..%2Fetc", 404, PROBLEM,
                "{\"title\": \"Not Found\", \"status\": 404, \"detail\": \"Project not found\"}");

        assertThat(validation.conforms()).isTrue();
        assertThat(validation.operationName()).isEqualTo("GET /api/projects/{projectId} (getProject)");
    }

    @Test
    void aBodyIsReadAsUtf8AndNothingElse() {
        String problem = "{\"title\": \"Not Found\", \"status\": 404, \"detail\": \"Workflow not found: wf_\u00e9\"}";
        String path = "/api/projects/p/agent-runs";
        assertThat(Contract.packaged().validate("POST", path, 404, PROBLEM + "; charset=utf-8",
                problem.getBytes(java.nio.charset.StandardCharsets.UTF_8)).conforms()).isTrue();

        ResponseValidation latin1 = Contract.packaged().validate("POST", path, 404, PROBLEM,
                problem.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThat(latin1.violations()).first().asString()
                .contains("not UTF-8").contains("byte 72 (E9)");

        ResponseValidation saysLatin1 = Contract.packaged().validate("POST", path, 404, PROBLEM + "; charset=ISO-8859-1",
                "{\"title\": \"Not Found\", \"status\": 404}".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThat(saysLatin1.violations()).first().asString().contains("charset=iso-8859-1");
    }

    @Test
    void aConcretePathWinsOverATemplateThatAlsoFits() {
        Contract contract = Contract.parse("concrete.yaml", "memory:concrete.yaml", """
                openapi: 3.1.0
                paths:
                  /things/{id}:
                    get:
                      operationId: getThing
                      responses: { '200': { description: a thing } }
                  /things/mine:
                    get:
                      operationId: getMyThings
                      responses: { '204': { description: nothing } }
                """);

        assertThat(contract.validate("GET", "/things/mine", 204, null, "").operationName()).contains("getMyThings");
        assertThat(contract.validate("GET", "/things/t1", 200, null, "").conforms()).isTrue();
    }

    @Test
    void aRangeOrADefaultResponseDocumentsTheStatusesItCovers() {
        Contract contract = Contract.parse("ranges.yaml", "memory:ranges.yaml", """
                openapi: 3.1.0
                paths:
                  /things:
                    get:
                      responses:
                        '200': { description: ok, content: { application/json: { schema: { type: array } } } }
                        '4XX': { description: refused, content: { application/problem+json: { schema: { type: object } } } }
                  /others:
                    get:
                      responses:
                        default: { description: anything, content: { text/*: {} } }
                """);

        assertThat(contract.validate("GET", "/things", 429, PROBLEM, "{}").conforms()).isTrue();
        assertThat(contract.validate("GET", "/things", 503, PROBLEM, "{}").violations())
                .extracting(Violation::toString).containsExactly("status: 503 is not documented for GET /things; it documents 200, 4XX");
        assertThat(contract.validate("GET", "/others", 500, "text/plain; charset=utf-8", "boom").conforms()).isTrue();
    }

    @Test
    void aSchemaWordThatIsNoKeywordStopsTheKitBeforeItChecksAnything() {
        // The YAML trap the packaged contract once fell into: a comma in a flow mapping's plain
        // description starts a new key, and the schema silently loses part of itself.
        assertThatThrownBy(() -> Contract.parse("split.yaml", "memory:split.yaml", """
                openapi: 3.1.0
                paths:
                  /pages:
                    get:
                      responses:
                        '200':
                          description: a page
                          content:
                            application/json:
                              schema:
                                type: object
                                properties:
                                  total: { type: integer, description: Items matching, across all pages. }
                """))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("split.yaml uses 'across all pages.' in a schema");
    }

    @Test
    void aReferenceThatLeadsNowhereStopsTheKitBeforeItChecksAnything() {
        assertThatThrownBy(() -> Contract.parse("dangling.yaml", "memory:dangling.yaml", """
                openapi: 3.1.0
                paths:
                  /things:
                    get:
                      responses:
                        '404': { $ref: '#/components/responses/NotFound' }
                """))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("dangling.yaml: nothing at #/components/responses/NotFound");
    }
}

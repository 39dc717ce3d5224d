package io.agentsconformance.kit.contract;

import java.util.List;
import java.util.Optional;

/**
 * What the contract says about one answer of the target.
 *
 * @param request    {@code GET /api/projects/proj_1/agent-runs?limit=5}, as sent
 * @param operation  the documented operation the request was for; empty when the document has none
 * @param status     the status that came back
 * @param violations every way the answer departs from the contract; empty when it conforms
 */
public record ResponseValidation(String request, Optional<Operation> operation, int status,
                                 List<Violation> violations) {

    public boolean conforms() {
        return violations.isEmpty();
    }

    /** {@code GET /api/projects/{projectId}/agent-runs/{runId} (getAgentRun)}, or the request itself. */
    public String operationName() {
        return operation.map(Operation::describe).orElse(request);
    }
}

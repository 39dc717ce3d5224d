package io.agentsconformance.kit.contract;

import io.agentsconformance.kit.api.Call;
import io.agentsconformance.kit.check.Expect;
import io.restassured.filter.FilterContext;
import io.restassured.filter.OrderedFilter;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

import java.net.URI;
import java.util.List;

/**
 * Checks every answer of the target against the contract as it comes back, before any step
 * looks at it. A step's own checks are about the case; this one is about the contract as a
 * whole, so a field renamed, a status nobody documented or a problem sent as text/html fails the
 * scenario wherever it shows up, even in a poll or a set-up call.
 *
 * <p>The failure is an {@link AssertionError} thrown out of the REST Assured call, so it fails
 * the step that made the call, worded like the kit's other failures (several violations are
 * listed one per line under the headline):
 *
 * <pre>
 * [API-3.1] answer of GET /api/projects/{projectId}/agent-runs/{runId} (getAgentRun): expected what spec/openapi.yaml
 *   documents, got 200 with $.status: does not have a value in the enumeration [...] (schema #/components/schemas/RunStatus/enum)
 *   GET /api/projects/proj_1/agent-runs/run_1 answered 200 {...}
 * </pre>
 */
public final class ContractFilter implements OrderedFilter {

    private final Contract contract;
    private final Expect expect;

    /** @param expect the scenario's assertions: a breach names its case IDs like any other failure */
    public ContractFilter(Contract contract, Expect expect) {
        this.contract = contract;
        this.expect = expect;
    }

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification responseSpec,
                           FilterContext context) {
        String pathAndQuery = relativePathAndQuery(request);
        Response response;
        try {
            response = context.next(request, responseSpec);
        } catch (Exception unanswered) {
            // A target that is gone or hung fails the scenario that asked, named like any other check.
            Throwable cause = unanswered instanceof java.io.IOException || unanswered.getCause() == null ? unanswered : unanswered.getCause();
            throw expect.failure(request.getMethod() + " " + pathAndQuery, "an answer from the target",
                    cause.toString(), (String) null);
        }
        ResponseValidation validation = contract.validate(request.getMethod(), pathAndQuery, response.statusCode(),
                response.contentType(), response.asByteArray());
        if (!validation.conforms()) {
            // The first violation goes in the headline, which is what summaries and CI tables show.
            List<Violation> violations = validation.violations();
            String got = response.statusCode() + " with " + violations.get(0)
                    + (violations.size() == 1 ? "" : " and " + (violations.size() - 1) + " more");
            throw expect.findings("answer of " + validation.operationName(), "what " + contract.name() + " documents",
                    got, violations.size() == 1 ? List.of() : violations, new Call(validation.request(), response));
        }
        return response;
    }

    /**
     * Outermost of the filters, so that the Allure filter (the innermost) has recorded the
     * exchange in the report before a breach is thrown past it.
     */
    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE;
    }

    /**
     * The request's path as sent (still percent-encoded) and its query, relative to the target's
     * base URL: a target may be served under a prefix such as {@code http://host/agents}.
     */
    static String relativePathAndQuery(FilterableRequestSpecification request) {
        URI sent = URI.create(request.getURI());
        String path = sent.getRawPath() == null ? "" : sent.getRawPath();
        String prefix = trimSlash(URI.create(request.getBaseUri()).getRawPath()) + trimSlash(request.getBasePath());
        if (!prefix.isEmpty() && path.startsWith(prefix + "/")) {
            path = path.substring(prefix.length());
        }
        return path + (sent.getRawQuery() == null ? "" : "?" + sent.getRawQuery());
    }

    private static String trimSlash(String path) {
        if (path == null || path.isEmpty() || path.equals("/")) {
            return "";
        }
        String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return trimmed.startsWith("/") ? trimmed : "/" + trimmed;
    }
}

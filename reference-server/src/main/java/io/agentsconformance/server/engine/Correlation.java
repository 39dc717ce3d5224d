package io.agentsconformance.server.engine;

import java.util.LinkedHashMap;
import java.util.Map;

/** The correlation headers of spec/llm-and-tools.md, sent with every model and tool request. */
final class Correlation {

    static final String PROJECT_ID = "X-Agents-Project-Id";
    static final String WORKFLOW_ID = "X-Agents-Workflow-Id";
    static final String RUN_ID = "X-Agents-Run-Id";
    static final String NODE_ID = "X-Agents-Node-Id";
    static final String ATTEMPT = "X-Agents-Attempt";
    static final String TOOL_CALL_ID = "X-Agents-Tool-Call-Id";
    static final String TOOL_NAME = "X-Agents-Tool-Name";

    private Correlation() {
    }

    static Map<String, String> headers(RunContext run, String nodeId, int attempt) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(PROJECT_ID, run.projectId());
        headers.put(WORKFLOW_ID, run.workflowId());
        headers.put(RUN_ID, run.runId());
        headers.put(NODE_ID, nodeId);
        headers.put(ATTEMPT, Integer.toString(attempt));
        return headers;
    }

    static Map<String, String> toolHeaders(RunContext run, String nodeId, int attempt, String toolCallId,
            String toolName) {
        Map<String, String> headers = headers(run, nodeId, attempt);
        headers.put(TOOL_CALL_ID, headerSafe(toolCallId));
        headers.put(TOOL_NAME, toolName);
        return headers;
    }

    /** A tool call id is the model's text: keep it to what an HTTP header value may carry. */
    private static String headerSafe(String value) {
        StringBuilder safe = new StringBuilder(value.length());
        value.chars().forEach(c -> safe.append(c >= 0x20 && c < 0x7f ? (char) c : '_'));
        return safe.toString();
    }
}

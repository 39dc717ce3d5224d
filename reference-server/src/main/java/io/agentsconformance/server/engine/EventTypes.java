package io.agentsconformance.server.engine;

/** The event types of spec/event-stream.md. */
final class EventTypes {

    static final String RUN_CREATED = "agent.run.created";
    static final String RUN_UPDATED = "agent.run.updated";
    static final String STEP_UPDATED = "agent.step.updated";
    static final String NODE_UPDATED = "agent.node.updated";
    static final String MESSAGE_APPENDED = "agent.message.appended";
    static final String RUN_COMPLETED = "agent.run.completed";
    static final String RUN_FAILED = "agent.run.failed";
    static final String RUN_CANCELLED = "agent.run.cancelled";

    static final String AGENT_STARTED = "agent_started";
    static final String AGENT_THINKING = "agent_thinking";
    static final String TOOL_EXECUTING = "tool_executing";
    static final String TOOL_COMPLETED = "tool_completed";
    static final String AGENT_COMPLETED = "agent_completed";

    private EventTypes() {
    }
}

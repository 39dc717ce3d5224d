package io.agentsconformance.server.engine;

import io.agentsconformance.server.model.Message;
import io.agentsconformance.server.model.NodeState;
import io.agentsconformance.server.model.WorkflowNode;
import io.agentsconformance.server.store.Store;
import io.agentsconformance.server.model.Step;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one executing run through its workflow graph: starts each node on the worker pool once
 * every node it depends on has completed, so independent nodes run in parallel; then lets the
 * final node(s) answer the user messages that arrived meanwhile, one turn per message; then
 * completes the run. A node failure fails the run. Decisions are taken under the run's lock.
 */
final class RunExecution {

    private static final Logger LOG = LoggerFactory.getLogger(RunExecution.class);

    private final RunContext run;
    private final Store store;
    private final RunJournal journal;
    private final RunRecorder recorder;
    private final RunLifecycle lifecycle;
    private final NodeRunner nodeRunner;
    private final Executor workers;
    private final Consumer<String> onRunEnded;

    private final List<WorkflowNode> nodes;
    private final Set<String> finalNodes = new LinkedHashSet<>();
    /** Mirrors the node states; read and written under the run's lock only. */
    private final Map<String, NodeState.Status> status = new HashMap<>();
    /** Nodes waiting for the user's answer, oldest question first; under the run's lock only. */
    private final Deque<Question> questions = new ArrayDeque<>();

    RunExecution(RunContext run, Store store, RunJournal journal, RunRecorder recorder, RunLifecycle lifecycle,
            NodeRunner nodeRunner, Executor workers, Consumer<String> onRunEnded) {
        this.run = run;
        this.store = store;
        this.journal = journal;
        this.recorder = recorder;
        this.lifecycle = lifecycle;
        this.nodeRunner = nodeRunner;
        this.workers = workers;
        this.onRunEnded = onRunEnded;
        this.nodes = store.runs().snapshot(run.runId());
        Set<String> dependedOn = new LinkedHashSet<>();
        nodes.forEach(node -> dependedOn.addAll(node.dependsOn()));
        nodes.stream().map(WorkflowNode::id).filter(id -> !dependedOn.contains(id)).forEach(finalNodes::add);
        store.nodeStates().list(run.runId()).forEach(state -> status.put(state.nodeId(), state.status()));
        run.attach(this);
    }

    /** Starts whatever can start now: a fresh run's first nodes, or a resumed run's new turn. */
    void advance() {
        if (journal.write(run.runId(), this::advanceLocked)) {
            onRunEnded.accept(run.projectId());
        }
    }

    /** @return whether the run ended (completed) */
    private boolean advanceLocked() {
        if (run.isCancelled()) {
            return false;
        }
        long answeredSeq = store.runs().answeredSeq(run.runId());
        for (WorkflowNode node : nodes) {
            if (status.get(node.id()) == NodeState.Status.PENDING
                    && node.dependsOn().stream().allMatch(id -> status.get(id) == NodeState.Status.COMPLETED)) {
                launch(node, answeredSeq, false);
            }
        }
        if (status.values().stream().anyMatch(s -> s != NodeState.Status.COMPLETED)) {
            return false;
        }
        Optional<Message> followUp = store.messages().nextUserMessage(run.runId(), answeredSeq);
        if (followUp.isPresent()) {
            long seq = followUp.get().seq();
            store.runs().setAnsweredSeq(run.runId(), seq);
            finalNodes.forEach(id -> launch(node(id), seq, true));
            return false;
        }
        return lifecycle.complete(run, outputSummary());
    }

    private void launch(WorkflowNode node, long userSeqLimit, boolean followUp) {
        status.put(node.id(), NodeState.Status.RUNNING);
        try {
            workers.execute(() -> execute(node, userSeqLimit, followUp));
        } catch (RejectedExecutionException stopping) {
            // The server is stopping; the run is left for the restart check to fail.
        }
    }

    private void execute(WorkflowNode node, long userSeqLimit, boolean followUp) {
        play(node, () -> nodeRunner.runTurn(run, node, userSeqLimit, followUp));
    }

    @FunctionalInterface
    private interface TurnOfNode {
        String play() throws NodeFailure, AwaitingUser;
    }

    /** Plays (or resumes) a node's turn on a worker and records how it ended. */
    private void play(WorkflowNode node, TurnOfNode turn) {
        try {
            String output = turn.play();
            boolean ended = journal.write(run.runId(), () -> {
                if (!recorder.completeNode(run, node.id(), output)) {
                    return false;
                }
                status.put(node.id(), NodeState.Status.COMPLETED);
                return advanceLocked();
            });
            if (ended) {
                onRunEnded.accept(run.projectId());
            }
        } catch (AwaitingUser asked) {
            journal.write(run.runId(), () -> {
                ask(node, asked);
                return null;
            });
        } catch (NodeFailure failure) {
            fail(node, failure.getMessage());
        } catch (RunStopped stopped) {
            // Whoever stopped the run (a cancel, another node's failure) has recorded the outcome.
        } catch (Throwable bug) {
            // Errors too (a StackOverflowError in the model client, for one): uncaught, one ended
            // the worker's task silently and left the run RUNNING for ever.
            LOG.error("node {} of run {} crashed", node.id(), run.runId(), bug);
            fail(node, "internal error: " + bug);
        }
    }

    /** Under the run's lock: the node waits for the user; the run shows the oldest open question. */
    private void ask(WorkflowNode node, AwaitingUser asked) {
        if (run.isCancelled()) {
            return;
        }
        questions.add(new Question(node, asked));
        if (questions.size() == 1) {
            lifecycle.awaitInput(run, asked.question());
        }
    }

    /**
     * Under the run's lock, while the run is INPUT_REQUIRED: the user's message answers the oldest
     * open question. It is recorded as the user's message and as the result of the ask_user call;
     * the asking node's turn goes on with it when the caller runs {@link Answered#resume} once its
     * write has committed (the turn reads the answer back from the store).
     */
    Answered answer(String content, List<String> contextItemIds) {
        Question open = questions.poll();
        if (open == null) {
            throw new IllegalStateException("run " + run.runId() + " is INPUT_REQUIRED with no open question");
        }
        String nodeId = open.node().id();
        String callId = open.asked().question().toolCallId();
        Message answer = recorder.appendMessage(run.runId(), Message.Role.USER, Message.Type.USER, content, nodeId,
                callId, null, contextItemIds);
        recorder.finishStep(run, open.asked().step(), Step.Status.COMPLETED, content, null, EventTypes.TOOL_COMPLETED,
                RunRecorder.toolEvent(nodeId, callId, WorkflowNode.ASK_USER).put("result", content));
        recorder.agentMessage(run, Message.Type.TOOL_RESULT, content, nodeId, callId, WorkflowNode.ASK_USER);
        if (questions.isEmpty()) {
            lifecycle.inputReceived(run);
        } else {
            lifecycle.awaitInput(run, questions.peek().asked().question());
        }
        return new Answered(answer, () -> {
            try {
                workers.execute(() -> play(open.node(),
                        () -> nodeRunner.resumeTurn(run, open.node(), open.asked().turn())));
            } catch (RejectedExecutionException stopping) {
                // The server is stopping; the run is left for the restart check to fail.
            }
        });
    }

    record Answered(Message message, Runnable resume) {
    }

    private record Question(WorkflowNode node, AwaitingUser asked) {
    }

    private void fail(WorkflowNode node, String message) {
        if (!run.isCancelled() && lifecycle.fail(run.runId(), node.id(), message)) {
            onRunEnded.accept(run.projectId());
        }
    }

    /** The final node's answer; with several final nodes, their answers in node order. */
    private String outputSummary() {
        StringBuilder summary = new StringBuilder();
        for (NodeState state : store.nodeStates().list(run.runId())) {
            if (finalNodes.contains(state.nodeId())) {
                summary.append(summary.length() == 0 ? "" : "\n\n").append(state.output());
            }
        }
        return summary.toString();
    }

    private WorkflowNode node(String id) {
        return nodes.stream().filter(node -> node.id().equals(id)).findFirst().orElseThrow();
    }
}

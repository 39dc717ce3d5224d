package io.agentsconformance.server.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentsconformance.server.model.Project;
import io.agentsconformance.server.model.Run;
import io.agentsconformance.server.model.RunStatus;
import io.agentsconformance.server.model.Workflow;
import io.agentsconformance.server.model.WorkflowNode;
import io.agentsconformance.server.store.Store;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Whatever goes wrong on a node's worker fails the node: a run is never left RUNNING because the
 * server's own code gave up (spec/llm-and-tools.md, "Failures, retries and timeouts"). A tool
 * schema nested about 900 deep made the model client overflow its stack while it wrote the
 * request; a StackOverflowError is an Error, which the worker did not catch, so every run of such
 * a workflow hung RUNNING. The API now refuses such schemas at the door (HttpEdgesTest), and how
 * deep the client's stack goes depends on the JVM, so the Error is thrown here where the client
 * would throw it: in the model call, on the worker's thread.
 */
class NodeWorkerFailureTest {

    @Test
    void anErrorOnANodesWorkerFailsTheNodeAndTheRun() {
        AtomicInteger modelCalls = new AtomicInteger();
        OkHttpClient overflowing = new OkHttpClient.Builder().addInterceptor(chain -> {
            modelCalls.incrementAndGet();
            throw new StackOverflowError("as the model client's, writing a schema nested 900 deep");
        }).build();
        ExecutorService workers = Executors.newSingleThreadExecutor();
        try (Store store = Store.open(null, 4)) {
            RunJournal journal = new RunJournal(store);
            RunRecorder recorder = new RunRecorder(store, journal);
            RunLifecycle lifecycle = new RunLifecycle(store, journal, recorder, new ActiveRuns());
            NodeRunner nodes = new NodeRunner(store, recorder, new Conversations(store),
                    new ModelGateway("http://127.0.0.1:9/v1", "key", overflowing, false), new ToolGateway(overflowing));
            Project project = store.projects().create("ada", "p", 1);
            WorkflowNode node = new WorkflowNode("deep", "general", "m", null, List.of(), List.of(), null,
                    WorkflowNode.DEFAULT_TIMEOUT_MS, 1, WorkflowNode.DEFAULT_RETRY_BACKOFF_MS,
                    WorkflowNode.DEFAULT_MAX_MODEL_CALLS, false);
            Workflow workflow = store.workflows().create(project.id(), "w", List.of(node));
            Run run = lifecycle.create(workflow, "go", List.of());
            RunContext context = lifecycle.start(run.id()).orElseThrow();

            new RunExecution(context, store, journal, recorder, lifecycle, nodes, workers, projectId -> { }).advance();

            // Awaitility would otherwise fail at once with the Error escaping the worker thread, a failure
            // that does not say which case it guards.
            Awaitility.await("[FAIL-04] the run whose node's worker threw an Error leaves RUNNING")
                    .dontCatchUncaughtExceptions()
                    .atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> store.runs().find(run.id()).orElseThrow().status() != RunStatus.RUNNING);
            Run ended = store.runs().find(run.id()).orElseThrow();
            assertThat(modelCalls.get()).as("the model call was made, and threw").isPositive();
            assertThat(ended.status()).as("[FAIL-04] status of that run").isEqualTo(RunStatus.FAILED);
            assertThat(ended.errorNodeId()).as("[FAIL-04] the node the failed run names").isEqualTo("deep");
        } finally {
            workers.shutdownNow();
        }
    }
}

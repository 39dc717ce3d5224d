package io.agentsconformance.server.engine;

import io.agentsconformance.server.model.Message;
import io.agentsconformance.server.model.Run;
import io.agentsconformance.server.model.RunStatus;
import io.agentsconformance.server.model.Workflow;
import io.agentsconformance.server.store.Store;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The orchestrator: what the HTTP layer asks of runs, and the machinery that executes them. */
public final class Engine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

    private final Store store;
    private final ActiveRuns activeRuns = new ActiveRuns();
    private final RunJournal journal;
    private final RunRecorder recorder;
    private final RunLifecycle lifecycle;
    private final OkHttpClient transport;
    private final ModelGateway model;
    private final NodeRunner nodeRunner;
    private final ThreadPoolExecutor workers;
    private final Admission admission;

    public Engine(Store store, String modelBaseUrl, String modelApiKey, int workerThreads) {
        this(store, modelBaseUrl, modelApiKey, workerThreads, false);
    }

    /** @param streamModelAnswers whether to ask the model for streamed answers ({@code stream: true}) */
    public Engine(Store store, String modelBaseUrl, String modelApiKey, int workerThreads, boolean streamModelAnswers) {
        this.store = store;
        this.journal = new RunJournal(store);
        this.recorder = new RunRecorder(store, journal);
        this.lifecycle = new RunLifecycle(store, journal, recorder, activeRuns);
        this.transport = HttpTransport.create(new RunGate(activeRuns));
        this.model = new ModelGateway(modelBaseUrl, modelApiKey, transport, streamModelAnswers);
        this.nodeRunner = new NodeRunner(store, recorder, new Conversations(store), model, new ToolGateway(transport));
        // Queued node turns are bounded by the executing runs (at most 50 nodes each), which
        // admission bounds per project.
        this.workers = new ThreadPoolExecutor(workerThreads, workerThreads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), namedThreads());
        this.workers.allowCoreThreadTimeOut(true);
        this.admission = new Admission(store, lifecycle, this::launch);
    }

    /** Breaks the contract on purpose (--misbehave runaway): runs call their model without end. */
    public void runaway() {
        nodeRunner.runaway();
    }

    /** Runs left PENDING or RUNNING by a previous process cannot resume: they fail. */
    public void failInterruptedRuns() {
        List<String> interrupted = store.runs().idsWithStatus(RunStatus.PENDING, RunStatus.RUNNING,
                RunStatus.INPUT_REQUIRED);
        interrupted.forEach(runId -> lifecycle.fail(runId, null, "server restarted"));
        if (!interrupted.isEmpty()) {
            LOG.info("{} run(s) interrupted by the previous shutdown marked FAILED", interrupted.size());
        }
    }

    /** Creates the run PENDING; it starts at once if its project has a free slot. */
    public Run startRun(Workflow workflow, String inputQuery, List<String> contextItemIds) {
        Run created = lifecycle.create(workflow, inputQuery, contextItemIds);
        admission.admit(created.projectId());
        // The answer is the run as the start left it, PENDING or just admitted (API-2.1). A quick
        // run may be over by now (or cancelled by another request): then it answers as created.
        Run now = store.runs().find(created.id()).orElseThrow();
        return now.status() == RunStatus.PENDING || now.status() == RunStatus.RUNNING ? now : created;
    }

    /**
     * Cancels a PENDING or RUNNING run, aborting its in-flight requests before answering.
     *
     * @throws RunStateConflict if the run COMPLETED or FAILED
     */
    public Run cancelRun(String runId) {
        RunLifecycle.Cancellation cancellation = lifecycle.cancel(runId);
        if (cancellation.transitioned()) {
            admission.admit(cancellation.run().projectId());
        }
        return cancellation.run();
    }

    /**
     * Appends a user message for the run's final node(s) to answer; a COMPLETED run resumes. To an
     * INPUT_REQUIRED run the message is the answer to its open question.
     *
     * @throws RunStateConflict if the run FAILED or was CANCELLED
     */
    public Message appendUserMessage(String runId, String content, List<String> contextItemIds) {
        Appended appended = journal.write(runId, () -> {
            Run run = store.runs().find(runId).orElseThrow();
            if (run.status().isTerminal()) {
                throw new RunStateConflict(
                        "Agent run " + runId + " is " + run.status() + " and cannot accept messages");
            }
            if (run.status() == RunStatus.INPUT_REQUIRED) {
                RunExecution execution = activeRuns.get(runId).map(RunContext::execution).orElseThrow(
                        () -> new IllegalStateException("run " + runId + " waits for input but is not executing"));
                RunExecution.Answered answered = execution.answer(content, contextItemIds);
                return new Appended(answered.message(), null, answered.resume());
            }
            Message message = recorder.appendMessage(runId, Message.Role.USER, Message.Type.USER, content, null, null,
                    null, contextItemIds);
            return new Appended(message, run.status() == RunStatus.COMPLETED ? lifecycle.resume(run) : null, null);
        });
        if (appended.resumed() != null) {
            launch(appended.resumed());
        }
        if (appended.answered() != null) {
            appended.answered().run();
        }
        return appended.message();
    }

    /** What an appended message set going: a new turn of a completed run, or a node's answered question. */
    private record Appended(Message message, RunContext resumed, Runnable answered) {
    }

    /** Where the event stream subscribes: past events, then live ones. */
    public RunJournal journal() {
        return journal;
    }

    private void launch(RunContext run) {
        new RunExecution(run, store, journal, recorder, lifecycle, nodeRunner, workers, admission::admit).advance();
    }

    /** Aborts in-flight work and stops the workers; unfinished runs fail at the next start. */
    @Override
    public void close() {
        activeRuns.stopAll();
        workers.shutdownNow();
        try {
            if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("node workers still busy after 10 s; leaving them behind");
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        model.close();
        HttpTransport.close(transport);
    }

    private static ThreadFactory namedThreads() {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "node-worker-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}

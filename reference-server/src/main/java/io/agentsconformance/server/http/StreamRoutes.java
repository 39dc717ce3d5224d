package io.agentsconformance.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentsconformance.server.engine.RunJournal;
import io.agentsconformance.server.model.Ids;
import io.agentsconformance.server.model.Json;
import io.agentsconformance.server.model.Representations;
import io.agentsconformance.server.model.Run;
import io.agentsconformance.server.model.RunEvent;
import io.agentsconformance.server.model.Times;
import io.agentsconformance.server.store.Store;
import io.javalin.config.RoutesConfig;
import io.javalin.websocket.WsCloseContext;
import io.javalin.websocket.WsConnectContext;
import io.javalin.websocket.WsContext;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.util.IteratingCallback;
import org.eclipse.jetty.websocket.api.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code WebSocket /api/stream/agents/{runId}} (spec/event-stream.md): the run's past events from
 * the store, then the live ones, with no gap and no duplicate (the journal replays and registers
 * under the run's lock), each connection paced by its own bounded buffer so that a slow
 * subscriber slows neither the run nor the other subscribers.
 */
final class StreamRoutes {

    static final String PATH = "/api/stream/agents/{runId}";
    static final String PREFIX = "/api/stream/";
    static final int CLOSE_TOO_SLOW = 4408;
    private static final Set<String> TERMINAL = Set.of("agent.run.completed", "agent.run.failed", "agent.run.cancelled");
    private static final Logger LOG = LoggerFactory.getLogger(StreamRoutes.class);
    private static final String CONNECTION = "agents.stream";

    private final Store store;
    private final RunJournal journal;
    private final Auth auth;
    private final AlternativeAnswers alternative;
    /** Frames a subscriber may fall behind by before it is closed (it resumes with afterSequence). */
    private final int buffer;

    private final Draining draining;

    StreamRoutes(Store store, RunJournal journal, Auth auth, AlternativeAnswers alternative, int buffer,
            Draining draining) {
        this.buffer = buffer;
        this.draining = draining;
        this.store = store;
        this.journal = journal;
        this.auth = auth;
        this.alternative = alternative;
    }

    void register(RoutesConfig routes) {
        routes.ws(PATH, ws -> {
            ws.onConnect(this::connect);
            ws.onClose(this::closed);
            ws.onError(ctx -> stop(ctx));
        });
    }

    private void connect(WsConnectContext ctx) {
        String runId = ctx.pathParam("runId");
        String user = auth.userOf(token(ctx));
        if (user == null) {
            refuse(ctx, runId, 401, "Unauthorized", "A valid bearer token is required", 4401);
            return;
        }
        long after;
        try {
            String given = ctx.queryParam("afterSequence");
            after = given == null ? 0 : Long.parseLong(given.trim());
            if (after < 0) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException bad) {
            refuse(ctx, runId, 400, "Bad Request", "afterSequence must be an integer of at least 0", 4400);
            return;
        }
        Optional<Run> run = Ids.isPlausible(runId) ? store.runs().find(runId) : Optional.empty();
        if (run.isEmpty() || store.projects().findOwned(run.get().projectId(), user).isEmpty()) {
            refuse(ctx, runId, 404, "Not Found", "Agent run not found", 4404);
            return;
        }
        Connection connection = new Connection(ctx, runId, after);
        if (!draining.addStream(connection.closer)) {
            ctx.closeSession(Draining.CLOSE_GOING_AWAY, "server stopping: resume with afterSequence=" + after);
            return;
        }
        ctx.attribute(CONNECTION, connection);
        connection.start();
    }

    private static String token(WsContext ctx) {
        String header = ctx.header("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return header.substring(7).trim();
        }
        return header == null ? ctx.queryParam("access_token") : null;
    }

    /** Accepted, told why in one frame, and closed with the code of spec/event-stream.md. */
    private void refuse(WsContext ctx, String runId, int status, String title, String detail, int closeCode) {
        ObjectNode frame = Json.object();
        frame.put("type", "error");
        frame.put("runId", runId);
        frame.put("sequence", 0);
        frame.put("timestamp", Times.format(Times.now()));
        frame.putObject("data").put("status", status).put("title", title).put("detail", detail);
        ctx.session.sendText(Json.write(alternative.frame(frame)), Callback.from(
                () -> ctx.closeSession(closeCode, title), failure -> ctx.closeSession(closeCode, title)));
    }

    private void closed(WsCloseContext ctx) {
        stop(ctx);
    }

    private static void stop(WsContext ctx) {
        Connection connection = ctx.attribute(CONNECTION);
        if (connection != null) {
            connection.stop();
        }
    }

    /**
     * A run's event written once as a frame: the subscribers of a run get the same event object
     * from the journal one after the other on the publishing thread, so remembering the last one
     * per thread serialises each event once however many subscribers it has.
     */
    private final ThreadLocal<Object[]> lastFrame = ThreadLocal.withInitial(() -> new Object[2]);

    private String frameOf(RunEvent event) {
        Object[] last = lastFrame.get();
        if (last[0] != event) {
            last[0] = event;
            last[1] = Json.write(alternative.frame(Representations.event(event)));
        }
        return (String) last[1];
    }

    /**
     * One subscriber. It reads the run's past events from the store a page at a time, at the pace
     * its writes complete, then sends the live events the journal handed it meanwhile and after:
     * only those are buffered, and a subscriber more than {@code buffer} live events behind is
     * closed with 4408 (it resumes with afterSequence). Jetty's {@link IteratingCallback} drives
     * the writes, one in flight: the first frame of an idle connection is written at once by the
     * thread that published it (the write never blocks), the next ones as each write completes,
     * without recursion however long the history and without a hand-off to another thread.
     */
    private final class Connection extends IteratingCallback {
        private static final int PAGE = 100;
        private final WsContext ctx;
        private final String runId;
        private final long requestedAfter;
        private final ArrayDeque<Queued> past = new ArrayDeque<>();
        private final ArrayDeque<Queued> live = new ArrayDeque<>();
        /** The last past event read; past events go up to pastUpTo, unknown (-1) until subscribed. */
        private long pastRead;
        private long pastUpTo = -1;
        private boolean stopped;
        private long lastSent;
        private Queued inFlight;
        private RunJournal.Subscription subscription;
        /** One object for the whole connection: how {@link Draining} closes it, and removes it. */
        final java.util.function.Consumer<String> closer = this::goAway;

        Connection(WsContext ctx, String runId, long after) {
            this.ctx = ctx;
            this.runId = runId;
            this.requestedAfter = after;
            this.pastRead = after;
            this.lastSent = after;
        }

        void start() {
            RunJournal.Subscription started = journal.subscribe(runId, this::offer);
            boolean ended;
            synchronized (this) {
                subscription = started;
                pastUpTo = started.pastUpTo();
                ended = stopped;
            }
            if (ended) {
                started.close();
            } else {
                iterate();
            }
        }

        /** A live event; called under the run's lock: never blocks. */
        void offer(RunEvent event) {
            synchronized (this) {
                if (stopped || event.sequence() <= requestedAfter) {
                    return;
                }
                if (live.size() >= buffer) {
                    stopped = true;
                    past.clear();
                    live.clear();
                    LOG.info("stream subscriber of run {} fell {} events behind; closing it", event.runId(), buffer);
                    // The frame being written still reaches the subscriber, ahead of the close.
                    long sent = inFlight != null ? inFlight.sequence() : lastSent;
                    ctx.closeSession(CLOSE_TOO_SLOW, "too slow: resume with afterSequence=" + sent);
                    return;
                }
                enqueue(live, event);
            }
            iterate();
        }

        @Override
        protected Action process() {
            Queued next;
            boolean readPast;
            synchronized (this) {
                Queued previous = inFlight;
                inFlight = null;
                if (previous != null) {
                    lastSent = previous.sequence();
                }
                if (previous != null && previous.terminal()) {
                    next = null;
                    readPast = false;
                } else if (stopped || pastUpTo < 0) {
                    return Action.IDLE;
                } else {
                    next = past.poll();
                    readPast = next == null && pastRead < pastUpTo;
                    if (next == null && !readPast) {
                        next = live.poll();
                        if (next == null) {
                            return Action.IDLE;
                        }
                    }
                }
            }
            if (next == null && !readPast) {
                finish();
                return Action.SUCCEEDED;
            }
            if (readPast) {
                next = readPage();
                if (next == null) {
                    return Action.IDLE;
                }
            }
            synchronized (this) {
                inFlight = next;
            }
            ctx.session.sendText(next.frame(), Callback.from(this::succeeded, this::failed));
            return Action.SCHEDULED;
        }

        /** The next page of the past from the store; returns its first event, queues the others. */
        private Queued readPage() {
            long from;
            long upTo;
            synchronized (this) {
                from = pastRead;
                upTo = pastUpTo;
            }
            List<RunEvent> page = journal.past(runId, from, (int) Math.min(PAGE, upTo - from));
            synchronized (this) {
                if (stopped) {
                    return null;
                }
                for (RunEvent event : page) {
                    if (event.sequence() <= upTo) {
                        enqueue(past, event);
                        pastRead = event.sequence();
                    }
                }
                if (page.isEmpty()) {
                    // The store lost what it recorded: say so rather than loop.
                    LOG.error("run {} has no events after {} though it recorded {}", runId, from, upTo);
                    pastRead = upTo;
                }
                return past.poll();
            }
        }

        /** Every event this subscriber gets, past or live, is queued here. */
        private void enqueue(ArrayDeque<Queued> into, RunEvent event) {
            into.add(new Queued(event.sequence(), TERMINAL.contains(event.type()), frameOf(event)));
        }

        @Override
        protected void onCompleteFailure(Throwable cause) {
            stop();
        }

        /** After the terminal event: nothing more is sent, and the stream closes normally. */
        private void finish() {
            stop();
            ctx.closeSession(1000, "run ended");
        }

        /** The server is stopping: closed with 1001, naming where to resume once it is back. */
        void goAway(String reason) {
            long sent;
            synchronized (this) {
                if (stopped) {
                    return;
                }
                sent = inFlight != null ? inFlight.sequence() : lastSent;
            }
            stop();
            ctx.closeSession(Draining.CLOSE_GOING_AWAY, reason + ": resume with afterSequence=" + sent);
        }

        void stop() {
            draining.removeStream(closer);
            RunJournal.Subscription current;
            synchronized (this) {
                stopped = true;
                past.clear();
                live.clear();
                current = subscription;
            }
            if (current != null) {
                current.close();
            }
        }
    }

    /** A frame waiting for its connection, with what the connection needs to know about it. */
    private record Queued(long sequence, boolean terminal, String frame) {
    }
}

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
import java.util.Optional;
import java.util.Set;
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
    /** Frames a subscriber may fall behind by before it is closed (it resumes with afterSequence). */
    static final int BUFFER = 10_000;
    static final int CLOSE_TOO_SLOW = 4408;
    private static final Set<String> TERMINAL = Set.of("agent.run.completed", "agent.run.failed", "agent.run.cancelled");
    private static final Logger LOG = LoggerFactory.getLogger(StreamRoutes.class);
    private static final String CONNECTION = "agents.stream";
    /** Writes frames for every connection; a connection has at most one frame in flight. */
    private static final java.util.concurrent.ExecutorService SENDERS = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "stream-sender");
        thread.setDaemon(true);
        return thread;
    });

    private final Store store;
    private final RunJournal journal;
    private final Auth auth;
    private final AlternativeAnswers alternative;

    StreamRoutes(Store store, RunJournal journal, Auth auth, AlternativeAnswers alternative) {
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
        Connection connection = new Connection(ctx);
        ctx.attribute(CONNECTION, connection);
        connection.attach(journal.subscribe(runId, after, connection::offer));
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

    /** One subscriber: events queue here and go out one at a time, each after the last was written. */
    private final class Connection {
        private final WsContext ctx;
        private final ArrayDeque<RunEvent> queue = new ArrayDeque<>();
        private boolean sending;
        private boolean stopped;
        private long lastSent;
        private RunJournal.Subscription subscription;

        Connection(WsContext ctx) {
            this.ctx = ctx;
        }

        /** The replay may already have ended the stream (a finished run) before subscribe returned. */
        void attach(RunJournal.Subscription subscription) {
            boolean ended;
            synchronized (this) {
                this.subscription = subscription;
                ended = stopped;
            }
            if (ended) {
                subscription.close();
            }
        }

        /** Called under the run's lock: never blocks. */
        void offer(RunEvent event) {
            boolean start;
            synchronized (this) {
                if (stopped) {
                    return;
                }
                if (queue.size() >= BUFFER) {
                    stopped = true;
                    queue.clear();
                    LOG.info("stream subscriber of run {} fell {} events behind; closing it", event.runId(), BUFFER);
                    ctx.closeSession(CLOSE_TOO_SLOW, "too slow: resume with afterSequence=" + lastSent);
                    return;
                }
                queue.add(event);
                start = !sending;
                sending = true;
            }
            if (start) {
                SENDERS.execute(this::sendNext);
            }
        }

        private void sendNext() {
            RunEvent next;
            synchronized (this) {
                next = stopped ? null : queue.poll();
                if (next == null) {
                    sending = false;
                    return;
                }
            }
            RunEvent event = next;
            ctx.session.sendText(Json.write(alternative.frame(Representations.event(event))), Callback.from(() -> {
                synchronized (this) {
                    lastSent = event.sequence();
                }
                if (TERMINAL.contains(event.type())) {
                    finish();
                } else {
                    // On a sender thread, not in Jetty's callback: no recursion however long the replay.
                    SENDERS.execute(this::sendNext);
                }
            }, failure -> stop()));
        }

        /** After the terminal event: nothing more is sent, and the stream closes normally. */
        private void finish() {
            stop();
            ctx.closeSession(1000, "run ended");
        }

        void stop() {
            RunJournal.Subscription current;
            synchronized (this) {
                stopped = true;
                queue.clear();
                current = subscription;
            }
            if (current != null) {
                current.close();
            }
        }
    }
}

package io.agentsconformance.server;

import io.agentsconformance.server.engine.Engine;
import io.agentsconformance.server.http.Draining;
import io.agentsconformance.server.http.HttpApi;
import io.agentsconformance.server.store.Store;
import io.javalin.Javalin;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reference orchestrator in one value: store, engine and HTTP API, started together and
 * stopped in reverse order. Tests run it in-process on port 0 with a temporary database.
 */
public final class ReferenceServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReferenceServer.class);
    private static final int DB_CONNECTIONS = 32;

    /** How long a stop lets the requests being handled finish (spec/README.md, "Durability"). */
    static final Duration REQUEST_GRACE = Duration.ofSeconds(5);
    /** How long a stop lets the node workers finish the write they are making. */
    static final Duration WORKER_GRACE = Duration.ofSeconds(5);
    /**
     * The most a stop takes: past it the process exits whatever still runs (ServerMain). The
     * graces above, the HTTP server's own stop and the database's checkpoint fit within it.
     */
    public static final Duration STOP_BOUND = Duration.ofSeconds(20);

    private final ServerConfig config;
    private final Store store;
    private final Engine engine;
    private final Javalin app;
    private final Draining draining;
    private final Engine.Recovery recovery;
    private final List<String> integrityProblems;
    private boolean closed;
    private volatile boolean drainedInTime;

    private ReferenceServer(ServerConfig config, Store store, Engine engine, Javalin app, Draining draining,
            Engine.Recovery recovery, List<String> integrityProblems) {
        this.config = config;
        this.store = store;
        this.engine = engine;
        this.app = app;
        this.draining = draining;
        this.recovery = recovery;
        this.integrityProblems = integrityProblems;
    }

    public static ReferenceServer start(ServerConfig config) {
        Store store = Store.open(config.dataDir(), DB_CONNECTIONS);
        Engine engine = null;
        try {
            List<String> integrityProblems = store.db().integrityProblems();
            if (!integrityProblems.isEmpty()) {
                // Reported, never fatal: the server serves what it can read (spec/README.md, "Durability").
                LOG.error("the database {} has {} problem(s); serving what can be read: {}",
                        store.db().directory(), integrityProblems.size(), integrityProblems);
            }
            engine = new Engine(store, config.modelBaseUrl(), config.modelApiKey(), config.workers(),
                    config.streamModelAnswers());
            if (config.runaway()) {
                engine.runaway();
            }
            Engine.Recovery recovery = engine.recoverInterruptedRuns();
            Draining draining = new Draining();
            Javalin app = HttpApi.create(store, engine, config, draining).start(config.host(), config.port());
            return new ReferenceServer(config, store, engine, app, draining, recovery, integrityProblems);
        } catch (RuntimeException startFailed) {
            if (engine != null) {
                engine.close();
            }
            store.close();
            throw startFailed;
        }
    }

    public int port() {
        return app.port();
    }

    public String baseUrl() {
        return "http://" + config.host() + ":" + port();
    }

    public Engine engine() {
        return engine;
    }

    /** What the start did to the runs the previous process left unfinished. */
    public Engine.Recovery recovery() {
        return recovery;
    }

    /** What SQLite's consistency check found at start (empty: nothing). */
    public List<String> integrityProblems() {
        return integrityProblems;
    }

    /** Whether the last stop saw every request under way answered within {@link #REQUEST_GRACE}. */
    boolean drainedInTime() {
        return drainedInTime;
    }

    /**
     * The graceful stop (spec/README.md, "Durability"): new requests get 503 and no model or tool
     * request leaves any more; the requests being handled and the workers' writes finish (each
     * within its grace); streams close with 1001; the HTTP server stops; the database closes last.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        draining.stop();
        engine.stopSending();
        drainedInTime = draining.awaitInFlight(REQUEST_GRACE);
        if (!drainedInTime) {
            LOG.warn("requests still being handled after {} ms; stopping anyway", REQUEST_GRACE.toMillis());
        }
        engine.close(WORKER_GRACE);
        draining.closeStreams();
        app.stop();
        store.close();
    }
}

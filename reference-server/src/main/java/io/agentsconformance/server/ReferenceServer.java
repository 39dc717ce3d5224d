package io.agentsconformance.server;

import io.agentsconformance.server.engine.Engine;
import io.agentsconformance.server.http.HttpApi;
import io.agentsconformance.server.store.Store;
import io.javalin.Javalin;

/**
 * The reference orchestrator in one value: store, engine and HTTP API, started together and
 * stopped in reverse order. Tests run it in-process on port 0 with an in-memory database.
 */
public final class ReferenceServer implements AutoCloseable {

    private static final int DB_CONNECTIONS = 32;

    private final ServerConfig config;
    private final Store store;
    private final Engine engine;
    private final Javalin app;

    private ReferenceServer(ServerConfig config, Store store, Engine engine, Javalin app) {
        this.config = config;
        this.store = store;
        this.engine = engine;
        this.app = app;
    }

    public static ReferenceServer start(ServerConfig config) {
        Store store = Store.open(config.dbUrl(), DB_CONNECTIONS);
        Engine engine = null;
        try {
            engine = new Engine(store, config.modelBaseUrl(), config.modelApiKey(), config.workers(),
                    config.streamModelAnswers());
            if (config.runaway()) {
                engine.runaway();
            }
            engine.failInterruptedRuns();
            Javalin app = HttpApi.create(store, engine, config).start(config.host(), config.port());
            return new ReferenceServer(config, store, engine, app);
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

    /** Stops taking requests, aborts in-flight model and tool calls, then closes the database. */
    @Override
    public void close() {
        app.stop();
        engine.close();
        store.close();
    }
}

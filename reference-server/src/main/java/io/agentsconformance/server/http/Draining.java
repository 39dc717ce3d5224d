package io.agentsconformance.server.http;

import io.javalin.http.Context;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The HTTP side of a graceful stop (spec/README.md, "Durability"): once {@link #stop} is called,
 * a new request gets {@code 503} with {@code Retry-After}, a new stream subscription is closed
 * with {@link #CLOSE_GOING_AWAY}, and the requests already being handled may finish, so every
 * write a client was answered {@code 2xx} for is committed.
 */
public final class Draining {

    /** RFC 6455's "going away": the server is stopping; resume with afterSequence once it is back. */
    public static final int CLOSE_GOING_AWAY = 1001;
    static final String RETRY_AFTER_SECONDS = "5";
    private static final String COUNTED = "agents.counted";

    private final Object lock = new Object();
    private boolean stopping;
    private int inFlight;
    private final Set<Consumer<String>> streams = ConcurrentHashMap.newKeySet();

    /** Counts the request in, or refuses it if the server is stopping. */
    void enter(Context ctx) {
        synchronized (lock) {
            if (stopping) {
                ctx.header("Retry-After", RETRY_AFTER_SECONDS);
                throw new ApiError(503, "The server is stopping; retry once it has restarted", java.util.List.of());
            }
            inFlight++;
        }
        ctx.attribute(COUNTED, Boolean.TRUE);
    }

    void exit(Context ctx) {
        if (ctx.attribute(COUNTED) == null) {
            return;
        }
        ctx.attribute(COUNTED, null);
        synchronized (lock) {
            inFlight--;
            lock.notifyAll();
        }
    }

    boolean isStopping() {
        synchronized (lock) {
            return stopping;
        }
    }

    /** An open stream registers how to close it; false if the server is already stopping. */
    boolean addStream(Consumer<String> closer) {
        synchronized (lock) {
            if (stopping) {
                return false;
            }
            streams.add(closer);
            return true;
        }
    }

    void removeStream(Consumer<String> closer) {
        streams.remove(closer);
    }

    /** Refuses new requests and subscriptions from now on. */
    public void stop() {
        synchronized (lock) {
            stopping = true;
        }
    }

    /** Waits up to {@code bound} for the requests being handled to be answered; false if some were not. */
    public boolean awaitInFlight(Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        synchronized (lock) {
            while (inFlight > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    lock.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    /** Closes every open stream with {@link #CLOSE_GOING_AWAY}. */
    public void closeStreams() {
        streams.forEach(closer -> closer.accept("server stopping"));
        streams.clear();
    }
}

package io.agentsconformance.server.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;

/**
 * Request bodies are read on Jetty's request threads, which block while a body trickles in. 300
 * clients sending a byte every 2 s held every thread, and /api/health went unanswered for as
 * long as they kept going. So a body must arrive within a deadline (the connection is cut when it
 * does not) and only so many are read at once (one more is answered 429 at once), which leaves
 * the rest of the pool to everyone else (spec/README.md, "HTTP").
 */
final class Uploads {

    /** One timer for every server in the process: it only closes connections, which never blocks. */
    private static final ScheduledThreadPoolExecutor DEADLINES = new ScheduledThreadPoolExecutor(1, task -> {
        Thread thread = new Thread(task, "upload-deadlines");
        thread.setDaemon(true);
        return thread;
    });

    static {
        // Every body read schedules a deadline and almost every one is cancelled: drop them at once.
        DEADLINES.setRemoveOnCancelPolicy(true);
    }

    private final Semaphore reading;
    private final Duration timeout;

    Uploads(int atOnce, Duration timeout) {
        this.reading = new Semaphore(atOnce);
        this.timeout = timeout;
    }

    /** What a body read does with the bytes as they come: {@link InputStream#readNBytes} or a discard. */
    @FunctionalInterface
    interface BodyRead<T> {
        T read(InputStream body) throws IOException;
    }

    /**
     * Reads the body within the deadline, as one of the bodies read at once.
     *
     * @throws ApiError 429 when as many bodies are being read already; 408 when the body was too slow
     *                  (the connection is closed by then, so the answer is seldom seen); 400 when it broke off
     */
    <T> T read(Context ctx, BodyRead<T> read) {
        if (!reading.tryAcquire()) {
            ctx.header("Retry-After", "1");
            ctx.header("Connection", "close");
            throw new ApiError(429, "Too many request bodies are being received at once; try again in a second",
                    List.of());
        }
        AtomicBoolean cutOff = new AtomicBoolean();
        try {
            EndPoint connection = endPoint(ctx);
            ScheduledFuture<?> deadline = DEADLINES.schedule(() -> {
                cutOff.set(true);
                // Closing the connection is what wakes a read blocked on it; nothing else does.
                connection.close(new TimeoutException("the request body took longer than " + timeout.toMillis() + " ms"));
            }, timeout.toMillis(), TimeUnit.MILLISECONDS);
            try {
                return read.read(ctx.bodyInputStream());
            } finally {
                deadline.cancel(false);
            }
        } catch (IOException unreadable) {
            if (cutOff.get()) {
                throw new ApiError(408, "The request body took longer than " + timeout.toMillis() + " ms to arrive",
                        List.of());
            }
            throw ApiError.badRequest("The request body could not be read");
        } finally {
            reading.release();
        }
    }

    private static EndPoint endPoint(Context ctx) {
        return ServletContextRequest.getServletContextRequest(ctx.req()).getConnectionMetaData().getConnection()
                .getEndPoint();
    }
}

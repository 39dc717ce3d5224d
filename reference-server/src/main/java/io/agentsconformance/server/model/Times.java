package io.agentsconformance.server.model;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicLong;

/** Timestamps as epoch milliseconds, written as RFC 3339 UTC with millisecond precision. */
public final class Times {

    private static final DateTimeFormatter RFC_3339_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private static final AtomicLong LAST = new AtomicLong();

    private Times() {
    }

    /**
     * The current time, never earlier than a previous answer: event timestamps must not decrease
     * along a run's sequence even if the wall clock is set back.
     */
    public static long now() {
        long wall = System.currentTimeMillis();
        return LAST.accumulateAndGet(wall, Math::max);
    }

    public static String format(long epochMillis) {
        return RFC_3339_MILLIS.format(Instant.ofEpochMilli(epochMillis));
    }
}

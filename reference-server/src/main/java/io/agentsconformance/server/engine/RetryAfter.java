package io.agentsconformance.server.engine;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Reads how long a 429/503 answer asks the client to wait. */
final class RetryAfter {

    private RetryAfter() {
    }

    /**
     * @param status        the answer's status: only 429 and 503 carry a wait we honour
     * @param retryAfterMs  the {@code retry-after-ms} header, or null
     * @param retryAfter    the {@code Retry-After} header (seconds or an HTTP date), or null
     * @return the wait in milliseconds, 0 if none or unreadable
     */
    static long millis(int status, String retryAfterMs, String retryAfter) {
        if (status != 429 && status != 503) {
            return 0;
        }
        long wait = 0;
        if (retryAfterMs != null) {
            wait = Math.max(wait, parseNumber(retryAfterMs.trim(), 1));
        }
        if (retryAfter != null) {
            wait = Math.max(wait, parseSecondsOrDate(retryAfter.trim()));
        }
        return wait;
    }

    private static long parseSecondsOrDate(String value) {
        long seconds = parseNumber(value, 1000);
        if (seconds > 0 || value.matches("[0-9.]+")) {
            return seconds;
        }
        try {
            ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
            return Math.max(0, at.toInstant().toEpochMilli() - System.currentTimeMillis());
        } catch (DateTimeParseException unreadable) {
            return 0;
        }
    }

    private static long parseNumber(String value, long unitMillis) {
        try {
            double number = Double.parseDouble(value);
            return number > 0 && Double.isFinite(number) ? (long) Math.ceil(number * unitMillis) : 0;
        } catch (NumberFormatException notANumber) {
            return 0;
        }
    }
}

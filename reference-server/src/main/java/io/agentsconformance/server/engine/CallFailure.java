package io.agentsconformance.server.engine;

/** One failed attempt of a model or tool request, and whether the contract lets us retry it. */
final class CallFailure extends Exception {

    private final boolean retryable;
    private final long retryAfterMs;

    CallFailure(String message, boolean retryable, long retryAfterMs) {
        super(message, null, false, false);
        this.retryable = retryable;
        this.retryAfterMs = retryAfterMs;
    }

    static CallFailure retryable(String message) {
        return new CallFailure(message, true, 0);
    }

    /** 408, 409, 429 and 5xx are worth another attempt; other 4xx answers would fail the same way. */
    static CallFailure ofStatus(String what, int status, long retryAfterMs) {
        boolean retryable = status == 408 || status == 409 || status == 429 || status >= 500;
        return new CallFailure(what + " answered HTTP " + status, retryable, retryAfterMs);
    }

    boolean retryable() {
        return retryable;
    }

    /** The least wait the server asked for (Retry-After / retry-after-ms), 0 if none. */
    long retryAfterMs() {
        return retryAfterMs;
    }
}

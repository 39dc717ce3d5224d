package io.agentsconformance.server.engine;

import java.io.IOException;
import okhttp3.Call;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * OkHttp application interceptor of the transport shared by the model client and the tool client:
 * a request goes out only while its run (named by its X-Agents-Run-Id header) is executing, and
 * is registered with the run's context so that a cancel aborts it. Cancelling the openai-java
 * SDK's future would not abort the underlying OkHttp call; cancelling the call itself does.
 */
final class RunGate implements Interceptor {

    private final ActiveRuns activeRuns;

    RunGate(ActiveRuns activeRuns) {
        this.activeRuns = activeRuns;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        String runId = chain.request().header(Correlation.RUN_ID);
        if (runId == null) {
            throw new IOException("refusing a request that names no run");
        }
        RunContext context = activeRuns.get(runId)
                .orElseThrow(() -> new IOException("run " + runId + " is not executing; request not sent"));
        Call call = chain.call();
        context.register(call);
        try {
            return chain.proceed(chain.request());
        } finally {
            context.unregister(call);
        }
    }
}

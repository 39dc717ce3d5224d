package io.agentsconformance.server.engine;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;

/** Tools, reached by POSTing the call's arguments to the tool's URL. */
final class ToolGateway {

    /** A larger tool result fails the call rather than the server's memory. */
    static final long MAX_RESULT_BYTES = 32L * 1024 * 1024;

    private static final MediaType JSON = MediaType.get("application/json");

    private final OkHttpClient client;

    ToolGateway(OkHttpClient transport) {
        this.client = transport;
    }

    /** The tool's 2xx answer body as text. */
    String call(String url, String arguments, Map<String, String> headers, int timeoutMs) throws CallFailure {
        Request request = new Request.Builder()
                .url(url)
                .headers(Headers.of(headers))
                .post(RequestBody.create(arguments, JSON))
                .build();
        Duration timeout = Duration.ofMillis(timeoutMs);
        OkHttpClient bounded = client.newBuilder()
                .callTimeout(timeout).connectTimeout(timeout).readTimeout(timeout).writeTimeout(timeout)
                .build();
        try (Response response = bounded.newCall(request).execute()) {
            if (!response.isSuccessful()) {
                throw CallFailure.ofStatus("the tool", response.code(), RetryAfter.millis(response.code(),
                        response.header("retry-after-ms"), response.header("Retry-After")));
            }
            return readBounded(response.body());
        } catch (InterruptedIOException timedOut) {
            throw CallFailure.retryable("the tool did not answer within " + timeoutMs + " ms");
        } catch (IOException e) {
            throw CallFailure.retryable("the tool request failed: " + e.getClass().getSimpleName() + ": "
                    + e.getMessage());
        }
    }

    private static String readBounded(ResponseBody body) throws IOException, CallFailure {
        if (body == null) {
            return "";
        }
        BufferedSource source = body.source();
        Buffer buffer = new Buffer();
        while (source.read(buffer, 64 * 1024) != -1) {
            if (buffer.size() > MAX_RESULT_BYTES) {
                throw new CallFailure("the tool's result is larger than " + MAX_RESULT_BYTES + " bytes", false, 0);
            }
        }
        return buffer.readString(StandardCharsets.UTF_8);
    }
}

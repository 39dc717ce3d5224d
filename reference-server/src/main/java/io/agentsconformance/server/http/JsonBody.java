package io.agentsconformance.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentsconformance.server.model.Json;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;

/** Reads a request body as a JSON object, never keeping more of it than the server's limit. */
final class JsonBody {

    static final int DEFAULT_MAX_BYTES = io.agentsconformance.server.ServerConfig.MAX_REQUEST_BYTES;
    private static final String LIMIT = "agents.maxRequestBytes";

    /** How much of an oversized body is read and thrown away so that the client sees the 413. */
    private static final long MAX_DISCARDED_BYTES = 64L * 1024 * 1024;

    private JsonBody() {
    }

    /** The limit of this server, set on every request before any handler reads a body. */
    static void limit(Context ctx, int maxBytes) {
        ctx.attribute(LIMIT, maxBytes);
    }

    static int limit(Context ctx) {
        Integer limit = ctx.attribute(LIMIT);
        return limit == null ? DEFAULT_MAX_BYTES : limit;
    }

    /** Answers 413 straight away when the declared length is over the limit. */
    static void rejectOversized(Context ctx) {
        String declared = ctx.header("Content-Length");
        if (declared != null && declared.trim().matches("[0-9]{1,18}") && Long.parseLong(declared.trim()) > limit(ctx)) {
            throw tooLarge(ctx);
        }
    }

    static ObjectNode read(Context ctx) {
        rejectOversized(ctx);
        byte[] bytes = readAtMostLimit(ctx);
        if (bytes.length == 0) {
            throw ApiError.badRequest("A JSON object is required as the request body");
        }
        JsonNode parsed;
        try {
            parsed = Json.MAPPER.readTree(bytes);
        } catch (JsonProcessingException malformed) {
            throw ApiError.badRequest("The request body is not valid JSON: " + malformed.getOriginalMessage());
        } catch (IOException unreadable) {
            throw ApiError.badRequest("The request body could not be read");
        }
        if (parsed == null || !parsed.isObject()) {
            throw ApiError.badRequest("The request body must be a JSON object");
        }
        return (ObjectNode) parsed;
    }

    /** Chunked bodies declare no length: count while reading, and stop one byte past the limit. */
    private static byte[] readAtMostLimit(Context ctx) {
        byte[] bytes;
        try {
            bytes = ctx.bodyInputStream().readNBytes(limit(ctx) + 1);
        } catch (IOException unreadable) {
            throw ApiError.badRequest("The request body could not be read");
        }
        if (bytes.length > limit(ctx)) {
            throw tooLarge(ctx);
        }
        return bytes;
    }

    /**
     * The 413, after reading the rest of the body: a server that answers and hangs up while the
     * client is still sending makes most clients report a reset connection instead of the answer.
     */
    private static ApiError tooLarge(Context ctx) {
        try {
            InputStream in = ctx.bodyInputStream();
            byte[] discard = new byte[64 * 1024];
            long discarded = 0;
            for (int read = in.read(discard); read != -1; read = in.read(discard)) {
                discarded += read;
                if (discarded > MAX_DISCARDED_BYTES) {
                    ctx.header("Connection", "close");
                    break;
                }
            }
        } catch (IOException clientGone) {
            // nothing to answer
        }
        return ApiError.payloadTooLarge(limit(ctx));
    }
}

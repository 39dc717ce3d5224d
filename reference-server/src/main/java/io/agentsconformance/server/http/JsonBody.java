package io.agentsconformance.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentsconformance.server.model.Json;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads a request body as a JSON object, never keeping more of it than the server's limit, within
 * the deadline and the number of bodies read at once that {@link Uploads} keeps.
 */
final class JsonBody {

    static final int DEFAULT_MAX_BYTES = io.agentsconformance.server.ServerConfig.MAX_REQUEST_BYTES;
    private static final String LIMIT = "agents.maxRequestBytes";
    private static final String UPLOADS = "agents.uploads";
    private static final String EARLY_CLOSE = "agents.earlyClose";

    /** How much of an oversized body is read and thrown away so that the client sees the 413. */
    private static final long MAX_DISCARDED_BYTES = 64L * 1024 * 1024;

    private JsonBody() {
    }

    /**
     * What this server allows, set on every request before any handler reads a body.
     *
     * @param earlyClose whether a body declared over the limit is left unread (Alternative.EARLY_413_CLOSE)
     */
    static void limit(Context ctx, int maxBytes, Uploads uploads, boolean earlyClose) {
        ctx.attribute(LIMIT, maxBytes);
        ctx.attribute(UPLOADS, uploads);
        ctx.attribute(EARLY_CLOSE, earlyClose);
    }

    static int limit(Context ctx) {
        Integer limit = ctx.attribute(LIMIT);
        return limit == null ? DEFAULT_MAX_BYTES : limit;
    }

    private static Uploads uploads(Context ctx) {
        Uploads uploads = ctx.attribute(UPLOADS);
        return uploads != null ? uploads : new Uploads(1, java.time.Duration.ofSeconds(10));
    }

    /**
     * A body declared over the limit is answered 413 at once, from its Content-Length, before a byte
     * of it is read: a client that declares 10^15 bytes and sends none waited for the 30 s idle
     * timeout, and one that sent {@code Expect: 100-continue} was told to go on. What the client
     * still sends is then read and thrown away (up to 64 MiB, within the upload deadline), so that
     * one that writes its whole body before reading sees the answer rather than a reset
     * connection; with the early-close alternative, or after {@code Expect: 100-continue}, nothing
     * is read and the connection is closed.
     *
     * @return whether the request was answered: nothing else may then be done with it
     */
    static boolean rejectOversized(Context ctx) {
        String header = ctx.header("Content-Length");
        if (header == null || !header.trim().matches("[0-9]{1,18}")) {
            return false;
        }
        long declared = Long.parseLong(header.trim());
        if (declared <= limit(ctx)) {
            return false;
        }
        answerNow(ctx, ApiError.payloadTooLarge(limit(ctx)));
        ctx.skipRemainingHandlers();
        String expect = ctx.header("Expect");
        boolean continueAsked = expect != null && expect.trim().equalsIgnoreCase("100-continue");
        if (!continueAsked && declared <= MAX_DISCARDED_BYTES && !Boolean.TRUE.equals(ctx.attribute(EARLY_CLOSE))) {
            try {
                uploads(ctx).read(ctx, JsonBody::discard);
            } catch (ApiError gone) {
                // The answer is out; a client too slow or too many to read from is simply closed on.
            }
        }
        return true;
    }

    /** The problem document written and flushed now, rather than when the handlers are done. */
    private static void answerNow(Context ctx, ApiError error) {
        byte[] body = Problems.document(error).getBytes(StandardCharsets.UTF_8);
        jakarta.servlet.http.HttpServletResponse response = ctx.res();
        response.setStatus(error.status);
        response.setContentType(Problems.CONTENT_TYPE);
        response.setHeader("Connection", "close");
        response.setContentLength(body.length);
        try {
            response.getOutputStream().write(body);
            response.flushBuffer();
        } catch (IOException clientGone) {
            // nothing to answer
        }
    }

    private static long discard(InputStream in) throws IOException {
        byte[] sink = new byte[64 * 1024];
        long discarded = 0;
        for (int read = in.read(sink); read != -1 && discarded <= MAX_DISCARDED_BYTES; read = in.read(sink)) {
            discarded += read;
        }
        return discarded;
    }

    static ObjectNode read(Context ctx) {
        byte[] bytes = readAtMostLimit(ctx);
        if (bytes.length == 0) {
            throw ApiError.badRequest("A JSON object is required as the request body");
        }
        JsonNode parsed;
        try {
            parsed = Json.MAPPER.readTree(utf8(bytes));
        } catch (JsonProcessingException malformed) {
            throw ApiError.badRequest("The request body is not valid JSON: " + malformed.getOriginalMessage());
        } catch (IOException unreadable) {
            throw ApiError.badRequest("The request body could not be read");
        }
        if (parsed == null || !parsed.isObject()) {
            throw ApiError.badRequest("The request body must be a JSON object");
        }
        rejectLoneSurrogates(parsed);
        return (ObjectNode) parsed;
    }

    /**
     * The body as text, refusing what is not UTF-8. Jackson's own decoding let an overlong
     * {@code C0 AF} through as {@code /} (the shape of a path traversal filter bypass) and turned a
     * code point above U+10FFFF into {@code ?}; the JDK's decoder, told to report, refuses both.
     */
    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException notUtf8) {
            throw ApiError.badRequest("The request body is not valid UTF-8 (RFC 8259 requires it)");
        }
    }

    /**
     * A {@code \ud800} escape with no partner is valid JSON syntax but names no character: stored,
     * it came back as {@code ?}. It is refused like any other text that is not UTF-8.
     */
    private static void rejectLoneSurrogates(JsonNode node) {
        if (node.isTextual()) {
            requireWholeCharacters(node.textValue());
        }
        for (var fields = node.fields(); fields.hasNext(); ) {
            var field = fields.next();
            requireWholeCharacters(field.getKey());
            rejectLoneSurrogates(field.getValue());
        }
        if (node.isArray()) {
            node.forEach(JsonBody::rejectLoneSurrogates);
        }
    }

    private static void requireWholeCharacters(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw ApiError.badRequest("The request body escapes a lone surrogate (\\u" + Integer.toHexString(c)
                        + "), which is no character: text must be UTF-8");
            }
        }
    }

    /** Chunked bodies declare no length: count while reading, and stop one byte past the limit. */
    private static byte[] readAtMostLimit(Context ctx) {
        int limit = limit(ctx);
        byte[] bytes = uploads(ctx).read(ctx, in -> {
            byte[] head = in.readNBytes(limit + 1);
            if (head.length > limit) {
                // The 413 after reading the rest: a server that answers and hangs up while the
                // client is still sending makes most clients report a reset connection instead.
                if (discard(in) > MAX_DISCARDED_BYTES) {
                    ctx.header("Connection", "close");
                }
            }
            return head;
        });
        if (bytes.length > limit) {
            throw ApiError.payloadTooLarge(limit);
        }
        return bytes;
    }
}

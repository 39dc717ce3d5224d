package io.agentsconformance.kit.report;

import io.qameta.allure.Allure;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Attachments to the current scenario's Allure report: what a reader needs to see why a case
 * passed or failed; {@link ExchangeEvidence} attaches each HTTP exchange through here too.
 * Every attachment is bounded so that the report of a full run stays small enough to open
 * (README, "The report"): a long text keeps its start and its end, and says in the middle how
 * much was left out and the SHA-256 of the whole, so a reader can still tell two texts apart or
 * match one against what their server logged.
 */
public final class Evidence {

    /**
     * The most one attachment keeps, in characters: under 1 MB even as UTF-8 of mostly ASCII.
     * EDGE-1's journal alone (a thousand model requests, each with the conversation so far) was
     * 49 MB before conversations were shown once and long strings elided (Journal.render).
     */
    static final int MAX_CHARS = 512 * 1024;

    private Evidence() {
    }

    public static void text(String name, String content) {
        Allure.addAttachment(name, "text/plain", elide(content, MAX_CHARS), ".txt");
    }

    /** JSON, or its elided text when it is too long to keep whole (then it is no longer valid JSON). */
    public static void json(String name, String content) {
        if (content != null && content.length() > MAX_CHARS) {
            text(name, content);
        } else {
            Allure.addAttachment(name, "application/json", content, ".json");
        }
    }

    /**
     * {@code content} itself when it has at most {@code max} characters; otherwise its first and
     * last {@code max / 2} characters around a line naming the whole text's size and SHA-256.
     */
    public static String elide(String content, int max) {
        if (content == null || content.length() <= max) {
            return content;
        }
        int half = Math.max(1, max / 2);
        return content.substring(0, half) + "\n... [" + (content.length() - 2 * half) + " characters left out; the whole is "
                + content.length() + " characters, " + content.getBytes(StandardCharsets.UTF_8).length
                + " bytes as UTF-8, SHA-256 " + sha256(content) + "] ...\n" + content.substring(content.length() - half);
    }

    /** The SHA-256 of the text's UTF-8 bytes, in hex. */
    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}

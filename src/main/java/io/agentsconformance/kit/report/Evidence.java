package io.agentsconformance.kit.report;

import io.qameta.allure.Allure;

/**
 * Attachments to the current scenario's Allure report: what a reader needs to see why a case
 * passed or failed; {@link ExchangeEvidence} attaches each HTTP exchange through here too.
 */
public final class Evidence {

    /**
     * The most one attachment keeps: a report a browser can open. EDGE-1's journal alone (a
     * thousand model requests, each with the conversation so far) was 49 MB.
     */
    static final int MAX_CHARS = 512 * 1024;

    private Evidence() {
    }

    public static void text(String name, String content) {
        Allure.addAttachment(name, "text/plain", bounded(content), ".txt");
    }

    /** JSON, or its bounded text when it is too long to keep whole (then it is no longer valid JSON). */
    public static void json(String name, String content) {
        if (content != null && content.length() > MAX_CHARS) {
            text(name, content);
        } else {
            Allure.addAttachment(name, "application/json", content, ".json");
        }
    }

    /** The start and the end of a long text, saying how much was left out between them. */
    static String bounded(String content) {
        if (content == null || content.length() <= MAX_CHARS) {
            return content;
        }
        int half = MAX_CHARS / 2;
        return content.substring(0, half) + "\n\n... " + (content.length() - 2 * half)
                + " characters left out to keep the report openable ...\n\n" + content.substring(content.length() - half);
    }
}

package io.agentsconformance.kit.report;

import io.qameta.allure.Allure;

/**
 * Attachments to the current scenario's Allure report: what a reader needs to see why a case
 * passed or failed, beyond the HTTP exchanges the REST Assured filter attaches by itself.
 */
public final class Evidence {

    private Evidence() {
    }

    public static void text(String name, String content) {
        Allure.addAttachment(name, "text/plain", content, ".txt");
    }

    public static void json(String name, String content) {
        Allure.addAttachment(name, "application/json", content, ".json");
    }
}

package io.agentsconformance.kit.report;

import io.agentsconformance.kit.requirements.Requirements;

/**
 * The requirements registry as one HTML page, a row per case with the case ID as its anchor:
 * the report's "in the catalogue" links land on the row ({@code catalogue.html#API-2.3}), which
 * a YAML file opened in a browser cannot offer.
 */
public final class CataloguePage {

    static final String FILE = "catalogue.html";

    private CataloguePage() {
    }

    static String html(Requirements registry) {
        StringBuilder page = new StringBuilder("""
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8">
                <title>Agents API conformance: the catalogue of cases</title>
                <style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}
                td,th{border:1px solid #ccc;padding:.3em .6em;vertical-align:top;text-align:left}
                tr:target{background:#fff3b0}</style></head><body>
                """);
        page.append("<h1>The catalogue of cases, contract ").append(escape(registry.contractVersion())).append("</h1>\n")
                .append("<p>From <a href=\"requirements.yaml\">requirements.yaml</a>: each case's level, the contract ")
                .append("version that added it, the capability it needs, and where its level comes from.</p>\n")
                .append("<table><thead><tr><th>Case</th><th>Level</th><th>Area</th><th>Since</th><th>Capability</th>")
                .append("<th>Why this level</th><th>Contract</th></tr></thead><tbody>\n");
        for (Requirements.Requirement c : registry.all()) {
            String spec = registry.specOf(c.id()).orElse("README.md");
            page.append("<tr id=\"").append(escape(c.id())).append("\"><td><a href=\"#").append(escape(c.id())).append("\">")
                    .append(escape(c.id())).append("</a></td><td>").append(c.level()).append("</td><td>")
                    .append(escape(registry.areaName(c.area()))).append("</td><td>").append(escape(c.since()))
                    .append("</td><td>").append(c.capability() == null ? "" : escape(c.capability())).append("</td><td>")
                    .append(escape(c.why())).append("</td><td><a href=\"").append(escape(spec)).append("\">")
                    .append(escape(spec)).append("</a></td></tr>\n");
        }
        return page.append("</tbody></table></body></html>\n").toString();
    }

    private static String escape(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

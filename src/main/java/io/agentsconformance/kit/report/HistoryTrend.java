package io.agentsconformance.kit.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;

/**
 * The trend of the last runs, in the shape Allure reads from {@code allure-results/history/history-trend.json}
 * (newest first). A single-file Allure report keeps no history of its own, so the kit keeps it in
 * {@code <reports>/history/history-trend.json}: each run copies it into its results at start
 * (Allure then adds this run to the chart) and extends it when the run ends, for the next one.
 */
public final class HistoryTrend {

    /** The runs a trend keeps: Allure's own chart shows about as many. */
    static final int KEPT = 20;
    static final String FILE = "history-trend.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The build order this JVM's run took; with --repeat, later rounds replace its entry rather than add one. */
    private static Integer thisRun;

    private HistoryTrend() {
    }

    /** Where the kit keeps the trend between runs. */
    public static Path kept(Path reportsDir) {
        return reportsDir.resolve("history").resolve(FILE);
    }

    /** Copies the trend of the earlier runs into this run's Allure results, if there were any. */
    public static void carryInto(Path reportsDir, Path allureResults) throws IOException {
        Path earlier = kept(reportsDir);
        if (Files.isRegularFile(earlier)) {
            Path history = Files.createDirectories(allureResults.resolve("history"));
            Files.copy(earlier, history.resolve(FILE), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Adds this run (or replaces its entry, on a later round of the same JVM) and keeps the newest {@link #KEPT}. */
    public static synchronized void extend(Path reportsDir, String reportName, Collection<Score.ScenarioResult> results)
            throws IOException {
        Path file = kept(reportsDir);
        ArrayNode earlier = read(file);
        ArrayNode trend = JSON.createArrayNode();
        int order;
        if (thisRun == null) {
            int newest = 0;
            for (JsonNode entry : earlier) {
                newest = Math.max(newest, entry.path("buildOrder").asInt(0));
            }
            order = newest + 1;
            thisRun = order;
        } else {
            order = thisRun;
        }
        trend.add(entry(order, reportName, results));
        for (JsonNode entry : earlier) {
            if (entry.path("buildOrder").asInt(-1) != order && trend.size() < KEPT) {
                trend.add(entry);
            }
        }
        Files.createDirectories(file.getParent());
        JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), trend);
    }

    static ObjectNode entry(int order, String reportName, Collection<Score.ScenarioResult> results) {
        int passed = 0;
        int failed = 0;
        int skipped = 0;
        for (Score.ScenarioResult result : results) {
            switch (result.outcome()) {
                case PASSED, NOT_SCORED -> passed++;
                case FAILED -> failed++;
                default -> skipped++;
            }
        }
        ObjectNode entry = JSON.createObjectNode();
        entry.put("buildOrder", order);
        entry.put("reportName", reportName);
        ObjectNode data = entry.putObject("data");
        data.put("failed", failed);
        data.put("broken", 0);
        data.put("skipped", skipped);
        data.put("passed", passed);
        data.put("unknown", 0);
        data.put("total", results.size());
        return entry;
    }

    private static ArrayNode read(Path file) {
        if (!Files.isRegularFile(file)) {
            return JSON.createArrayNode();
        }
        try {
            JsonNode node = JSON.readTree(file.toFile());
            return node instanceof ArrayNode array ? array : JSON.createArrayNode();
        } catch (IOException unreadable) {
            // A damaged trend only costs the chart its past; the run itself is unaffected.
            return JSON.createArrayNode();
        }
    }

    /** For tests: forget the build order this JVM took. */
    static synchronized void forgetThisRun() {
        thisRun = null;
    }
}

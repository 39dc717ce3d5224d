package io.agentsconformance.kit.report;

import io.agentsconformance.kit.requirements.Requirements;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a run writes beside its results so that the report reads well: Allure's categories, the
 * trend of earlier runs, and the contract itself under {@code <reports>/spec/} with a catalogue
 * page, which each scenario's case links point to (README, "The report").
 */
public final class ReportDirectory {

    /** The files of spec/ the kit carries; ReportDirectoryTest keeps this list equal to the folder. */
    static final List<String> SPEC_FILES = List.of("README.md", "openapi.yaml", "asyncapi.yaml", "llm-and-tools.md",
            "event-stream.md", "requirements.yaml", "conformance-summary.schema.json");

    private ReportDirectory() {
    }

    /**
     * Removes what an earlier run left in the report directory's Allure results and HTML report,
     * so a report shows this run only; the trend kept in {@code <reports>/history} stays. The
     * Maven build does the same with maven-clean-plugin before the suite starts.
     */
    public static void clearEarlierRun(Path reportsDir) throws IOException {
        for (String dir : List.of("allure-results", "allure-report", "junit")) {
            deleteTree(reportsDir.resolve(dir));
        }
    }

    /** At the start of a run, once the kit is up: categories, the earlier trend, the spec and its catalogue. */
    public static void prepare(Path reportsDir, Requirements registry) throws IOException {
        Path results = Files.createDirectories(reportsDir.resolve("allure-results"));
        copyResource("allure-categories.json", results.resolve("categories.json"));
        HistoryTrend.carryInto(reportsDir, results);
        Path spec = Files.createDirectories(reportsDir.resolve("spec"));
        for (String file : SPEC_FILES) {
            copyResource("spec/" + file, spec.resolve(file));
        }
        Files.writeString(spec.resolve(CataloguePage.FILE), CataloguePage.html(registry), StandardCharsets.UTF_8);
    }

    private static void copyResource(String resource, Path to) throws IOException {
        try (InputStream in = ReportDirectory.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException(resource + " is not on the kit's classpath; the kit is built wrong");
            }
            Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}

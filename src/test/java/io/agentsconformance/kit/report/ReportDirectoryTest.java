package io.agentsconformance.kit.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentsconformance.kit.requirements.Requirements;
import io.qameta.allure.model.Label;
import io.qameta.allure.model.Link;
import io.qameta.allure.model.TestResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class ReportDirectoryTest {

    @TempDir
    Path reports;

    @Test
    void carriesEverySpecFileTheKitIsBuiltWith() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("spec"))) {
            assertThat(ReportDirectory.SPEC_FILES).as("the files of spec/ the report copies")
                    .containsExactlyInAnyOrderElementsOf(files.map(f -> f.getFileName().toString()).toList());
        }
    }

    @Test
    void preparesCategoriesTheSpecAndACataloguePageWithARowPerCase() throws Exception {
        ReportDirectory.prepare(reports, Requirements.packaged());

        JsonNode categories = new ObjectMapper().readTree(reports.resolve("allure-results/categories.json").toFile());
        assertThat(categories).as("Allure categories").hasSizeGreaterThanOrEqualTo(5);
        for (String file : ReportDirectory.SPEC_FILES) {
            assertThat(reports.resolve("spec").resolve(file)).as("copied spec file").isRegularFile();
        }
        String catalogue = Files.readString(reports.resolve("spec/catalogue.html"));
        for (Requirements.Requirement c : Requirements.packaged().all()) {
            assertThat(catalogue).as("the catalogue's row of " + c.id()).contains("<tr id=\"" + c.id() + "\">");
        }
    }

    @Test
    void clearingAnEarlierRunKeepsItsTrend() throws Exception {
        Files.createDirectories(reports.resolve("allure-results"));
        Files.writeString(reports.resolve("allure-results/old-result.json"), "{}");
        Files.createDirectories(reports.resolve("history"));
        Files.writeString(HistoryTrend.kept(reports), "[]");

        ReportDirectory.clearEarlierRun(reports);

        assertThat(reports.resolve("allure-results")).as("the earlier run's results").doesNotExist();
        assertThat(HistoryTrend.kept(reports)).as("the trend of earlier runs").isRegularFile();
    }

    @Test
    void linksEachCaseOfAScenarioToItsCatalogueRowAndItsContract() {
        TestResult result = new TestResult().setLabels(new java.util.ArrayList<>(List.of(
                new Label().setName("tag").setValue("@API-2.3"), new Label().setName("tag").setValue("@level-must"),
                new Label().setName("feature").setValue("Runs"))));

        new ReportLinks().beforeTestStop(result);

        assertThat(result.getLinks()).extracting(Link::getUrl).as("the links of a scenario tagged @API-2.3")
                .containsExactly("../spec/catalogue.html#API-2.3", "../spec/traceability.html#API-2.3", "../spec/openapi.yaml");
    }
}

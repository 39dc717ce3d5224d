package io.agentsconformance.kit;

import io.agentsconformance.kit.report.ReportDirectory;
import io.agentsconformance.kit.setup.DirectHttpSetUp;
import io.cucumber.tagexpressions.Expression;
import io.cucumber.tagexpressions.TagExpressionParser;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/**
 * Scenarios whose projects, profiles, workflows and context items are made by a set-up other than
 * the kit's own (DirectHttpSetUp, selected with agents.setup as a vendor selects theirs), against
 * the bundled reference server: they pass, and the adapter is what made their fixtures.
 *
 * <p>Runs in the failsafe execution "kit-jar" (kit-pom.xml), the only one in whose JVM no other
 * suite starts the kit: the kit's configuration is read once per JVM.
 */
class SetUpAdapterIT {

    /** Projects (one of them running one run at a time), profiles, workflows with tools, context items. */
    private static final String SCENARIOS = "@API-2.1 or @API-2.2 or @API-5.3 or @API-7.2 or @WF-02";

    private static final Path WORK = Path.of(System.getProperty("agents.kit.it.dir", "target/kit/kit-jar-it"))
            .resolve("setup-adapter").toAbsolutePath();

    @Test
    void scenariosSetUpByAVendorsAdapterPassAndTheAdapterMadeTheirFixtures() {
        Path reports = WORK.resolve("reports");
        try {
            // An earlier run's results would answer for this one.
            ReportDirectory.clearEarlierRun(reports);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // This JVM's kit reads these when it starts; its outputs stay apart from the conformance suite's.
        System.setProperty("agents.setup", DirectHttpSetUp.NAME);
        System.setProperty("agents.reports.dir", reports.toString());
        System.setProperty("agents.bundled.log", reports.resolve("reference-server.log").toString());
        System.setProperty("allure.results.directory", reports.resolve("allure-results").toString());

        Launcher launcher = LauncherFactory.create();
        List<TestIdentifier> chosen = scenarios(launcher.discover(request().selectors(selectPackage("features")).build()),
                SCENARIOS);
        assertThat(chosen).as("the scenarios tagged " + SCENARIOS).hasSizeGreaterThanOrEqualTo(5);

        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(request()
                .selectors(chosen.stream().map(test -> selectUniqueId(test.getUniqueId())).toList())
                .configurationParameter("cucumber.plugin", "io.qameta.allure.cucumber7jvm.AllureCucumber7Jvm, "
                        + "io.agentsconformance.kit.report.ConformanceSummary, junit:" + reports.resolve("junit/cucumber.xml"))
                .build(), listener);
        TestExecutionSummary summary = listener.getSummary();

        assertThat(summary.getTestsSucceededCount())
                .as("scenarios passed of the " + chosen.size() + " tagged " + SCENARIOS + " (not passed: "
                        + outcomes(summary) + "; see " + reports + ")")
                .isEqualTo(chosen.size());
        assertThat(Kit.lastStarted()).as("the kit that ran them")
                .hasValueSatisfying(kit -> assertThat(kit.setUp().name()).as("the set-up it selected")
                        .isEqualTo(DirectHttpSetUp.NAME));
        for (String kind : List.of("project", "agent profile", "workflow", "context item")) {
            assertThat(DirectHttpSetUp.created(kind)).as("how many of the kind '" + kind + "' DirectHttpSetUp created")
                    .isPositive();
        }
        // What the adapter made is not in the report as fixture requests: the report says so itself.
        String named = "set-up '" + DirectHttpSetUp.NAME + "': ";
        try (Stream<Path> results = Files.list(reports.resolve("allure-results"))) {
            assertThat(results.filter(file -> file.getFileName().toString().endsWith("-result.json"))
                    .map(SetUpAdapterIT::read).filter(result -> result.contains(named)).count())
                    .as("Allure results with an attachment named \"" + named + "...\" in " + reports.resolve("allure-results"))
                    .isEqualTo(chosen.size());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The scenarios the Cucumber tag expression selects, as the kit jar's --tags does. */
    private static List<TestIdentifier> scenarios(TestPlan plan, String expression) {
        Expression wanted = TagExpressionParser.parse(expression);
        List<TestIdentifier> tests = new ArrayList<>();
        for (TestIdentifier root : plan.getRoots()) {
            plan.getDescendants(root).stream().filter(TestIdentifier::isTest)
                    .filter(test -> wanted.evaluate(test.getTags().stream().map(t -> "@" + t.getName()).toList()))
                    .forEach(tests::add);
        }
        return tests;
    }

    private static String outcomes(TestExecutionSummary summary) {
        String failed = summary.getFailures().stream()
                .map(f -> f.getTestIdentifier().getDisplayName() + ": " + f.getException().getMessage())
                .collect(Collectors.joining("; "));
        long aborted = summary.getTestsAbortedCount();
        long skipped = summary.getTestsSkippedCount();
        return (failed.isEmpty() ? "no failure" : failed) + ", " + aborted + " aborted, " + skipped + " skipped";
    }
}

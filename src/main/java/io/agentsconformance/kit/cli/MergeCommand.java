package io.agentsconformance.kit.cli;

import io.agentsconformance.kit.config.KitConfigException;
import io.agentsconformance.kit.report.Baseline;
import io.agentsconformance.kit.report.ConformanceSummary;
import io.agentsconformance.kit.report.ReportDirectory;
import io.agentsconformance.kit.report.RunRecord;
import io.agentsconformance.kit.report.Score;
import io.agentsconformance.kit.requirements.Requirements;
import io.agentsconformance.kit.shard.Merge;
import org.junit.platform.launcher.core.LauncherFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code java -jar agents-conformance-kit.jar merge DIR...}: the report directories of the N
 * shards of one run ({@code --shard I/N}) made into one report and one verdict, scored again
 * from every scenario's outcome as a single run would have scored them (shards/Merge). Exit codes
 * are the kit's; 2 also when the directories are not the shards of one whole split.
 */
@Command(name = "merge", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Combines the report directories of the shards of one run (--shard I/N) into one report and one"
                + " verdict: Allure results, JUnit XML, the conformance summary, the traceability matrix and the trend."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:no MUST case failed outside the baseline",
                "1:a MUST case failed and the baseline does not list it",
                "2:the directories are not every shard of one split, each scenario once; or a MUST case not testable",
                "3:the baseline lists a known failure that passes now: remove it"})
final class MergeCommand implements Callable<Integer> {

    @Parameters(paramLabel = "DIR", arity = "1..*", description = "The --report-dir of each shard's run.")
    List<Path> dirs;

    @Option(names = "--report-dir", paramLabel = "DIR", defaultValue = "reports",
            description = "Where the merged report goes (default ${DEFAULT-VALUE}); apart from the shards' directories.")
    Path reportDir;

    @Option(names = "--baseline", paramLabel = "FILE",
            description = "The known-failures baseline the shards ran with (YAML), for the exit code.")
    Path baseline;

    @Option(names = "--html-report", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Render the merged HTML report into DIR/allure-report/index.html (the default).")
    boolean htmlReport;

    private final PrintStream out;

    MergeCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() {
        Path into = reportDir.toAbsolutePath();
        Requirements registry = Requirements.packaged();
        RunRecord merged;
        try {
            Merge.checkApart(dirs, into);
            List<RunRecord> shards = Merge.read(dirs);
            merged = Merge.combine(dirs, shards);
            Baseline known = baseline == null ? Baseline.EMPTY
                    : Baseline.load(baseline.toAbsolutePath(), registry,
                            Scenarios.names(Scenarios.discover(LauncherFactory.create())));
            Score score = Score.of(merged.results(), registry, merged.declaration(),
                    io.agentsconformance.kit.config.KitConfig.Level.valueOf(merged.facts().level().toUpperCase(java.util.Locale.ROOT)),
                    known, LocalDate.now());
            ReportDirectory.clearEarlierRun(into);
            ReportDirectory.prepare(into, registry);
            Merge.copyAllureResults(dirs, into.resolve("allure-results"));
            Merge.copyEnvironment(dirs.get(0), into.resolve("allure-results"), shards.size());
            Merge.mergeJUnit(dirs, into.resolve("junit/cucumber.xml"));
            Merge.copyLogs(dirs, shards, into);
            ConformanceSummary.writeOutputs(into, score, merged, registry);
            out.println("Merged " + shards.size() + " shards: " + merged.scenarios().size() + " scenarios of "
                    + merged.facts().targetName() + " into " + into);
            if (htmlReport) {
                out.println(HtmlReport.render(into, java.time.Duration.ofMinutes(5)));
            }
            Verdict.print(out, score, 1);
            return KitCommand.exitCode(score);
        } catch (Merge.Refused | KitConfigException e) {
            out.println("Cannot merge: " + e.getMessage());
            return KitCommand.CANNOT_RUN;
        } catch (IOException e) {
            out.println("Cannot merge: " + e);
            return KitCommand.CANNOT_RUN;
        }
    }
}

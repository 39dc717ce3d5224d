package io.agentsconformance.kit.reportcheck;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Opens the generated HTML report in a real headless Chromium and checks that it shows as many
 * test cases as the run had scenarios (JUnit XML): a report too big to open, or one whose data
 * did not load, fails the build instead of being found broken by the first person who opens it.
 * Run at verify by exec-maven-plugin (kit-pom.xml, profile allure-report) and by KitJarIT on the
 * report the jar renders. Without Chromium on the machine it says so and skips: .ci/run installs
 * Debian's chromium package when it can.
 */
public final class ReportCheck {

    /** How long the browser may take; far above the few seconds it takes here, so only a broken report fails it. */
    static final long BOUND_SECONDS = 120;

    /** Allure's overview: the summary widget's count of test cases. */
    private static final Pattern TEST_CASES = Pattern.compile(
            "splash__title\"?[^>]*>\\s*(\\d+)\\s*<[^<]*(?:<[^<]*){0,6}?test cases", Pattern.DOTALL);

    private ReportCheck() {
    }

    /** {@code ReportCheck <index.html> <junit.xml>}: throws when the report does not open or shows another count. */
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: ReportCheck <report index.html> <JUnit XML of the run>");
        }
        check(Path.of(args[0]), Path.of(args[1])).ifPresent(System.out::println);
    }

    /** The line saying what was checked, or empty when there is no Chromium to check with (the reason is printed). */
    public static Optional<String> check(Path index, Path junit) throws IOException, InterruptedException {
        Optional<String> chromium = chromium();
        if (chromium.isEmpty()) {
            System.out.println("Report check skipped: no headless Chromium here (install Debian's 'chromium' package,"
                    + " or set CHROMIUM to the browser's path)");
            return Optional.empty();
        }
        if (!Files.isRegularFile(index)) {
            throw new IllegalStateException("Report check: there is no report at " + index);
        }
        int expected = scenarios(junit);
        Opened opened = open(chromium.get(), index);
        Matcher count = TEST_CASES.matcher(opened.dom());
        if (!count.find()) {
            throw new IllegalStateException("Report check: " + index + " opened in headless Chromium in " + opened.millis()
                    + " ms but its overview shows no count of test cases (expected " + expected + "); the page's text"
                    + " begins: " + text(opened.dom()));
        }
        int shown = Integer.parseInt(count.group(1));
        if (shown != expected) {
            throw new IllegalStateException("Report check: " + index + " shows " + shown + " test cases, expected the "
                    + expected + " scenarios of " + junit);
        }
        return Optional.of("Report check: " + index + " (" + Files.size(index) / 1024 + " KiB) opened in headless Chromium"
                + " in " + opened.millis() + " ms and shows " + shown + " test cases, as many as the run's scenarios");
    }

    record Opened(String dom, long millis) { }

    /** The DOM once the report's scripts ran, and how long the browser took from start to that DOM. */
    static Opened open(String chromium, Path index) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("report-check-");
        Path out = profile.resolve("dom.html");
        long start = System.nanoTime();
        Process browser = new ProcessBuilder(chromium, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--user-data-dir=" + profile.resolve("profile"),
                // Virtual time lets the page's scripts and timers run out without a fixed wait.
                "--virtual-time-budget=30000", "--dump-dom", index.toAbsolutePath().toUri().toString())
                .redirectOutput(out.toFile()).redirectError(profile.resolve("stderr.txt").toFile()).start();
        if (!browser.waitFor(BOUND_SECONDS, TimeUnit.SECONDS)) {
            browser.destroyForcibly();
            throw new IllegalStateException("Report check: headless Chromium did not finish opening " + index + " within "
                    + BOUND_SECONDS + " s");
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (browser.exitValue() != 0) {
            throw new IllegalStateException("Report check: headless Chromium exited with " + browser.exitValue()
                    + " opening " + index + ": " + Files.readString(profile.resolve("stderr.txt")));
        }
        return new Opened(Files.readString(out, StandardCharsets.UTF_8), millis);
    }

    static int scenarios(Path junit) throws IOException {
        Matcher testcase = Pattern.compile("<testcase\\b").matcher(Files.readString(junit, StandardCharsets.UTF_8));
        int n = 0;
        while (testcase.find()) {
            n++;
        }
        return n;
    }

    private static Optional<String> chromium() {
        String given = System.getenv("CHROMIUM");
        if (given != null && !given.isBlank()) {
            return Optional.of(given);
        }
        List<String> path = Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)).toList();
        for (String name : List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")) {
            for (String dir : path) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate.toString());
                }
            }
        }
        return Optional.empty();
    }

    private static String text(String dom) {
        String text = dom.replaceAll("(?s)<script.*?</script>", " ").replaceAll("<[^>]+>", " ").replaceAll("\\s+", " ").trim();
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}

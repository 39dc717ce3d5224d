package io.agentsconformance.kit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kit jar as a vendor runs it ({@code java -jar agents-conformance-kit.jar}): against a server
 * started on its own with {@code java -jar}, as the reference server here, and alone as a demo.
 * Its exit codes are its contract with CI pipelines (README, "For vendors").
 */
class KitJarIT {

    private static final Path KIT = Path.of(System.getProperty("agents.kit.jar", "target/kit/agents-conformance-kit.jar"));
    private static final Path SERVER = Path.of(System.getProperty("agents.bundled.jar",
            "reference-server/target/reference-server.jar"));
    private static final Path WORK = Path.of(System.getProperty("agents.kit.it.dir", "target/kit/kit-jar-it"));

    private static Process server;
    private static int serverPort;
    private static int standinPort;

    record Outcome(int exit, String output) { }

    @BeforeAll
    static void startTheServerOnItsOwn() throws Exception {
        Files.createDirectories(WORK);
        serverPort = freePort();
        standinPort = freePort();
        server = new ProcessBuilder(java(), "-jar", SERVER.toString(), "--port", String.valueOf(serverPort),
                "--model-base-url", "http://127.0.0.1:" + standinPort + "/v1",
                // A temporary database: the default (./agents-data) would land in the checkout and outlive the test.
                "--data-dir", ":temp:")
                .redirectErrorStream(true).redirectOutput(WORK.resolve("server.log").toFile()).start();
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + serverPort + "/api/health"))
                .timeout(Duration.ofSeconds(2)).build();
        org.awaitility.Awaitility.await("the reference server started on its own").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100)).until(() -> {
                    assertThat(server.isAlive()).as("the reference server on its own, still running").isTrue();
                    try {
                        return client.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                    } catch (IOException notYet) {
                        return false;
                    }
                });
    }

    @AfterAll
    static void stopTheServer() throws InterruptedException {
        if (server != null) {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void againstAServerStartedOnItsOwnAPassingSelectionExitsZero() throws Exception {
        Outcome run = kit("vendor", "--target", "http://127.0.0.1:" + serverPort, "--token", "ada-secret-token",
                "--other-token", "grace-secret-token", "--standin-port", String.valueOf(standinPort),
                "--tags", "@OPS-01 or @WF-02");
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).contains("2 scenarios against http://127.0.0.1:" + serverPort, "2 passed, 0 failed");
        assertThat(WORK.resolve("vendor/reports/junit/cucumber.xml")).isRegularFile();
        assertThat(WORK.resolve("vendor/reports/conformance-summary.json")).isRegularFile();
        assertThat(WORK.resolve("vendor/reports/allure-results")).isDirectory();
        // Rendered by the Allure command line the jar carries, without Maven.
        assertThat(run.output()).contains("HTML report: " + WORK.resolve("vendor/reports/allure-report/index.html"));
        assertThat(WORK.resolve("vendor/reports/allure-report/index.html")).isRegularFile();
        assertThat(WORK.resolve("vendor/reports/spec/catalogue.html")).as("the catalogue the report links to").isRegularFile();
        assertThat(WORK.resolve("vendor/reports/history/history-trend.json")).as("the trend for the next run").isRegularFile();
        // And it opens in a real browser, showing the run's two scenarios (skips, saying so, without Chromium).
        io.agentsconformance.kit.reportcheck.ReportCheck.check(WORK.resolve("vendor/reports/allure-report/index.html"),
                WORK.resolve("vendor/reports/junit/cucumber.xml")).ifPresent(System.out::println);
    }

    @Test
    void aWrongTokenExitsTwoNamingTheOptionToFix() throws Exception {
        Outcome run = kit("wrong-token", "--target", "http://127.0.0.1:" + serverPort, "--token", "not-a-token",
                "--other-token", "grace-secret-token", "--standin-port", String.valueOf(freePort()), "--tags", "@OPS-01");
        assertThat(run.exit()).as(run.output()).isEqualTo(2);
        assertThat(run.output()).contains("refused the token of --token (agents.target.token) with 401");
    }

    @Test
    void anExternalTargetWithoutAStandInPortExitsTwoNamingTheSetting() throws Exception {
        Outcome run = kit("no-port", "--target", "http://127.0.0.1:" + serverPort, "--token", "ada-secret-token",
                "--other-token", "grace-secret-token");
        assertThat(run.exit()).as(run.output()).isEqualTo(2);
        assertThat(run.output()).contains("agents.standin.port");
    }

    @Test
    void aBaselineListingACaseThatPassesExitsThreeAsStale() throws Exception {
        Path baseline = Files.writeString(Files.createDirectories(WORK.resolve("stale")).resolve("baseline.yaml"), """
                known-failures:
                  - case: OPS-01
                    reason: "health used to report the store DOWN"
                    link: https://example.com/issues/1
                """);
        Outcome run = kit("stale", vendor("--tags", "@OPS-01", "--baseline", baseline.toString()));
        assertThat(run.exit()).as(run.output()).isEqualTo(3);
        assertThat(run.output()).contains("Stale baseline entries", "OPS-01: health used to report the store DOWN");
    }

    @Test
    void aBaselineNamingAnUnknownCaseExitsTwo() throws Exception {
        Path baseline = Files.writeString(Files.createDirectories(WORK.resolve("unknown")).resolve("baseline.yaml"),
                "known-failures:\n  - {case: API-99.9, reason: \"typo\"}\n");
        Outcome run = kit("unknown", vendor("--tags", "@OPS-01", "--baseline", baseline.toString()));
        assertThat(run.exit()).as(run.output()).isEqualTo(2);
        assertThat(run.output()).contains("names case 'API-99.9', which spec/requirements.yaml does not list");
    }

    @Test
    void aCapabilityLeftUndeclaredShowsItsCasesAsNotClaimed() throws Exception {
        Outcome run = kit("not-claimed", vendor("--tags", "@WF-04 or @OPS-01", "--capabilities",
                "follow-up-messages,agent-fallback", "--repeat", "2"));
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).contains("NOT-CLAIMED", "Not claimed (capability not declared",
                "WF-04 needs clarification", "1 passed, 0 failed, 1 not claimed");
        // The last line says what "conformant" covers: the retired capability claims nothing.
        assertThat(run.output().strip().lines().reduce((first, second) -> second).orElseThrow()).as("the last line")
                .isEqualTo("Verdict: Conformant (contract 1.1, lenient): core + agent-fallback; not claimed: clarification,"
                        + " artifacts; MUST 0/0, SHOULD 1/1, MAY 0/0 (each scenario run 2 times; passed only if every time)");
    }

    @Test
    void aloneItStartsTheReferenceServerItCarries() throws Exception {
        Outcome run = kit("demo", "--tags", "@OPS-01");
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).contains("against bundled reference server", "1 passed, 0 failed");
    }

    /**
     * A target that does not stop (the reference server with --misbehave runaway: no maxModelCalls, no
     * attempt limit, no pause) must not take the kit down: with its heap capped, the kit fails the
     * scenarios naming the runaway run and its count, and ends with its report and a verdict.
     */
    @Test
    void aRunawayTargetFailsItsScenariosAndTheKitEndsWithAVerdictOnACappedHeap() throws Exception {
        Path gcLog = Files.createDirectories(WORK.resolve("runaway")).resolve("gc.log");
        long started = System.nanoTime();
        Outcome run = kit("runaway", List.of("-Xmx256m", "-Xlog:gc:file=" + gcLog, "-Dagents.bundled.args=--misbehave runaway"),
                "--tags", "@FAIL-01 or @FAIL-05 or @FAIL-07 or @FAIL-09 or @FAIL-10 or @OPS-01");
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        assertThat(run.exit()).as(run.output()).isEqualTo(1);
        assertThat(run.output()).doesNotContain("OutOfMemoryError").contains("Verdict: Not conformant");
        assertThat(WORK.resolve("runaway/reports/conformance-summary.json")).isRegularFile();
        String junit = Files.readString(WORK.resolve("runaway/reports/junit/cucumber.xml"));
        assertThat(junit).contains("model requests for node", "the node allows");
        long peakMb = peakHeapMb(Files.readString(gcLog));
        System.out.println("runaway target: the kit ended after " + seconds + " s, peak heap " + peakMb + " MB of 256");
    }

    /** The largest heap occupancy before a collection in a -Xlog:gc log ("24M->3M(256M)"). */
    private static long peakHeapMb(String gcLog) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)M->\\d+M\\(").matcher(gcLog);
        long peak = 0;
        while (m.find()) {
            peak = Math.max(peak, Long.parseLong(m.group(1)));
        }
        return peak;
    }

    /** The options that point the kit at the server started on its own, then {@code more}. */
    private static String[] vendor(String... more) {
        List<String> args = new ArrayList<>(List.of("--target", "http://127.0.0.1:" + serverPort, "--token",
                "ada-secret-token", "--other-token", "grace-secret-token", "--standin-port", String.valueOf(standinPort)));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    /** Runs the kit jar in its own directory, as a vendor would, with a bound on how long it may take. */
    private static Outcome kit(String name, String... args) throws Exception {
        return kit(name, List.of(), args);
    }

    private static Outcome kit(String name, List<String> jvmOptions, String... args) throws Exception {
        Path dir = Files.createDirectories(WORK.resolve(name));
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", KIT.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("--report-dir", dir.resolve("reports").toString()));
        if (!name.equals("vendor")) {
            command.add("--no-html-report"); // one run renders it; the others check something else
        }
        Path output = dir.resolve("output.txt");
        Process kit = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        if (!kit.waitFor(5, TimeUnit.MINUTES)) {
            kit.destroyForcibly();
            throw new AssertionError("the kit jar did not end within 5 minutes: " + Files.readString(output));
        }
        return new Outcome(kit.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

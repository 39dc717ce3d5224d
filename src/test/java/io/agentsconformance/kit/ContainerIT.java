package io.agentsconformance.kit;

import io.agentsconformance.kit.targetserver.ContainerTarget;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.utility.DockerImageName;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The container path for real, on the local Docker engine (.ci/run starts one): the reference
 * server's image judged through {@code --target-image}, and the kit's image run against that image,
 * both on the host network. Without an engine these skip saying so; what the kit says to a user
 * without one is checked without one (KitCommandTest, ContainerTargetTest).
 */
class ContainerIT {

    private static final Path KIT = Path.of(System.getProperty("agents.kit.jar", "target/kit/agents-conformance-kit.jar"));
    private static final Path WORK = Path.of(System.getProperty("agents.kit.it.dir", "target/kit/container-it"));
    private static final String VERSION = System.getProperty("agents.kit.version", "0.1.0-SNAPSHOT");
    private static final String SERVER_IMAGE = "agents-conformance/reference-server:" + VERSION;
    private static final String KIT_IMAGE = "agents-conformance/kit:" + VERSION;
    /**
     * What CI judges through --target-image, in well under two minutes: readiness, the REST surface,
     * a cancel seen by the tool that never answers, the stream over WebSocket, orchestration, a
     * retried model error, conversation and clarification (README, "The images"). Not the failure
     * cases that bound how long a failing run takes: the first runs of a container's cold JVM on a
     * 2-core machine at load 16 to 57 overran FAIL-01's and FAIL-07's 10 s in both runs that had them; the
     * bundled server's runs of the whole suite judge them.
     */
    static final String SELECTION = "@OPS-01 or @API-1.1 or @API-2.1 or @API-3.1 or @API-8.1 or @WS-01 or @WF-02"
            + " or @WF-03 or @API-7.1 or @WF-04";
    private static final Duration RUN_BOUND = Duration.ofMinutes(8);

    private static boolean loaded;

    /** Skips, with the reason, where no engine answers or the images were not built; loads them once. */
    private static synchronized void engineAndImages() throws IOException {
        Optional<String> noEngine = ContainerTarget.engineProblem();
        Assumptions.assumeTrue(noEngine.isEmpty(), () -> "skipped: " + noEngine.orElse(""));
        Assumptions.assumeTrue(Files.isRegularFile(ImageTarballIT.SERVER_IMAGE) && Files.isRegularFile(ImageTarballIT.KIT_IMAGE),
                "skipped: no image tarballs (" + ImageTarballIT.SERVER_IMAGE + ", " + ImageTarballIT.KIT_IMAGE
                        + "): their base is missing (dev/images/jre-base.sh; .ci/run makes it)");
        if (!loaded) {
            for (Path tarball : List.of(ImageTarballIT.SERVER_IMAGE, ImageTarballIT.KIT_IMAGE)) {
                try (InputStream in = Files.newInputStream(tarball)) {
                    DockerClientFactory.instance().client().loadImageCmd(in).exec();
                }
            }
            loaded = true;
        }
    }

    @Test
    void theReferenceServersImageJudgedThroughTargetImagePassesAndLeavesItsLogAndNoContainer() throws Exception {
        engineAndImages();
        Path dir = Files.createDirectories(WORK.resolve("target-image"));
        Outcome run = kit(dir, Map.of(), "--target-image", SERVER_IMAGE, "--tags", SELECTION, "--no-html-report",
                "--report-dir", dir.resolve("reports").toString());

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).contains("against image " + SERVER_IMAGE, "0 failed", "Verdict: Conformant");
        Path log = dir.resolve("reports/" + ContainerTarget.LOG_FILE);
        assertThat(Files.readString(log, StandardCharsets.UTF_8)).as("the container's log beside the reports")
                .contains("listening on http://127.0.0.1:");
        assertThat(Files.readString(dir.resolve("reports/allure-results/environment.properties"), StandardCharsets.UTF_8))
                .contains("Target.image=" + SERVER_IMAGE);
        assertThat(DockerClientFactory.instance().client().listContainersCmd().withShowAll(true)
                .withAncestorFilter(List.of(SERVER_IMAGE)).exec())
                .as("containers of %s left behind by the kit", SERVER_IMAGE).isEmpty();
    }

    @Test
    void theKitsImageJudgesTheReferenceServersImageOnTheHostNetworkWritingItsReportsToTheMountedFolder()
            throws Exception {
        engineAndImages();
        Path reports = Files.createDirectories(WORK.resolve("kit-image/reports"));
        // The kit's image runs as user 1000; the folder is this test's, whoever runs it.
        Files.setPosixFilePermissions(reports, PosixFilePermissions.fromString("rwxrwxrwx"));
        int serverPort = freePort();
        int standinPort = freePort();
        try (GenericContainer<?> server = new GenericContainer<>(DockerImageName.parse(SERVER_IMAGE))
                .withNetworkMode("host")
                .withEnv(Map.of("AGENTS_HOST", "127.0.0.1", "AGENTS_PORT", String.valueOf(serverPort),
                        "AGENTS_MODEL_BASE_URL", "http://127.0.0.1:" + standinPort + "/v1"))
                .waitingFor(new AbstractWaitStrategy() {
                    @Override
                    protected void waitUntilReady() {
                        // The kit waits for /api/health itself.
                    }
                });
             GenericContainer<?> kit = new GenericContainer<>(DockerImageName.parse(KIT_IMAGE))
                .withNetworkMode("host")
                .withFileSystemBind(reports.toAbsolutePath().toString(), "/reports")
                .withCommand("--target", "http://127.0.0.1:" + serverPort, "--token", "ada-secret-token",
                        "--other-token", "grace-secret-token", "--standin-port", String.valueOf(standinPort),
                        "--tags", "@OPS-01 or @WF-02", "--no-html-report")
                .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(RUN_BOUND))) {
            server.start();
            try {
                kit.start();
            } finally {
                Files.writeString(reports.resolveSibling("kit-container.log"), kit.getLogs(), StandardCharsets.UTF_8);
            }
            assertThat(kit.getLogs()).contains("2 passed, 0 failed", "Verdict: Conformant");
        }
        assertThat(reports.resolve("junit/cucumber.xml")).isRegularFile();
        assertThat(Files.readString(reports.resolve("conformance-summary.md"), StandardCharsets.UTF_8)).contains("onformant");
    }

    record Outcome(int exit, String output) { }

    private static Outcome kit(Path dir, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", KIT.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        Path output = dir.resolve("output.txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(RUN_BOUND.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the kit did not finish within " + RUN_BOUND + ": " + Files.readString(output));
        }
        return new Outcome(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}

package io.agentsconformance.kit.targetserver;

import io.agentsconformance.kit.config.KitConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.output.OutputFrame;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the container path does that needs no Docker engine: its environment, its log, its waits. */
class ContainerTargetTest {

    @Test
    void theContainerIsToldTheContractsVariablesAndTheUsersOwnWin() {
        KitConfig config = KitConfig.from(Map.of("agents.target.image", "acme/o:1", "agents.target.token", "t-ada",
                "agents.target.other-token", "t-grace", "agents.target.env", "ACME_DEBUG=1,AGENTS_HOST=::1"), Map.of());

        Map<String, String> env = ContainerTarget.environment(config, "http://127.0.0.1:4010/v1", 18080);

        assertThat(env).containsExactly(
                Map.entry("AGENTS_PORT", "18080"),
                Map.entry("AGENTS_HOST", "::1"),
                Map.entry("AGENTS_MODEL_BASE_URL", "http://127.0.0.1:4010/v1"),
                Map.entry("AGENTS_USERS", "ada:t-ada,grace:t-grace"),
                Map.entry("ACME_DEBUG", "1"));
    }

    @Test
    void onTheHostNetworkTheContainerListensOnLoopbackOnlyAndBridgedOnEveryInterface() {
        KitConfig host = KitConfig.from(Map.of("agents.target.image", "acme/o:1"), Map.of());
        KitConfig bridged = KitConfig.from(Map.of("agents.target.image", "acme/o:1", "agents.target.network", "bridge",
                "agents.target.port", "8080"), Map.of());

        assertThat(ContainerTarget.environment(host, "m", 1)).containsEntry("AGENTS_HOST", "127.0.0.1");
        assertThat(ContainerTarget.environment(bridged, "m", 8080)).containsEntry("AGENTS_HOST", "0.0.0.0");
    }

    @Test
    void withoutAnEngineTheReasonIsOneSentenceNamingTheOptionAndTheWayOut() {
        assertThat(ContainerTarget.engineProblem(() -> false, Duration.ofSeconds(5))).hasValueSatisfying(why ->
                assertThat(why).contains("--target-image", "needs a Docker engine", "--target").doesNotContain("\n"));
        assertThat(ContainerTarget.engineProblem(() -> true, Duration.ofSeconds(5))).isEmpty();
    }

    @Test
    void anEngineThatDoesNotAnswerIsGivenUpAfterTheBound() {
        CountDownLatch never = new CountDownLatch(1);
        long started = System.nanoTime();
        Optional<String> why = ContainerTarget.engineProblem(() -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return true;
        }, Duration.ofMillis(300));

        assertThat(why).hasValueSatisfying(text -> assertThat(text).contains("did not answer within",
                "TESTCONTAINERS_RYUK_DISABLED=true"));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void theLogKeepsWholeLinesFromChunksWritesThemAllAndGivesTheStretchSinceAMark(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("reports/target-container.log");
        try (ContainerLog log = new ContainerLog(file)) {
            log.accept(frame("starting\nlisten"));
            long mark = log.mark();
            log.accept(frame("ing on 8080\r\n"));
            log.accept(frame("a run failed\nhalf a line"));
            log.accept(new OutputFrame(OutputFrame.OutputType.END, null));

            assertThat(mark).isEqualTo(1);
            assertThat(log.since(mark)).isEqualTo("listening on 8080\na run failed\nhalf a line");
            assertThat(log.since(log.mark())).isEmpty();
            assertThat(log.tail(1)).isEqualTo("half a line");
        }
        assertThat(Files.readAllLines(file, StandardCharsets.UTF_8))
                .containsExactly("starting", "listening on 8080", "a run failed", "half a line");
    }

    @Test
    void readinessStopsWaitingWhenTheTargetsContainerStopsAndSaysWhy() throws Exception {
        // A port nobody answers on: without the container's word the wait would run to its bound.
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        AtomicInteger polls = new AtomicInteger();
        long started = System.nanoTime();
        assertThatThrownBy(() -> Readiness.until(URI.create("http://127.0.0.1:" + closed), Duration.ofSeconds(30),
                () -> polls.incrementAndGet() < 3 ? Optional.empty()
                        : Optional.of("the container of acme/o:1 stopped with exit code 1")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("stopped before it was ready (OPS-01)")
                .hasMessageContaining("exit code 1");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }

    private static OutputFrame frame(String text) {
        return new OutputFrame(OutputFrame.OutputType.STDOUT, text.getBytes(StandardCharsets.UTF_8));
    }
}

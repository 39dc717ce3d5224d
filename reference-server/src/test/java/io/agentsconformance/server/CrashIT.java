package io.agentsconformance.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The durability promise of spec/README.md ("Durability") held by the real jar, in a process of
 * its own: clients write concurrently, the process is killed ({@code kill -9}) or stopped
 * (SIGTERM), a new process starts on the same data directory, and everything a client was
 * answered 2xx for is there; every interrupted run then ends COMPLETED or FAILED "server
 * restarted". Runs by failsafe after the jar is packaged.
 */
class CrashIT {

    /** Acknowledged runs before the kill: enough that some are PENDING, RUNNING and COMPLETED. */
    private static final int RUNS_BEFORE_THE_CRASH = 40;
    private static final int CLIENTS = 6;
    private static final Duration WRITE_BOUND = Duration.ofSeconds(120);
    private static final Duration SETTLE_BOUND = Duration.ofSeconds(120);
    /**
     * How late after SIGTERM was sent a model request may still arrive and count as sent before
     * it: the signal's delivery and the JVM starting its shutdown hook (spec/README.md, "Durability").
     */
    private static final Duration SIGNAL_ALLOWANCE = Duration.ofMillis(250);

    @Test
    void killedNothingAcknowledgedIsLost(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        Path log = dir.resolve("server.log");
        try (SlowModel model = new SlowModel(100)) {
            // Once here (CI's time); dev/bench/KillBenchmark.java kills 20 times in a row.
            for (int kill = 1; kill <= 1; kill++) {
                ServerProcess server = ServerProcess.start(data, model.baseUrl(), log);
                say("started");
                Writers writers = new Writers(server.baseUrl(), CLIENTS);
                try {
                    Awaitility.await("runs acknowledged before kill " + kill).atMost(WRITE_BOUND)
                            .until(() -> writers.runs.size() >= RUNS_BEFORE_THE_CRASH);
                    say("written");
                    server.kill();
                    say("killed");
                } finally {
                    writers.close();
                    server.close();
                }
                say("writers closed");
                try (ServerProcess again = ServerProcess.start(data, model.baseUrl(), log)) {
                    say("restarted");
                    assertNothingLost(writers, new Api(again.baseUrl(), ServerTestBase.ADA), "after kill -9 number " + kill);
                    say("checked");
                    again.kill();
                }
            }
        }
    }

    @Test
    void sigtermFinishesWhatWasAcknowledgedSendsNothingMoreAndExitsInTime(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        Path log = dir.resolve("server.log");
        try (SlowModel model = new SlowModel(300)) {
            ServerProcess server = ServerProcess.start(data, model.baseUrl(), log);
            Writers writers = new Writers(server.baseUrl(), CLIENTS);
            long signalled;
            OptionalInt exit;
            try {
                Awaitility.await("runs acknowledged before SIGTERM").atMost(WRITE_BOUND)
                        .until(() -> writers.runs.size() >= RUNS_BEFORE_THE_CRASH);
                signalled = System.nanoTime();
                server.terminate();
                exit = server.awaitExit(ReferenceServer.STOP_BOUND.plusSeconds(5));
            } finally {
                writers.close();
                server.close();
            }
            assertThat(exit).as("[OPS-02] exit within the stop bound of %s after SIGTERM", ReferenceServer.STOP_BOUND).isPresent();
            assertThat(exit.getAsInt()).as("[OPS-02] exit code after SIGTERM").isEqualTo(143);
            assertThat(model.arrivedAfter(signalled + SIGNAL_ALLOWANCE.toNanos()))
                    .as("[OPS-02] model requests that arrived more than %s ms after SIGTERM", SIGNAL_ALLOWANCE.toMillis())
                    .isZero();
            String stopped = Files.readString(log);
            assertThat(stopped).as("[OPS-02] the log of a graceful stop").contains("stopped").doesNotContain(" ERROR ").doesNotContainIgnoringCase("already closed");
            try (ServerProcess again = ServerProcess.start(data, model.baseUrl(), log)) {
                assertNothingLost(writers, new Api(again.baseUrl(), ServerTestBase.ADA), "after SIGTERM");
                again.terminate();
                assertThat(again.awaitExit(ReferenceServer.STOP_BOUND.plusSeconds(5))).isPresent();
            }
        }
    }

    private static final long T0 = System.nanoTime();

    private static void say(String what) {
        System.out.printf("CrashIT %6d ms %s%n", (System.nanoTime() - T0) / 1_000_000, what);
    }

    private static void assertNothingLost(Writers writers, Api api, String when) {
        assertThat(writers.lostOn(api)).as("[OPS-02] acknowledged writes lost %s (of %d projects, %d runs, %d messages)",
                when, writers.projects.size(), writers.runs.size(), writers.messages.size()).isEmpty();
        say("lost checked: " + writers.projects.size() + " projects " + writers.runs.size() + " runs");
        Awaitility.await("every acknowledged run COMPLETED or FAILED " + when).atMost(SETTLE_BOUND)
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(writers.unfinishedOn(api))
                        .as("[OPS-02] acknowledged runs neither COMPLETED nor FAILED " + when).isEmpty());
        assertThat(writers.failedOtherwiseOn(api)).as("[OPS-02] runs FAILED for another reason than the restart " + when)
                .isEmpty();
    }
}

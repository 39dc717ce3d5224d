package io.agentsconformance.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The graceful stop of spec/README.md ("Durability and restarts"), in-process: a model call in
 * flight is aborted, a stream is closed with 1001 naming where to resume, the stop is bounded,
 * and the interrupted run fails "server restarted" at the next start on the same data.
 */
class GracefulStopTest {

    @Test
    void aStopAbortsTheModelCallClosesStreamsWith1001AndTheNextStartEndsTheRun(@TempDir Path data) throws Exception {
        try (HangingServer model = new HangingServer()) {
            ServerConfig config = ServerConfig.forTests(model.baseUrl(), "--data-dir", data.toString());
            String project;
            String run;
            StreamTest.Transcript transcript;
            try (ReferenceServer server = ReferenceServer.start(config)) {
                Api api = new Api(server.baseUrl(), ServerTestBase.ADA);
                project = api.createProject(1);
                run = api.startRun(project, api.createWorkflow(project, Api.node("n", "m")), "stop me");
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> model.requests().size() == 1);
                StreamTest.Pending stream = StreamTest.subscribeAsync(server.baseUrl(), run, "", ServerTestBase.ADA);
                // Refused before its route: the request is counted out all the same, or the stop
                // would wait the whole grace for it.
                assertThat(new Api(server.baseUrl(), "not-a-token").get("/api/projects/" + project).status())
                        .isEqualTo(401);

                long started = System.nanoTime();
                server.close();
                Duration took = Duration.ofNanos(System.nanoTime() - started);

                assertThat(took).as("[OPS-02] how long the stop took").isLessThan(ReferenceServer.STOP_BOUND);
                assertThat(server.drainedInTime()).as("[OPS-02] the requests under way were all answered within the grace")
                        .isTrue();
                transcript = stream.transcript(10);
                Awaitility.await("[OPS-02] the model call in flight aborted by the stop").atMost(Duration.ofSeconds(10))
                        .until(() -> model.closedByClient() == 1);
            }
            long lastSent = transcript.frames().get(transcript.frames().size() - 1).path("sequence").asLong();
            assertThat(transcript.closeCode()).as("[OPS-02] the close code of a stream when the server stops")
                    .isEqualTo(1001);
            assertThat(transcript.reason()).as("[OPS-02] the close reason")
                    .isEqualTo("server stopping: resume with afterSequence=" + lastSent);
            assertThat(model.requests()).as("[OPS-02] model requests (none after the stop)").hasSize(1);

            try (ReferenceServer again = ReferenceServer.start(config)) {
                Api api = new Api(again.baseUrl(), ServerTestBase.ADA);
                assertThat(api.run(project, run).path("error").path("message").asText())
                        .as("[OPS-02] the interrupted run after the restart").isEqualTo("server restarted");
            }
        }
    }
}

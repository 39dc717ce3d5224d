package io.agentsconformance.server;

import static io.agentsconformance.server.Api.runs;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data directory outlives the process; at the next start a run the previous process left
 * RUNNING fails with "server restarted" and a PENDING one is admitted (spec/README.md, "Durability").
 */
class RestartTest {

    @Test
    void interruptedRunsFailAndWaitingRunsAreAdmittedWhenTheServerStartsAgain(@TempDir Path dataDir)
            throws Exception {
        try (HangingServer model = new HangingServer()) {
            String project;
            String interrupted;
            String waiting;
            try (ReferenceServer first = ReferenceServer.start(dataIn(dataDir, model))) {
                Api api = new Api(first.baseUrl(), ServerTestBase.ADA);
                project = api.createProject(1);
                String workflow = api.createWorkflow(project, Api.node("n", "m"));
                interrupted = api.startRun(project, workflow, "interrupted");
                waiting = api.startRun(project, workflow, "still waiting");
                Awaitility.await().until(() -> model.requests().size() == 1);
            }
            try (ReferenceServer second = ReferenceServer.start(dataIn(dataDir, model))) {
                assertThat(second.recovery().failedRuns()).isEqualTo(1);
                assertThat(second.recovery().problems()).isEmpty();
                Api api = new Api(second.baseUrl(), ServerTestBase.ADA);
                JsonNode failed = api.run(project, interrupted);
                assertThat(failed.get("status").asText()).isEqualTo("FAILED");
                assertThat(failed.get("error").get("message").asText()).isEqualTo("server restarted");
                JsonNode steps = api.get(runs(project) + "/" + interrupted + "/steps").json().get("items");
                assertThat(steps).extracting(s -> s.get("status").asText()).containsExactly("CANCELLED");
                // The waiting run never started: the new process admits it, and its model call goes out.
                Awaitility.await().until(() -> model.requests().size() == 2);
                assertThat(api.run(project, waiting).get("status").asText()).isEqualTo("RUNNING");
            }
        }
    }
    @Test
    void aCursorIssuedBeforeARestartIsStillOneThisServerIssued(@TempDir Path dataDir) throws Exception {
        try (HangingServer model = new HangingServer()) {
            String project;
            String cursor;
            try (ReferenceServer first = ReferenceServer.start(dataIn(dataDir, model))) {
                Api api = new Api(first.baseUrl(), ServerTestBase.ADA);
                project = api.createProject(1);
                String workflow = api.createWorkflow(project, Api.node("n", "m"));
                for (int i = 0; i < 3; i++) {
                    api.startRun(project, workflow, "run " + i);
                }
                cursor = api.get(runs(project) + "?limit=1").json().get("nextCursor").asText();
            }
            try (ReferenceServer second = ReferenceServer.start(dataIn(dataDir, model))) {
                Api api = new Api(second.baseUrl(), ServerTestBase.ADA);
                Api.Reply page = api.get(runs(project) + "?limit=1&cursor=" + cursor);
                assertThat(page.status()).as("[SEC-03] a cursor issued before a restart, used after it: " + page.text()).isEqualTo(200);
                assertThat(page.json().get("items")).hasSize(1);
                assertThat(api.get(runs(project) + "?limit=1&cursor=" + cursor + "%3D%3D").status())
                        .as("[SEC-03] that cursor with == appended").isEqualTo(400);
            }
        }
    }

    private static ServerConfig dataIn(Path dataDir, HangingServer model) {
        return ServerConfig.forTests(model.baseUrl(), "--data-dir", dataDir.toString());
    }
}

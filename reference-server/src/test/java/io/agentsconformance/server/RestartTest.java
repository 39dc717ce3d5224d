package io.agentsconformance.server;

import static io.agentsconformance.server.Api.runs;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file database outlives the process; runs the previous process left unfinished fail. */
class RestartTest {

    @Test
    void runsInterruptedByAStopFailWhenTheServerStartsAgain(@TempDir Path dataDir) throws Exception {
        String dbUrl = "jdbc:h2:file:" + dataDir.resolve("agents");
        try (HangingServer model = new HangingServer()) {
            String project;
            String run;
            try (ReferenceServer first = ReferenceServer.start(ServerConfig.forTests(dbUrl, model.baseUrl()))) {
                Api api = new Api(first.baseUrl(), ServerTestBase.ADA);
                project = api.createProject(1);
                String workflow = api.createWorkflow(project, Api.node("n", "m"));
                run = api.startRun(project, workflow, "interrupted");
                api.startRun(project, workflow, "still waiting");
                Awaitility.await().until(() -> model.requests().size() == 1);
            }
            try (ReferenceServer second = ReferenceServer.start(ServerConfig.forTests(dbUrl, model.baseUrl()))) {
                Api api = new Api(second.baseUrl(), ServerTestBase.ADA);
                JsonNode failed = api.run(project, run);
                assertThat(failed.get("status").asText()).isEqualTo("FAILED");
                assertThat(failed.get("error").get("message").asText()).isEqualTo("server restarted");
                assertThat(api.get(runs(project) + "?status=FAILED").json().get("total").asInt()).isEqualTo(2);
                JsonNode steps = api.get(runs(project) + "/" + run + "/steps").json().get("items");
                assertThat(steps).extracting(s -> s.get("status").asText()).containsExactly("CANCELLED");
            }
        }
    }
    @Test
    void aCursorIssuedBeforeARestartIsStillOneThisServerIssued(@TempDir Path dataDir) throws Exception {
        String dbUrl = "jdbc:h2:file:" + dataDir.resolve("agents");
        try (HangingServer model = new HangingServer()) {
            String project;
            String cursor;
            try (ReferenceServer first = ReferenceServer.start(ServerConfig.forTests(dbUrl, model.baseUrl()))) {
                Api api = new Api(first.baseUrl(), ServerTestBase.ADA);
                project = api.createProject(1);
                String workflow = api.createWorkflow(project, Api.node("n", "m"));
                for (int i = 0; i < 3; i++) {
                    api.startRun(project, workflow, "run " + i);
                }
                cursor = api.get(runs(project) + "?limit=1").json().get("nextCursor").asText();
            }
            try (ReferenceServer second = ReferenceServer.start(ServerConfig.forTests(dbUrl, model.baseUrl()))) {
                Api api = new Api(second.baseUrl(), ServerTestBase.ADA);
                Api.Reply page = api.get(runs(project) + "?limit=1&cursor=" + cursor);
                assertThat(page.status()).as("[SEC-03] a cursor issued before a restart, used after it: " + page.text()).isEqualTo(200);
                assertThat(page.json().get("items")).hasSize(1);
                assertThat(api.get(runs(project) + "?limit=1&cursor=" + cursor + "%3D%3D").status())
                        .as("[SEC-03] that cursor with == appended").isEqualTo(400);
            }
        }
    }
}

package io.agentsconformance.server;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * One reference server per test class, in-process on a free port with its own in-memory database,
 * and a WireMock server standing in for the model (at /v1) and the tools (at /tools/...).
 */
abstract class ServerTestBase {

    static final String ADA = "ada-secret-token";
    static final String GRACE = "grace-secret-token";

    static WireMockServer stubs;
    static ReferenceServer server;
    static Api ada;
    static Api grace;
    static Api anonymous;

    @BeforeAll
    static void startServer() {
        stubs = new WireMockServer(options().dynamicPort().containerThreads(40));
        stubs.start();
        server = ReferenceServer.start(ServerConfig.forTests(stubs.baseUrl() + "/v1"));
        ada = new Api(server.baseUrl(), ADA);
        grace = new Api(server.baseUrl(), GRACE);
        anonymous = new Api(server.baseUrl(), null);
    }

    @AfterAll
    static void stopServer() {
        server.close();
        stubs.stop();
    }

    @BeforeEach
    void resetStubs() {
        stubs.resetAll();
    }

    static ConditionFactory eventually() {
        return Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20));
    }

    static String toolUrl(String name) {
        return stubs.baseUrl() + "/tools/" + name;
    }
}

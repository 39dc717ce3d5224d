package io.agentsconformance.kit.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KitConfigTest {

    @Test
    void withoutATargetUrlTheKitStartsTheBundledServerWithItsUsers() {
        KitConfig config = KitConfig.from(Map.of(), Map.of());

        assertThat(config.startsBundledServer()).isTrue();
        assertThat(config.token()).isEqualTo(KitConfig.BUNDLED_TOKEN);
        assertThat(config.otherToken()).isEqualTo(KitConfig.BUNDLED_OTHER_TOKEN);
        assertThat(config.standinPort()).isZero();
        assertThat(config.runTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.level()).isEqualTo(KitConfig.Level.LENIENT);
        assertThat(config.setUp()).isEqualTo("fixture-api");
    }

    @Test
    void theBundledServerCanBeGivenOptionsButNotWhenTheKitStartsNoServer() {
        assertThat(KitConfig.from(Map.of(), Map.of()).bundledArgs()).isEmpty();
        assertThat(KitConfig.from(Map.of("agents.bundled.args", " --alternatives all  --max-request-bytes 131072 "), Map.of())
                .bundledArgs()).containsExactly("--alternatives", "all", "--max-request-bytes", "131072");

        assertThatThrownBy(() -> KitConfig.from(Map.of("agents.bundled.args", "--alternatives all"),
                Map.of("AGENTS_TARGET_URL", "http://localhost:8080", "AGENTS_TARGET_TOKEN", "a",
                        "AGENTS_TARGET_OTHER_TOKEN", "b", "AGENTS_STANDIN_PORT", "4010")))
                .isInstanceOf(KitConfigException.class)
                .hasMessageContaining("agents.bundled.args");
    }

    @Test
    void capabilitiesAreNoneAllOrNamesTheContractKnows() {
        assertThat(KitConfig.from(Map.of(), Map.of()).capabilities()).isEmpty();
        assertThat(KitConfig.from(Map.of("agents.capabilities", "none"), Map.of()).capabilities()).contains(java.util.List.of());
        assertThat(KitConfig.from(Map.of(), Map.of("AGENTS_CAPABILITIES", "clarification, artifacts")).capabilities())
                .contains(java.util.List.of("clarification", "artifacts"));
        assertThat(KitConfig.from(Map.of("agents.capabilities", "all"), Map.of()).capabilities())
                .as("all: every capability some case needs, not the mode nor the retired one")
                .contains(java.util.List.of("clarification", "artifacts", "agent-fallback"));
        assertThat(KitConfig.from(Map.of("agents.capabilities", "follow-up-messages"), Map.of()).capabilities())
                .as("the retired capability is still accepted (it claims nothing)")
                .contains(java.util.List.of("follow-up-messages"));
        assertThatThrownBy(() -> KitConfig.from(Map.of("agents.capabilities", "clarification,telepathy"), Map.of()))
                .isInstanceOf(KitConfigException.class)
                .hasMessageContaining("agents.capabilities")
                .hasMessageContaining("'telepathy' is not a capability of the contract")
                .hasMessageContaining("AGENTS_CAPABILITIES");
    }

    @Test
    void theContractIsTheKitsOwnUnlessAnExistingFileIsNamed() {
        assertThat(KitConfig.from(Map.of(), Map.of()).contract()).isEmpty();

        assertThatThrownBy(() -> KitConfig.from(Map.of(), Map.of("AGENTS_CONTRACT", "no/such/openapi.yaml")))
                .isInstanceOf(KitConfigException.class)
                .hasMessageContaining("agents.contract")
                .hasMessageContaining("openapi.yaml' is not a file");
    }

    @Test
    void aSystemPropertyWinsOverTheEnvironment() {
        KitConfig config = KitConfig.from(
                Map.of("agents.timeout.run", "45s"),
                Map.of("AGENTS_TIMEOUT_RUN", "2m", "AGENTS_TIMEOUT_HTTP", "500ms", "AGENTS_LEVEL", "strict"));

        assertThat(config.runTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(config.httpTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.strict()).isTrue();
    }

    @Test
    void anExternalTargetNeedsBothUsersAndAFixedStandInPort() {
        assertThatThrownBy(() -> KitConfig.from(Map.of("agents.target.url", "http://vendor:8080"), Map.of()))
                .isInstanceOf(KitConfigException.class)
                .hasMessageContaining("agents.target.token")
                .hasMessageContaining("AGENTS_TARGET_TOKEN");

        assertThatThrownBy(() -> KitConfig.from(Map.of(
                "agents.target.url", "http://vendor:8080",
                "agents.target.token", "a",
                "agents.target.other-token", "b"), Map.of()))
                .isInstanceOf(KitConfigException.class)
                .hasMessageContaining("agents.standin.port")
                .hasMessageContaining("model base URL");

        KitConfig config = KitConfig.from(Map.of(
                "agents.target.url", "http://vendor:8080/",
                "agents.target.token", "a",
                "agents.target.other-token", "b",
                "agents.standin.port", "4010",
                "agents.standin.host", "host.docker.internal"), Map.of());
        assertThat(config.startsBundledServer()).isFalse();
        assertThat(config.targetUrl()).hasValueSatisfying(u -> assertThat(u.toString()).isEqualTo("http://vendor:8080"));
        assertThat(config.standinHost()).isEqualTo("host.docker.internal");
    }

    @Test
    void badValuesAreRefusedWithTheSettingAndTheFix() {
        assertThatThrownBy(() -> KitConfig.from(Map.of("agents.timeout.run", "thirty"), Map.of()))
                .hasMessageContaining("agents.timeout.run")
                .hasMessageContaining("500ms, 10s or 2m");
        assertThatThrownBy(() -> KitConfig.from(Map.of("agents.target.url", "vendor:8080"), Map.of()))
                .hasMessageContaining("agents.target.url");
        assertThatThrownBy(() -> KitConfig.from(Map.of("agents.level", "picky"), Map.of()))
                .hasMessageContaining("[lenient, strict]");
        assertThatThrownBy(() -> KitConfig.from(Map.of("agents.standin.port", "70000"), Map.of()))
                .hasMessageContaining("agents.standin.port");
        assertThatThrownBy(() -> KitConfig.from(Map.of("agents.target.other-token", KitConfig.BUNDLED_TOKEN), Map.of()))
                .hasMessageContaining("different tokens");
    }

    @Test
    void aShardIsIOverNAndAnythingElseIsRefusedNamingTheSetting() {
        assertThat(KitConfig.from(Map.of(), Map.of()).shard()).isEmpty();
        assertThat(KitConfig.from(Map.of(), Map.of("AGENTS_SHARD", "3/4")).shard())
                .contains(new io.agentsconformance.kit.shard.Shard(3, 4));
        assertThatThrownBy(() -> KitConfig.from(Map.of("agents.shard", "5/4"), Map.of()))
                .isInstanceOf(KitConfigException.class)
                .hasMessageContaining("agents.shard")
                .hasMessageContaining("'5/4' is not a shard")
                .hasMessageContaining("AGENTS_SHARD");
    }

    @Test
    void loadSizesAndBudgetsHaveDefaultsForATwoCoreMachineAndRefuseWhatNoCaseCanUse() {
        KitConfig.Load load = KitConfig.from(Map.of(), Map.of()).workload();
        assertThat(load.runs()).isEqualTo(20);
        assertThat(load.modelLatency()).isEqualTo(Duration.ofMillis(100));
        assertThat(load.floorScale()).isEqualTo(25);
        assertThat(load.allowance()).isEqualTo(Duration.ofMillis(500));
        assertThat(load.seed()).isEmpty();
        assertThat(load.simpleCeiling()).isEqualTo(Duration.ofSeconds(15));

        KitConfig.Load given = KitConfig.from(Map.of("agents.load.seed", "42"), Map.of("AGENTS_LOAD_RUNS", "200",
                "AGENTS_BUDGET_SPREAD", "2.5")).workload();
        assertThat(given.seed()).contains(42L);
        assertThat(given.runs()).isEqualTo(200);
        assertThat(given.spread()).isEqualTo(2.5);

        assertThatThrownBy(() -> KitConfig.from(Map.of("agents.load.runs", "5"), Map.of()))
                .isInstanceOf(KitConfigException.class)
                .hasMessageContaining("agents.load.runs")
                .hasMessageContaining("at least 20");
        assertThatThrownBy(() -> KitConfig.from(Map.of("agents.load.seed", "lucky"), Map.of()))
                .isInstanceOf(KitConfigException.class)
                .hasMessageContaining("agents.load.seed");
        assertThatThrownBy(() -> KitConfig.from(Map.of("agents.budget.spread", "0.5"), Map.of()))
                .isInstanceOf(KitConfigException.class)
                .hasMessageContaining("agents.budget.spread");
    }
}

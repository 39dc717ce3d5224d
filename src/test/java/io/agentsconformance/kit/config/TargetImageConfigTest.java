package io.agentsconformance.kit.config;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The settings of a target the kit starts from a container image (README, "A target from a container image"). */
class TargetImageConfigTest {

    @Test
    void anImageTargetIsNeitherTheBundledServerNorAnExternalOneAndIsToldTheBundledTokensByDefault() {
        KitConfig config = KitConfig.from(Map.of("agents.target.image", "acme/orchestrator:1.2"), Map.of());

        assertThat(config.startsBundledServer()).isFalse();
        assertThat(config.targetUrl()).isEmpty();
        assertThat(config.targetImage()).contains("acme/orchestrator:1.2");
        assertThat(config.token()).isEqualTo(KitConfig.BUNDLED_TOKEN);
        assertThat(config.otherToken()).isEqualTo(KitConfig.BUNDLED_OTHER_TOKEN);
        // The kit starts it after the stand-ins, so it can be told any port: no fixed port needed.
        assertThat(config.standinPort()).isZero();
        assertThat(config.targetPort()).isZero();
        assertThat(config.targetNetwork()).isEqualTo(KitConfig.TargetNetwork.HOST);
        assertThat(config.standinHost()).isEqualTo("127.0.0.1");
        assertThat(config.targetName()).isEqualTo("image acme/orchestrator:1.2");
    }

    @Test
    void targetEnvSplitsOnlyWhereANewNameBeginsSoValuesMayHoldCommas() {
        KitConfig config = KitConfig.from(Map.of("agents.target.image", "acme/o:1"),
                Map.of("AGENTS_TARGET_ENV", "ACME_USERS=ada:t1,grace:t2, ACME_MODE=strict,EMPTY="));

        assertThat(config.targetEnv()).containsExactly(Map.entry("ACME_USERS", "ada:t1,grace:t2"),
                Map.entry("ACME_MODE", "strict"), Map.entry("EMPTY", ""));
    }

    @Test
    void aTargetEnvEntryThatIsNoAssignmentNamesTheSetting() {
        assertThatThrownBy(() -> KitConfig.from(Map.of("agents.target.image", "acme/o:1",
                "agents.target.env", "no-equals-sign"), Map.of()))
                .isInstanceOf(KitConfigException.class)
                .hasMessageContaining("agents.target.env")
                .hasMessageContaining("'no-equals-sign' is not NAME=VALUE");
    }

    @Test
    void anImageAndAUrlTogetherAreRefused() {
        assertThatThrownBy(() -> KitConfig.from(Map.of("agents.target.image", "acme/o:1",
                "agents.target.url", "http://localhost:8080"), Map.of()))
                .isInstanceOf(KitConfigException.class)
                .hasMessageContaining("agents.target.image")
                .hasMessageContaining("not both");
    }

    @Test
    void containerSettingsWithoutAnImageAreRefused() {
        assertThatThrownBy(() -> KitConfig.from(Map.of("agents.target.port", "8080"), Map.of()))
                .isInstanceOf(KitConfigException.class)
                .hasMessageContaining("agents.target.env and agents.target.port describe a container");
        assertThatThrownBy(() -> KitConfig.from(Map.of("agents.target.env", "A=b"), Map.of()))
                .isInstanceOf(KitConfigException.class)
                .hasMessageContaining("--target-image");
        assertThatThrownBy(() -> KitConfig.from(Map.of("agents.bundled.args", "--alternatives all",
                "agents.target.image", "acme/o:1"), Map.of()))
                .isInstanceOf(KitConfigException.class)
                .hasMessageContaining("agents.bundled.args");
    }

    @Test
    void aBridgedContainerReachesTheStandInsThroughTestcontainersAliasAndNeedsItsPort() {
        KitConfig bridged = KitConfig.from(Map.of("agents.target.image", "acme/o:1", "agents.target.network", "bridge",
                "agents.target.port", "8080"), Map.of());
        assertThat(bridged.standinHost()).isEqualTo("host.testcontainers.internal");
        assertThat(bridged.targetPort()).isEqualTo(8080);

        assertThatThrownBy(() -> KitConfig.from(Map.of("agents.target.image", "acme/o:1",
                "agents.target.network", "bridge"), Map.of()))
                .isInstanceOf(KitConfigException.class)
                .hasMessageContaining("agents.target.port");
        assertThatThrownBy(() -> KitConfig.from(Map.of("agents.target.image", "acme/o:1",
                "agents.target.network", "overlay"), Map.of()))
                .isInstanceOf(KitConfigException.class)
                .hasMessageContaining("agents.target.network")
                .hasMessageContaining("[host, bridge]");
    }
}

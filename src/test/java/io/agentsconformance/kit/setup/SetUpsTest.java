package io.agentsconformance.kit.setup;

import io.agentsconformance.kit.config.KitConfig;
import io.agentsconformance.kit.config.KitConfigException;
import io.agentsconformance.kit.report.NotTestable;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SetUpsTest {

    @Test
    void withoutASettingTheFixtureApiSetsUp() {
        TargetSetUp setUp = SetUps.selected(KitConfig.from(Map.of(), Map.of()));

        assertThat(setUp).as("the set-up selected when agents.setup is not set").isInstanceOf(FixtureApiSetUp.class);
        assertThat(setUp.name()).isEqualTo("fixture-api");
    }

    @Test
    void theSettingSelectsAnImplementationOnTheClasspathByName() {
        assertThat(SetUps.available()).as("the set-ups registered in META-INF/services, by name")
                .containsOnlyKeys("direct-http", "fixture-api");

        assertThat(SetUps.selected(KitConfig.from(Map.of("agents.setup", "direct-http"), Map.of())))
                .as("the set-up -Dagents.setup=direct-http selects").isInstanceOf(DirectHttpSetUp.class);
        assertThat(SetUps.selected(KitConfig.from(Map.of(), Map.of("AGENTS_SETUP", "direct-http"))))
                .as("the set-up AGENTS_SETUP=direct-http selects").isInstanceOf(DirectHttpSetUp.class);
        assertThat(SetUps.selected(KitConfig.from(Map.of("agents.setup", "fixture-api"), Map.of("AGENTS_SETUP",
                "direct-http")))).as("the property wins over the environment").isInstanceOf(FixtureApiSetUp.class);
    }

    @Test
    void anUnknownNameStopsTheKitNamingWhatIsAvailableAndHowToAddOne() {
        KitConfig config = KitConfig.from(Map.of("agents.setup", "acme-admin-api"), Map.of());

        assertThatThrownBy(() -> SetUps.selected(config))
                .isInstanceOf(KitConfigException.class)
                .hasMessageContaining("agents.setup: no set-up is called 'acme-admin-api'")
                .hasMessageContaining("the classpath has direct-http, fixture-api")
                .hasMessageContaining("implement io.agentsconformance.kit.setup.TargetSetUp")
                .hasMessageContaining("META-INF/services/io.agentsconformance.kit.setup.TargetSetUp")
                .hasMessageContaining("AGENTS_SETUP");
    }

    @Test
    void whatASetUpCannotCreateMakesTheScenarioNotTestableWithItsReason() {
        SetUpException refused = new SetUpException("workspaces allow at most 10 concurrent runs; asked for 100");

        NotTestable notTestable = SetUps.notTestable(new DirectHttpSetUp(), "project 'main'", refused);

        assertThat(notTestable).as("how JUnit and the summary see it: aborted, neither failed nor passed")
                .isInstanceOf(TestAbortedException.class)
                .hasMessage("not testable: the set-up 'direct-http' could not create project 'main':"
                        + " workspaces allow at most 10 concurrent runs; asked for 100")
                .hasCause(refused);
    }
}

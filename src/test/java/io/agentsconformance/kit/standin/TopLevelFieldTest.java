package io.agentsconformance.kit.standin;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TopLevelFieldTest {

    @Test
    void readsOnlyATopLevelFieldAndSkipsNestedOnesOfTheSameName() {
        String body = "{\"messages\": [{\"role\": \"user\", \"stream\": true, \"model\": \"inner\"}],"
                + " \"tools\": {\"model\": \"nested\"}, \"model\": \"gpt-4o-mini\", \"stream\": false}";
        assertThat(TopLevelField.of(body, "model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(TopLevelField.of(body, "stream").asBoolean(true)).isFalse();
        assertThat(TopLevelField.of("{\"stream\": true}", "stream").asBoolean(false)).isTrue();
    }

    @Test
    void aBodyThatIsNotAJsonObjectHasNoField() {
        assertThat(TopLevelField.of("not json", "stream").isMissingNode()).isTrue();
        assertThat(TopLevelField.of("[1, 2]", "model").isMissingNode()).isTrue();
        assertThat(TopLevelField.of("", "model").isMissingNode()).isTrue();
        assertThat(TopLevelField.of(null, "model").isMissingNode()).isTrue();
        assertThat(TopLevelField.of("{\"model\": \"x\", ", "stream").isMissingNode()).isTrue();
    }
}

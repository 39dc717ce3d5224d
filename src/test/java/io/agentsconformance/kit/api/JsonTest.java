package io.agentsconformance.kit.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JsonTest {

    @Test
    void followsFieldsAndIndexesAndReportsWhatIsMissing() throws Exception {
        JsonNode root = new ObjectMapper().readTree("{\"items\":[{\"id\":\"a\"},{\"id\":\"b\",\"error\":null}],\"total\":2}");

        assertThat(Json.at(root, "$.items[1].id").asText()).isEqualTo("b");
        assertThat(Json.at(root, "$.total").asInt()).isEqualTo(2);
        assertThat(Json.at(root, "$.items[1].error").isNull()).isTrue();
        assertThat(Json.at(root, "$.items[0].error").isMissingNode()).isTrue();
        assertThat(Json.at(root, "$.items[5].id").isMissingNode()).isTrue();
        assertThat(Json.at(root, "$.nothing.deeper").isMissingNode()).isTrue();
    }
}

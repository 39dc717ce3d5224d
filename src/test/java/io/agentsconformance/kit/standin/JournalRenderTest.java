package io.agentsconformance.kit.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The journal as the report shows it: conversations once, long strings elided. */
class JournalRenderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theSharedStartOfTwoConversationsIsCounted() throws Exception {
        JsonNode before = JSON.readTree("[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"assistant\",\"content\":\"b\"}]");
        JsonNode now = JSON.readTree("[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"assistant\",\"content\":\"b\"},"
                + "{\"role\":\"tool\",\"content\":\"c\"}]");
        JsonNode changed = JSON.readTree("[{\"role\":\"user\",\"content\":\"A\"},{\"role\":\"assistant\",\"content\":\"b\"}]");
        assertThat(Journal.sharedPrefix(null, now)).isZero();
        assertThat(Journal.sharedPrefix(before, now)).isEqualTo(2);
        assertThat(Journal.sharedPrefix(before, changed)).isZero();
    }

    @Test
    void longStringsAreElidedWithoutTouchingTheOriginal() throws Exception {
        String long_ = "x".repeat(Journal.RENDERED_STRING_CHARS * 3);
        JsonNode body = JSON.createObjectNode().put("short", "kept").set("messages",
                JSON.createArrayNode().add(JSON.createObjectNode().put("content", long_)));
        JsonNode shown = Journal.elided(body);
        assertThat(shown.path("short").asText()).isEqualTo("kept");
        assertThat(shown.path("messages").path(0).path("content").asText())
                .hasSizeLessThan(Journal.RENDERED_STRING_CHARS + 300).contains("SHA-256");
        assertThat(body.path("messages").path(0).path("content").asText()).isEqualTo(long_);
        JsonNode small = JSON.readTree("{\"a\":[1,\"b\"]}");
        assertThat(Journal.elided(small)).isSameAs(small);
    }
}

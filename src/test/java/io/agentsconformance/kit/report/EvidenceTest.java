package io.agentsconformance.kit.report;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EvidenceTest {

    @Test
    void aShortTextIsKeptWhole() {
        assertThat(Evidence.elide("short", 10)).isEqualTo("short");
        assertThat(Evidence.elide(null, 10)).isNull();
    }

    @Test
    void aLongTextKeepsItsStartAndEndAndNamesTheWhole() {
        String text = "a".repeat(100) + "MIDDLE" + "z".repeat(100);
        String elided = Evidence.elide(text, 20);
        assertThat(elided).startsWith("a".repeat(10)).endsWith("z".repeat(10)).doesNotContain("MIDDLE")
                .contains("186 characters left out", "the whole is 206 characters, 206 bytes as UTF-8",
                        "SHA-256 " + Evidence.sha256(text));
        assertThat(Evidence.sha256(text)).hasSize(64).isNotEqualTo(Evidence.sha256(text + "!"));
    }
}

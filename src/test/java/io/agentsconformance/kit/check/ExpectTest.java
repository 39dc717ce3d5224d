package io.agentsconformance.kit.check;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExpectTest {

    @Test
    void aFailureNamesTheCaseWhatWasCheckedTheExpectedAndTheActualValue() {
        Expect expect = new Expect(List.of("API-3.2"));

        assertThatThrownBy(() -> expect.equal("$.status of the run", "COMPLETED", "RUNNING", null))
                .isInstanceOf(AssertionError.class)
                .hasMessage("[API-3.2] $.status of the run: expected \"COMPLETED\", got \"RUNNING\"");
    }

    @Test
    void severalFindingsAreListedOnePerLineUnderTheHeadline() {
        Expect expect = new Expect(List.of("API-1.1", "API-1.2"));

        assertThat(expect.findings("answer of GET /x", "what the contract documents", "200 with 2 problems",
                List.of("$.a: wrong", "$.b: missing"), null))
                .hasMessage("[API-1.1, API-1.2] answer of GET /x: expected what the contract documents, got 200 with 2 problems"
                        + "\n  - $.a: wrong\n  - $.b: missing");
    }

    @Test
    void aPassingCheckSaysNothing() {
        new Expect(List.of("API-1.1")).equal("total", 25, 25, null);
    }
}

package io.agentsconformance.kit.check;

import org.junit.jupiter.api.Test;

import java.util.List;

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
    void aPassingCheckSaysNothing() {
        new Expect(List.of("API-1.1")).equal("total", 25, 25, null);
    }
}

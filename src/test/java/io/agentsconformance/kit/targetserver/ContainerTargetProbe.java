package io.agentsconformance.kit.targetserver;

import java.time.Duration;
import java.util.Optional;

/** What ContainerTarget says where no engine answers, for tests of other packages. */
public final class ContainerTargetProbe {

    private ContainerTargetProbe() {
    }

    public static Optional<String> noEngine() {
        return ContainerTarget.engineProblem(() -> false, Duration.ofSeconds(5));
    }
}

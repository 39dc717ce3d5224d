package io.agentsconformance.kit.setup;

import io.agentsconformance.kit.config.KitConfig;
import io.agentsconformance.kit.config.KitConfigException;
import io.agentsconformance.kit.report.NotTestable;

import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** Finds the {@link TargetSetUp} implementations on the classpath and picks the one configured. */
public final class SetUps {

    /** The setting that selects the set-up (read by {@link KitConfig}). */
    public static final String SETTING = "agents.setup";

    private SetUps() {
    }

    /** The set-up {@code agents.setup} names; an unknown name stops the kit before any scenario. */
    public static TargetSetUp selected(KitConfig config) {
        return select(config.setUp());
    }

    /** The set-up called {@code name}, among those on the classpath. */
    public static TargetSetUp select(String name) {
        Map<String, TargetSetUp> available = available();
        TargetSetUp chosen = available.get(name);
        if (chosen == null) {
            throw new KitConfigException(SETTING, "no set-up is called '" + name + "'; the classpath has "
                    + String.join(", ", available.keySet()) + " (choose with --setup or agents.setup). To add one, implement " + TargetSetUp.class.getName()
                    + ", name the class in META-INF/services/" + TargetSetUp.class.getName() + " of its jar and run"
                    + " the kit with that jar on its classpath (README.md, 'Set-up without a fixture API: an adapter')");
        }
        return chosen;
    }

    /** Every set-up on the classpath, by name, in name order. */
    public static Map<String, TargetSetUp> available() {
        Map<String, TargetSetUp> byName = new TreeMap<>();
        try {
            for (TargetSetUp setUp : ServiceLoader.load(TargetSetUp.class)) {
                TargetSetUp before = byName.putIfAbsent(setUp.name(), setUp);
                if (before != null) {
                    // Picking one of the two would make the verdict depend on the classpath's order.
                    throw new KitConfigException(SETTING, "two set-ups are called '" + setUp.name() + "': "
                            + before.getClass().getName() + " and " + setUp.getClass().getName()
                            + "; give one of them another name()");
                }
            }
        } catch (ServiceConfigurationError e) {
            throw new KitConfigException(SETTING, "a set-up on the classpath cannot be loaded: " + e.getMessage());
        }
        return byName;
    }

    /** What a scenario becomes when {@code setUp} could not create {@code what} ("project 'main'"). */
    public static NotTestable notTestable(TargetSetUp setUp, String what, SetUpException e) {
        return new NotTestable("the set-up '" + setUp.name() + "' could not create " + what + ": " + e.getMessage(), e);
    }
}

package io.agentsconformance.kit.cli;

import io.agentsconformance.kit.requirements.Requirements;
import io.agentsconformance.kit.shard.Durations;
import io.agentsconformance.kit.shard.ShardPlan;
import io.cucumber.tagexpressions.Expression;
import io.cucumber.tagexpressions.TagExpressionParser;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherFactory;

import java.util.ArrayList;
import java.util.List;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/** The scenarios of the kit's features as the JUnit Platform discovers them, and the choice among them. */
public final class Scenarios {

    private Scenarios() {
    }

    /** Every scenario of every feature the kit carries. */
    static TestPlan discover(Launcher launcher) {
        return launcher.discover(request().selectors(selectPackage("features")).build());
    }

    /** Every scenario, as the registry checks it. */
    public static List<Requirements.Scenario> all() {
        return of(discover(LauncherFactory.create()));
    }

    static List<Requirements.Scenario> of(TestPlan plan) {
        return tests(plan).stream().map(test -> new Requirements.Scenario(test.getDisplayName(),
                test.getSource().map(Object::toString).orElse("?"),
                test.getTags().stream().map(t -> t.getName()).toList())).toList();
    }

    /** The scenarios the Cucumber tag expression selects (all of them for null), in the order discovered. */
    static List<TestIdentifier> select(TestPlan plan, String expression) {
        Expression wanted = expression == null ? null : TagExpressionParser.parse(expression);
        return tests(plan).stream()
                .filter(test -> wanted == null
                        || wanted.evaluate(test.getTags().stream().map(t -> "@" + t.getName()).toList()))
                .toList();
    }

    /**
     * The names a baseline may give a scenario: as the feature writes it (the JUnit display name
     * is "Feature - Scenario"), and the long form.
     */
    static java.util.Set<String> names(TestPlan plan) {
        java.util.Set<String> names = new java.util.HashSet<>();
        for (TestIdentifier test : tests(plan)) {
            String name = test.getDisplayName();
            names.add(name);
            int dash = name.indexOf(" - ");
            if (dash >= 0) {
                names.add(name.substring(dash + 3));
            }
        }
        return names;
    }

    /** Shards (issue 22, item 4): how the selected scenarios split into {@code count} shards, by their case tags. */
    static ShardPlan<TestIdentifier> shardPlan(List<TestIdentifier> selected, int count) {
        return ShardPlan.of(selected.stream().map(test -> new ShardPlan.Item<>(test, test.getUniqueId(),
                Requirements.caseIds(test.getTags().stream().map(t -> "@" + t.getName()).toList()))).toList(),
                count, Durations.packaged());
    }

    private static List<TestIdentifier> tests(TestPlan plan) {
        List<TestIdentifier> tests = new ArrayList<>();
        for (TestIdentifier root : plan.getRoots()) {
            plan.getDescendants(root).stream().filter(TestIdentifier::isTest).forEach(tests::add);
        }
        return tests;
    }
}

package io.agentsconformance.kit.cli;

import io.agentsconformance.kit.requirements.Requirements;
import io.agentsconformance.kit.shard.Durations;
import io.agentsconformance.kit.shard.Shard;
import io.agentsconformance.kit.shard.ShardPlan;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** --shard I/N on the kit's real scenarios: a partition by case, the same in every process, balanced. */
class ShardSelectionTest {

    private static final TestPlan PLAN = Scenarios.discover(LauncherFactory.create());

    private static List<String> caseIds(TestIdentifier test) {
        return Requirements.caseIds(test.getTags().stream().map(t -> "@" + t.getName()).toList());
    }

    @Test
    void everyScenarioRunsInExactlyOneShardAndACaseNeverSpansTwo() {
        List<TestIdentifier> all = Scenarios.select(PLAN, null);
        for (int count = 1; count <= 8; count++) {
            Map<String, Integer> shardOfScenario = new HashMap<>();
            Map<String, Integer> shardOfCase = new HashMap<>();
            ShardPlan<TestIdentifier> plan = Scenarios.shardPlan(all, count);
            for (int index = 1; index <= count; index++) {
                List<TestIdentifier> part = plan.scenarios(new Shard(index, count));
                assertThat(part).as("shard %d/%d", index, count).isNotEmpty();
                for (TestIdentifier test : part) {
                    assertThat(shardOfScenario.put(test.getUniqueId(), index))
                            .as("%s in shard %d/%d and before that in another", test.getDisplayName(), index, count).isNull();
                    for (String caseId : caseIds(test)) {
                        Integer earlier = shardOfCase.put(caseId, index);
                        assertThat(earlier == null || earlier == index).as("%s in shards %s and %d of %d", caseId,
                                earlier, index, count).isTrue();
                    }
                }
            }
            assertThat(shardOfScenario.keySet()).as("the scenarios of %d shards together", count)
                    .containsExactlyInAnyOrderElementsOf(all.stream().map(TestIdentifier::getUniqueId).toList());
        }
    }

    @Test
    void everyProcessComputesTheSamePlanWhateverTheOrderOfDiscovery() {
        List<TestIdentifier> all = Scenarios.select(PLAN, null);
        List<TestIdentifier> reversed = new ArrayList<>(all);
        java.util.Collections.reverse(reversed);
        ShardPlan<TestIdentifier> one = Scenarios.shardPlan(all, 4);
        ShardPlan<TestIdentifier> other = Scenarios.shardPlan(reversed, 4);
        for (int index = 1; index <= 4; index++) {
            Shard shard = new Shard(index, 4);
            assertThat(other.caseIds(shard)).isEqualTo(one.caseIds(shard));
            assertThat(other.scenarios(shard).stream().map(TestIdentifier::getUniqueId).sorted().toList())
                    .isEqualTo(one.scenarios(shard).stream().map(TestIdentifier::getUniqueId).sorted().toList());
        }
    }

    @Test
    void shardsAreBalancedByTheRecordedDurations() {
        List<TestIdentifier> all = Scenarios.select(PLAN, null);
        Durations durations = Durations.packaged();
        double heaviestScenario = all.stream().mapToDouble(t -> durations.scenario(caseIds(t))).max().orElseThrow();
        double total = all.stream().mapToDouble(t -> durations.scenario(caseIds(t))).sum();
        for (int count = 2; count <= 4; count++) {
            ShardPlan<TestIdentifier> plan = Scenarios.shardPlan(all, count);
            double most = 0;
            double least = Double.MAX_VALUE;
            for (int index = 1; index <= count; index++) {
                most = Math.max(most, plan.load(new Shard(index, count)));
                least = Math.min(least, plan.load(new Shard(index, count)));
            }
            // Longest-processing-time first: no shard exceeds the mean by more than one group's weight,
            // and with groups much lighter than a shard the spread stays small.
            assertThat(most).as("the heaviest of %d shards", count).isLessThanOrEqualTo(
                    Math.max(total / count + heaviestGroup(plan, count), heaviestScenario));
            assertThat(most - least).as("spread of %d shards (loads %s..%s)", count, least, most)
                    .isLessThanOrEqualTo(Math.max(0.1 * total / count, heaviestScenario));
        }
    }

    private static double heaviestGroup(ShardPlan<TestIdentifier> plan, int count) {
        // A case's scenarios all go together; the heaviest case is the most a shard can be over.
        Durations durations = Durations.packaged();
        Map<String, Double> byCase = new HashMap<>();
        for (int index = 1; index <= count; index++) {
            for (TestIdentifier test : plan.scenarios(new Shard(index, count))) {
                caseIds(test).forEach(id -> byCase.merge(id, durations.scenario(caseIds(test)), Double::sum));
            }
        }
        return byCase.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }

    @Test
    void aSelectionWithFewerCasesThanShardsIsRefusedNamingTheMostItAllows() {
        List<TestIdentifier> two = Scenarios.select(PLAN, "@OPS-01 or @WF-04");
        assertThatThrownBy(() -> Scenarios.shardPlan(two, 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 groups of cases").hasMessageContaining("use at most 2");
        assertThat(Scenarios.shardPlan(two, 2).caseIds(new Shard(1, 2))).hasSize(1);
    }

    @Test
    void shardIsAnOptionAndAProperty() {
        KitCommand given = new KitCommand(System.out);
        new picocli.CommandLine(given).parseArgs("--shard", "2/4");
        assertThat(given.properties()).containsEntry("agents.shard", "2/4");
    }
}

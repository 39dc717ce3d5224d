package io.agentsconformance.kit.shard;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShardPlanTest {

    private static ShardPlan.Item<String> item(String id, String... caseIds) {
        return new ShardPlan.Item<>(id, id, List.of(caseIds));
    }

    @Test
    void casesThatShareAScenarioStayInOneShard() {
        // B-1 and B-2 share scenario b2; C-1 stands alone.
        List<ShardPlan.Item<String>> items = List.of(item("a", "A-1"), item("b1", "B-1"), item("b2", "B-1", "B-2"),
                item("b3", "B-2"), item("c", "C-1"));
        ShardPlan<String> plan = ShardPlan.of(items, 3, new Durations(Map.of()));
        List<List<String>> shards = List.of(plan.caseIds(new Shard(1, 3)), plan.caseIds(new Shard(2, 3)),
                plan.caseIds(new Shard(3, 3)));
        assertThat(shards).as("the cases of each of 3 shards").contains(List.of("B-1", "B-2"));
        assertThat(shards.stream().filter(s -> s.contains("B-2")).count()).as("shards running B-2 (cases %s)", shards)
                .isEqualTo(1);
    }

    @Test
    void theHeaviestCasesGoFirstEachToTheLightestShard() {
        List<ShardPlan.Item<String>> items = List.of(item("a", "A-1"), item("b", "B-1"), item("c", "C-1"), item("d", "D-1"));
        Durations durations = new Durations(Map.of("A-1", 10.0, "B-1", 6.0, "C-1", 5.0, "D-1", 1.0));
        ShardPlan<String> plan = ShardPlan.of(items, 2, durations);
        // 10 to shard 1; 6 to 2; 5 to 2 (6 < 10); 1 to 1 (10 < 11).
        assertThat(plan.caseIds(new Shard(1, 2))).containsExactly("A-1", "D-1");
        assertThat(plan.caseIds(new Shard(2, 2))).containsExactly("B-1", "C-1");
        assertThat(plan.load(new Shard(1, 2))).isEqualTo(11.0);
        assertThat(plan.load(new Shard(2, 2))).isEqualTo(11.0);
    }

    @Test
    void aCaseTheDurationsDoNotKnowWeighsTheirMedian() {
        Durations durations = new Durations(Map.of("A-1", 1.0, "B-1", 3.0, "C-1", 8.0));
        assertThat(durations.scenario(List.of("NEW-1"))).isEqualTo(3.0);
        assertThat(durations.scenario(List.of("A-1", "C-1"))).isEqualTo(8.0);
        assertThat(new Durations(Map.of()).scenario(List.of("A-1"))).isEqualTo(Durations.FALLBACK_SECONDS);
    }

    @Test
    void theKitCarriesDurationsForItsCases() {
        Durations packaged = Durations.packaged();
        assertThat(packaged.knows("API-1.1")).isTrue();
        assertThat(packaged.knows("EDGE-1")).isTrue();
    }

    @Test
    void aShardIsWrittenIOverN() {
        assertThat(Shard.parse(" 2/4 ")).isEqualTo(new Shard(2, 4));
        assertThat(Shard.parse("1/1").toString()).isEqualTo("1/1");
        for (String wrong : List.of("0/4", "5/4", "2", "2/0", "a/b", "2/100", "")) {
            assertThatThrownBy(() -> Shard.parse(wrong)).as(wrong).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is not a shard");
        }
    }
}

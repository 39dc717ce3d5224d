package io.agentsconformance.kit.shard;

import io.agentsconformance.kit.report.Score;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * How a selection of scenarios splits into N shards: deterministically (every shard computes the
 * same plan from the same selection, with no coordination), by case (a case's scenarios, and
 * cases that share a scenario, stay in one shard, so its outcome is judged in one place), and
 * balanced by the recorded durations ({@link Durations}): groups go, heaviest first, to the
 * shard with the least work so far (longest-processing-time first), ties to the lower shard.
 *
 * @param <S> what a scenario is to the caller (a JUnit TestIdentifier in the kit jar)
 */
public final class ShardPlan<S> {

    /** A scenario to place: what the caller knows it by, its id (for a stable order), its case IDs. */
    public record Item<S>(S scenario, String id, List<String> caseIds) { }

    /** Scenarios that must run in the same shard, and what they weigh together. */
    public record Group<S>(List<String> caseIds, List<Item<S>> items, double weight) { }

    private final List<Item<S>> selection;
    private final List<List<Group<S>>> shards;
    private final double[] loads;

    private ShardPlan(List<Item<S>> selection, List<List<Group<S>>> shards, double[] loads) {
        this.selection = List.copyOf(selection);
        this.shards = shards;
        this.loads = loads;
    }

    /**
     * The plan for {@code count} shards; refused when the selection has fewer groups than shards,
     * since a shard with nothing to run has no verdict to merge.
     */
    public static <S> ShardPlan<S> of(List<Item<S>> selection, int count, Durations durations) {
        List<Group<S>> groups = groups(selection, durations);
        if (groups.size() < count) {
            throw new IllegalArgumentException("the selection has " + groups.size() + " group" + (groups.size() == 1 ? "" : "s")
                    + " of cases (cases sharing a scenario run together), too few for " + count
                    + " shards: use at most " + groups.size());
        }
        List<Group<S>> heaviestFirst = new ArrayList<>(groups);
        heaviestFirst.sort(Comparator.<Group<S>>comparingDouble(Group::weight).reversed()
                .thenComparing((a, b) -> Score.compareCaseIds(a.caseIds().get(0), b.caseIds().get(0))));
        List<List<Group<S>>> shards = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            shards.add(new ArrayList<>());
        }
        double[] loads = new double[count];
        for (Group<S> group : heaviestFirst) {
            int lightest = 0;
            for (int i = 1; i < count; i++) {
                if (loads[i] < loads[lightest]) {
                    lightest = i;
                }
            }
            shards.get(lightest).add(group);
            loads[lightest] += group.weight();
        }
        return new ShardPlan<>(selection, shards, loads);
    }

    /** The scenarios of one shard, in the order of the selection. */
    public List<S> scenarios(Shard shard) {
        check(shard);
        java.util.Set<String> ids = new java.util.HashSet<>();
        shards.get(shard.index() - 1).forEach(group -> group.items().forEach(item -> ids.add(item.id())));
        return selection.stream().filter(item -> ids.contains(item.id())).map(Item::scenario).toList();
    }

    /** The case IDs a shard runs, in catalogue order. */
    public List<String> caseIds(Shard shard) {
        check(shard);
        TreeSet<String> ids = new TreeSet<>(Score::compareCaseIds);
        shards.get(shard.index() - 1).forEach(group -> ids.addAll(group.caseIds()));
        return List.copyOf(ids);
    }

    /** The recorded seconds of scenarios a shard was given (their sum, not a wall time: scenarios run in parallel). */
    public double load(Shard shard) {
        check(shard);
        return loads[shard.index() - 1];
    }

    public int count() {
        return shards.size();
    }

    private void check(Shard shard) {
        if (shard.count() != shards.size()) {
            throw new IllegalArgumentException("shard " + shard + " of a plan for " + shards.size() + " shards");
        }
    }

    /** Connected cases: two cases sharing a scenario are one group (union-find over case IDs). */
    static <S> List<Group<S>> groups(List<Item<S>> selection, Durations durations) {
        Map<String, String> parent = new HashMap<>();
        for (Item<S> item : selection) {
            List<String> ids = item.caseIds().isEmpty() ? List.of("scenario " + item.id()) : item.caseIds();
            ids.forEach(id -> parent.putIfAbsent(id, id));
            for (int i = 1; i < ids.size(); i++) {
                union(parent, ids.get(0), ids.get(i));
            }
        }
        Map<String, List<Item<S>>> byRoot = new LinkedHashMap<>();
        Map<String, TreeSet<String>> idsByRoot = new HashMap<>();
        for (Item<S> item : selection) {
            List<String> ids = item.caseIds().isEmpty() ? List.of("scenario " + item.id()) : item.caseIds();
            String root = find(parent, ids.get(0));
            byRoot.computeIfAbsent(root, r -> new ArrayList<>()).add(item);
            idsByRoot.computeIfAbsent(root, r -> new TreeSet<>(Score::compareCaseIds)).addAll(ids);
        }
        List<Group<S>> groups = new ArrayList<>();
        byRoot.forEach((root, items) -> groups.add(new Group<>(List.copyOf(idsByRoot.get(root)), List.copyOf(items),
                items.stream().mapToDouble(item -> durations.scenario(item.caseIds())).sum())));
        return groups;
    }

    private static String find(Map<String, String> parent, String id) {
        String root = id;
        while (!parent.get(root).equals(root)) {
            root = parent.get(root);
        }
        parent.put(id, root);
        return root;
    }

    private static void union(Map<String, String> parent, String a, String b) {
        String ra = find(parent, a);
        String rb = find(parent, b);
        if (!ra.equals(rb)) {
            // The smaller ID becomes the root, so the plan does not depend on the order of discovery.
            if (Score.compareCaseIds(ra, rb) < 0) {
                parent.put(rb, ra);
            } else {
                parent.put(ra, rb);
            }
        }
    }
}

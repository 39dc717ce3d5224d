package io.agentsconformance.kit.report;

import io.agentsconformance.kit.config.KitConfig;
import io.agentsconformance.kit.requirements.Declaration;
import io.agentsconformance.kit.requirements.Requirements;
import io.agentsconformance.kit.requirements.Requirements.Level;
import io.agentsconformance.kit.requirements.Requirements.Requirement;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The verdict of a run (spec/README.md, "Version, levels and capabilities"), case by case and as
 * a whole: each case's one outcome of five, the score per level and per area (passed of
 * applicable), whether the target is conformant (every applicable MUST case passed), and to what:
 * the profile judged, the core plus the capabilities claimed, at a level.
 */
public final class Score {

    /** The five outcomes; never folded into "skipped". */
    public enum Outcome {
        PASSED, FAILED, NOT_CLAIMED, NOT_SCORED, NOT_TESTABLE;

        public String words() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        }
    }

    /** How one scenario went over every time it ran (pass^k: passed only if every attempt passed). */
    public record ScenarioResult(String name, List<String> caseIds, int attempts, int failures, Outcome aborted,
            String detail) {

        /** PASSED, FAILED, or how it was aborted (NOT_CLAIMED, NOT_TESTABLE). */
        public Outcome outcome() {
            if (failures > 0) {
                return Outcome.FAILED;
            }
            return aborted != null ? aborted : Outcome.PASSED;
        }
    }

    /**
     * One case. {@code result} is what its scenarios showed (PASSED, FAILED, NOT_TESTABLE or
     * NOT_CLAIMED); {@code outcome} is the same, except NOT_SCORED for a case added after the
     * target's contract version.
     */
    public record CaseResult(Requirement requirement, Outcome outcome, Outcome result, List<ScenarioResult> scenarios,
            Baseline.Entry known, String detail) {

        public boolean applicable() {
            return outcome == Outcome.PASSED || outcome == Outcome.FAILED;
        }

        public boolean unexpectedFailure() {
            return outcome == Outcome.FAILED && known == null;
        }
    }

    /** Passed of applicable. */
    public record Tally(int passed, int applicable) {

        Tally plus(CaseResult c) {
            return c.applicable() ? new Tally(passed + (c.outcome() == Outcome.PASSED ? 1 : 0), applicable + 1) : this;
        }

        @Override
        public String toString() {
            return passed + "/" + applicable;
        }
    }

    /**
     * What a verdict is about: the contract's core (every case without a capability) plus the
     * capabilities claimed, named beside those not claimed, so that "conformant" is never read as
     * more than was judged. Only capabilities that some case needs take part: one that covers no
     * case (streamed-model-answers, which names a mode; follow-up-messages, retired into the core)
     * proves nothing by being declared.
     *
     * @param claimed    the capabilities with cases that the declaration claims, in registry order
     * @param notClaimed the capabilities with cases it does not claim
     */
    public record Profile(String contractVersion, KitConfig.Level level, List<String> claimed, List<String> notClaimed) {

        static Profile of(Requirements registry, Declaration declaration, KitConfig.Level level) {
            List<String> claimed = new ArrayList<>();
            List<String> notClaimed = new ArrayList<>();
            for (String capability : registry.capabilitiesWithCases()) {
                (declaration.claims(capability) ? claimed : notClaimed).add(capability);
            }
            return new Profile(declaration.contractVersion(), level, List.copyOf(claimed), List.copyOf(notClaimed));
        }

        /** Every capability the contract has cases for is claimed: nothing optional was left out. */
        public boolean complete() {
            return notClaimed.isEmpty();
        }

        /** "core + agent-fallback; not claimed: clarification, artifacts". */
        public String claim() {
            return "core" + (claimed.isEmpty() ? "" : " + " + String.join(", ", claimed)) + "; not claimed: "
                    + (notClaimed.isEmpty() ? "none" : String.join(", ", notClaimed));
        }

        public String levelName() {
            return level.name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Map<String, CaseResult> cases;
    private final Declaration declaration;
    private final Profile profile;
    private final List<Baseline.Entry> stale;
    private final List<Baseline.Entry> expired;
    private final List<String> notRun;

    private Score(Map<String, CaseResult> cases, Declaration declaration, Profile profile, List<Baseline.Entry> stale,
            List<Baseline.Entry> expired, List<String> notRun) {
        this.cases = cases;
        this.declaration = declaration;
        this.profile = profile;
        this.stale = stale;
        this.expired = expired;
        this.notRun = notRun;
    }

    /** @param level the level the run was judged at: part of what the verdict claims */
    public static Score of(Collection<ScenarioResult> scenarios, Requirements registry, Declaration declaration,
            KitConfig.Level level, Baseline baseline, LocalDate today) {
        Map<String, List<ScenarioResult>> byCase = new TreeMap<>(Score::compareCaseIds);
        for (ScenarioResult scenario : scenarios) {
            scenario.caseIds().forEach(id -> byCase.computeIfAbsent(id, k -> new ArrayList<>()).add(scenario));
        }
        Map<String, CaseResult> cases = new LinkedHashMap<>();
        List<Baseline.Entry> stale = new ArrayList<>();
        byCase.forEach((id, results) -> {
            Optional<Requirement> requirement = registry.find(id);
            if (requirement.isEmpty()) {
                return; // The kit refuses to start with such a tag; nothing to score.
            }
            Outcome result = caseResult(results);
            Outcome outcome = result != Outcome.NOT_CLAIMED && !declaration.scores(requirement.get())
                    ? Outcome.NOT_SCORED : result;
            List<String> failed = results.stream().filter(r -> r.outcome() == Outcome.FAILED).map(ScenarioResult::name)
                    .toList();
            Baseline.Entry known = outcome == Outcome.FAILED ? baseline.covering(id, failed, today).orElse(null) : null;
            String detail = results.stream().filter(r -> r.outcome() == result && r.detail() != null)
                    .map(ScenarioResult::detail).findFirst().orElse(null);
            cases.put(id, new CaseResult(requirement.get(), outcome, result, List.copyOf(results), known, detail));
        });
        for (Baseline.Entry entry : baseline.entries()) {
            if (entry.flaky() || entry.expiredOn(today)) {
                continue;
            }
            boolean passes = entry.caseId() != null
                    ? cases.containsKey(entry.caseId()) && cases.get(entry.caseId()).result() == Outcome.PASSED
                    : scenarios.stream().anyMatch(s -> s.name().equals(entry.scenario()) && s.outcome() == Outcome.PASSED);
            if (passes) {
                stale.add(entry);
            }
        }
        List<Baseline.Entry> expired = baseline.entries().stream().filter(e -> e.expiredOn(today)).toList();
        List<String> notRun = registry.all().stream().map(Requirement::id).filter(id -> !cases.containsKey(id)).toList();
        return new Score(cases, declaration, Profile.of(registry, declaration, level), List.copyOf(stale), expired, notRun);
    }

    /** Any failed attempt fails the case; a case whose scenarios were all aborted says why. */
    private static Outcome caseResult(List<ScenarioResult> results) {
        List<Outcome> outcomes = results.stream().map(ScenarioResult::outcome).toList();
        for (Outcome o : List.of(Outcome.NOT_CLAIMED, Outcome.FAILED, Outcome.NOT_TESTABLE)) {
            if (outcomes.contains(o)) {
                return o;
            }
        }
        return Outcome.PASSED;
    }

    public Map<String, CaseResult> cases() {
        return cases;
    }

    public Declaration declaration() {
        return declaration;
    }

    /** What the verdict is about: the core and the capabilities claimed, at a level. */
    public Profile profile() {
        return profile;
    }

    /** Every applicable MUST case passed (known failures included: a baseline hides nothing here). */
    public boolean conformant() {
        return cases.values().stream().noneMatch(c -> c.requirement().level() == Level.MUST && c.outcome() == Outcome.FAILED);
    }

    /**
     * No MUST case failed, but the kit could not set up at least one that applies (not testable):
     * the target is neither shown conformant, which would hide the gap, nor failed, which would
     * blame it for what the kit could not do.
     */
    public boolean inconclusive() {
        return conformant() && !mustNotTestable().isEmpty();
    }

    /** MUST cases the kit could not set up (their capability, if any, declared). */
    public List<CaseResult> mustNotTestable() {
        return cases.values().stream().filter(c -> c.requirement().level() == Level.MUST && c.outcome() == Outcome.NOT_TESTABLE)
                .toList();
    }

    /** "conformant", "not conformant" or "inconclusive": the words every output uses. */
    public String verdict() {
        return !conformant() ? "not conformant" : inconclusive() ? "inconclusive" : "conformant";
    }

    /** MUST cases that failed and no baseline entry covers: what fails a run. */
    public List<CaseResult> unexpectedMustFailures() {
        return cases.values().stream().filter(c -> c.requirement().level() == Level.MUST && c.unexpectedFailure()).toList();
    }

    /** SHOULD and MAY cases that failed, outside the baseline: shown, never failing the run. */
    public List<CaseResult> recommendationsNotMet() {
        return cases.values().stream().filter(c -> c.requirement().level() != Level.MUST && c.unexpectedFailure()).toList();
    }

    public List<CaseResult> knownFailures() {
        return cases.values().stream().filter(c -> c.outcome() == Outcome.FAILED && c.known() != null).toList();
    }

    public List<Baseline.Entry> stale() {
        return stale;
    }

    public List<Baseline.Entry> expired() {
        return expired;
    }

    /** Cases of the registry no scenario of this run checked (not selected, or no scenario yet). */
    public List<String> notRun() {
        return notRun;
    }

    public Map<Level, Tally> byLevel() {
        Map<Level, Tally> tally = new EnumMap<>(Level.class);
        for (Level level : Level.values()) {
            tally.put(level, new Tally(0, 0));
        }
        cases.values().forEach(c -> tally.put(c.requirement().level(), tally.get(c.requirement().level()).plus(c)));
        return tally;
    }

    /** Per area (the prefix of the case IDs), per level. */
    public Map<String, Map<Level, Tally>> byArea() {
        Map<String, Map<Level, Tally>> areas = new LinkedHashMap<>();
        for (CaseResult c : cases.values()) {
            Map<Level, Tally> area = areas.computeIfAbsent(c.requirement().area(), a -> {
                Map<Level, Tally> empty = new EnumMap<>(Level.class);
                for (Level level : Level.values()) {
                    empty.put(level, new Tally(0, 0));
                }
                return empty;
            });
            area.put(c.requirement().level(), area.get(c.requirement().level()).plus(c));
        }
        return areas;
    }

    public Map<Outcome, Integer> counts() {
        Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        for (Outcome o : Outcome.values()) {
            counts.put(o, 0);
        }
        cases.values().forEach(c -> counts.merge(c.outcome(), 1, Integer::sum));
        return counts;
    }

    /**
     * The verdict and what it is about, without the tallies: "conformant (contract 1.0, lenient):
     * core + agent-fallback; not claimed: clarification, artifacts".
     */
    public String claim() {
        return verdict() + " (contract " + profile.contractVersion() + ", " + profile.levelName() + "): " + profile.claim();
    }

    /** The verdict in one line, for the terminal, the summaries and the report's environment. */
    public String headline() {
        Map<Level, Tally> levels = byLevel();
        return claim() + "; MUST " + levels.get(Level.MUST) + ", SHOULD "
                + levels.get(Level.SHOULD) + ", MAY " + levels.get(Level.MAY);
    }

    /** API-1.10 after API-1.9, EDGE-2 after EDGE-1: numeric parts compare as numbers. */
    public static int compareCaseIds(String a, String b) {
        String[] pa = a.split("[-.]");
        String[] pb = b.split("[-.]");
        for (int i = 0; i < Math.min(pa.length, pb.length); i++) {
            int c = pa[i].chars().allMatch(Character::isDigit) && pb[i].chars().allMatch(Character::isDigit)
                    ? Integer.compare(Integer.parseInt(pa[i]), Integer.parseInt(pb[i]))
                    : pa[i].compareTo(pb[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(pa.length, pb.length);
    }
}

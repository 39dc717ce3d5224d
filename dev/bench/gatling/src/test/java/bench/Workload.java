package bench;

/**
 * What one benchmark run does, chosen with {@code -Dworkload=NAME}; every figure can be overridden
 * with a system property of the same name ({@code -Druns=40 -Dprojects=2 ...}).
 *
 * @param runs              concurrent runs started at once, each 5 model + 4 tool calls
 * @param projects          projects the runs are spread over, round robin
 * @param maxConcurrentRuns each project's limit (the contract allows 1..100)
 * @param subscribers       WebSocket subscribers per run (0: none)
 * @param readers           virtual users reading runs (GET run) while the load lasts
 * @param readPauseMs       each reader's pause between two reads
 * @param modelDelayMs      the model stand-in's thinking time per answer (0: at once)
 * @param warmupRuns        runs of an unreported warm-up round before the measured one (0: none)
 * @param floorSamples      round trips of each floor
 * @param timeoutSeconds    bound on the measured round, from the first start to the last run's end
 */
record Workload(String name, int runs, int projects, int maxConcurrentRuns, int subscribers, int readers,
        long readPauseMs, long modelDelayMs, int warmupRuns, int floorSamples, int timeoutSeconds) {

    static final String NAMES = "runs200, runs1000, starts100, streams200, smoke";

    static Workload fromSystemProperties() {
        String name = System.getProperty("workload", "smoke");
        Workload base = switch (name) {
            // 100 runs per project at most (the contract's maximum limit), so every run runs at once.
            case "runs200" -> new Workload(name, 200, 2, 100, 0, 8, 50, 0, 200, 500, 300);
            case "runs1000" -> new Workload(name, 1000, 10, 100, 0, 8, 50, 0, 1000, 500, 600);
            // One project, a limit of 10: 90 of the 100 wait PENDING, so admission is what is measured.
            case "starts100" -> new Workload(name, 100, 1, 10, 0, 8, 50, 0, 100, 500, 300);
            // The model thinks 300 ms so that subscribers are connected before most events happen:
            // the lag measured is the live path, not the replay of what happened before they came.
            case "streams200" -> new Workload(name, 200, 2, 100, 2, 8, 50, 300, 200, 500, 300);
            // A bit of everything, small: proves the benchmark works on a busy machine.
            case "smoke" -> new Workload(name, 30, 3, 5, 2, 4, 50, 100, 10, 200, 300);
            default -> throw new IllegalArgumentException("-Dworkload=" + name + " is not one of " + NAMES);
        };
        return new Workload(name, integer("runs", base.runs), integer("projects", base.projects),
                integer("maxConcurrentRuns", base.maxConcurrentRuns), integer("subscribers", base.subscribers),
                integer("readers", base.readers), integer("readPauseMs", (int) base.readPauseMs),
                integer("modelDelayMs", (int) base.modelDelayMs), integer("warmupRuns", base.warmupRuns),
                integer("floorSamples", base.floorSamples), integer("timeoutSeconds", base.timeoutSeconds));
    }

    private static int integer(String property, int fallback) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + property + "=" + value + " is not an integer");
        }
    }

    @Override
    public String toString() {
        return String.format("%s: %d runs over %d project(s) of maxConcurrentRuns %d, %d subscriber(s) per run, "
                + "%d reader(s) pausing %d ms, model delay %d ms, %d warm-up runs, %d floor samples, timeout %d s",
                name, runs, projects, maxConcurrentRuns, subscribers, readers, readPauseMs, modelDelayMs, warmupRuns,
                floorSamples, timeoutSeconds);
    }
}

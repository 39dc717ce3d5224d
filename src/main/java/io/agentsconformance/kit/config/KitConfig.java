package io.agentsconformance.kit.config;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Everything the kit can be told, read once: a system property wins over an environment variable,
 * which wins over the default. A bad value stops the kit before any scenario runs, with a message
 * that names the setting and how to fix it.
 *
 * <p>Two modes. Without {@code agents.target.url} the kit starts the bundled reference server
 * itself, on a free port, pointed at the kit's stand-ins. With it, the kit drives a target someone
 * else started; that target must already be configured to reach the stand-ins, so their address
 * must be fixed ({@code agents.standin.port}).
 */
public final class KitConfig {

    /** The bundled reference server's built-in users (see spec/README.md). */
    public static final String BUNDLED_TOKEN = "ada-secret-token";
    public static final String BUNDLED_OTHER_TOKEN = "grace-secret-token";

    public enum Level { LENIENT, STRICT }

    private final Optional<URI> targetUrl;
    private final URI streamUrl;
    private final String token;
    private final String otherToken;
    private final String targetName;
    private final Level level;
    private final String standinBindAddress;
    private final String standinHost;
    private final int standinPort;
    private final int standinWitnessPort;
    private final Duration httpTimeout;
    private final Duration runTimeout;
    private final Duration streamTimeout;
    private final Duration startupTimeout;
    private final Duration quietPeriod;
    private final Path bundledJar;
    private final Path bundledLog;
    private final java.util.List<String> bundledArgs;
    private final Path reportsDir;
    private final Optional<Path> contract;
    private final Optional<java.util.List<String>> capabilities;
    private final Optional<Path> baseline;
    private final String reportLinkBase;
    private final boolean htmlReport;
    private final String setUp;
    private final Optional<String> restartCommand;
    // A target started from a container image (issue 22 item 1; README, "A target from a container image").
    private final Optional<String> targetImage;
    private final Map<String, String> targetEnv;
    private final int targetPort;
    private final TargetNetwork targetNetwork;

    /** How a target container is networked: the host's (the default) or the engine's bridge. */
    public enum TargetNetwork { HOST, BRIDGE }

    /** The host name Testcontainers gives a bridged container for the machine that runs the kit. */
    public static final String CONTAINER_HOST_ALIAS = "host.testcontainers.internal";
    // Shards (issue 22, item 4).
    private final Optional<io.agentsconformance.kit.shard.Shard> shard;
    private final Load load;

    /**
     * The load sizes and time budgets of the CONC and PERF cases (spec/README.md, "Load and time
     * budgets"): a vendor with a bigger machine scales the load up; the defaults fit a 2-core CI
     * machine shared by the kit, the stand-ins and the target.
     */
    public record Load(int runs, int threads, int slots, int reads, int mixed, Duration interval,
            Optional<Long> seed, int repeats, Duration modelLatency, int floorScale, int readScale, Duration allowance,
            double spread, Duration simpleCeiling, Duration complexCeiling, Duration concurrentCeiling) { }

    private KitConfig(Source source) {
        targetImage = source.optional("agents.target.image");
        targetEnv = source.optional("agents.target.env").map(v -> environment("agents.target.env", v)).orElse(Map.of());
        targetPort = source.value("agents.target.port", "0", v -> port("agents.target.port", v));
        targetNetwork = source.value("agents.target.network", "host",
                v -> enumValue("agents.target.network", v, TargetNetwork.class));
        targetUrl = source.optional("agents.target.url").map(v -> httpUrl("agents.target.url", v));
        streamUrl = source.optional("agents.target.stream-url")
                .map(v -> wsUrl("agents.target.stream-url", v))
                .orElse(null);
        // A target the kit starts (bundled, or from an image) is told the tokens; one started elsewhere is asked.
        token = source.optional("agents.target.token").orElse(targetUrl.isEmpty() ? BUNDLED_TOKEN : null);
        otherToken = source.optional("agents.target.other-token")
                .orElse(targetUrl.isEmpty() ? BUNDLED_OTHER_TOKEN : null);
        targetName = source.optional("agents.target.name")
                .orElse(targetUrl.map(URI::toString)
                        .orElse(targetImage.map(image -> "image " + image).orElse("bundled reference server")));
        level = source.value("agents.level", "lenient", v -> enumValue("agents.level", v, Level.class));
        standinBindAddress = source.value("agents.standin.bind-address", "127.0.0.1", Function.identity());
        // A bridged container reaches the machine's loopback only through Testcontainers' alias.
        standinHost = source.value("agents.standin.host",
                targetImage.isPresent() && targetNetwork == TargetNetwork.BRIDGE ? CONTAINER_HOST_ALIAS : "127.0.0.1",
                Function.identity());
        standinPort = source.value("agents.standin.port", "0", v -> port("agents.standin.port", v));
        standinWitnessPort = source.value("agents.standin.witness-port", "0",
                v -> port("agents.standin.witness-port", v));
        httpTimeout = source.value("agents.timeout.http", "10s", v -> duration("agents.timeout.http", v));
        runTimeout = source.value("agents.timeout.run", "30s", v -> duration("agents.timeout.run", v));
        streamTimeout = source.value("agents.timeout.stream", "10s", v -> duration("agents.timeout.stream", v));
        startupTimeout = source.value("agents.timeout.startup", "60s", v -> duration("agents.timeout.startup", v));
        quietPeriod = source.value("agents.quiet-period", "1500ms", v -> duration("agents.quiet-period", v));
        bundledJar = Path.of(source.value("agents.bundled.jar", "reference-server/target/reference-server.jar",
                Function.identity())).toAbsolutePath();
        bundledArgs = source.optional("agents.bundled.args")
                .map(v -> java.util.List.of(v.split("\\s+")))
                .orElse(java.util.List.of());
        reportsDir = Path.of(source.value("agents.reports.dir", "reports", Function.identity())).toAbsolutePath();
        // The bundled server's log goes with the run's reports unless told otherwise.
        bundledLog = source.optional("agents.bundled.log").map(v -> Path.of(v).toAbsolutePath())
                .orElse(reportsDir.resolve("reference-server.log"));
        capabilities = source.optional("agents.capabilities").map(v -> capabilities("agents.capabilities", v));
        baseline = source.optional("agents.baseline").map(v -> Path.of(v).toAbsolutePath());
        // Where the report's links to spec/ point: by default the copy each run writes beside the
        // report, so that a report opened from the file system or an archived CI artifact works.
        reportLinkBase = source.value("agents.report.link-base", "../spec/", v -> v.endsWith("/") ? v : v + "/");
        htmlReport = source.value("agents.report.html", "true", v -> yesOrNo("agents.report.html", v));
        baseline.ifPresent(file -> require(Files.isRegularFile(file), "agents.baseline",
                "'" + file + "' is not a file; give the known-failures baseline (YAML) to use, or leave it unset"));
        // Which implementations exist is known only once the classpath is searched (setup.SetUps).
        setUp = source.value("agents.setup", "fixture-api", Function.identity());
        load = new Load(
                source.value("agents.load.runs", "20", v -> count("agents.load.runs", v, 20, 10_000,
                        "CONC-01 and CONC-03 start at least 20 runs at once")),
                source.value("agents.load.threads", "32", v -> count("agents.load.threads", v, 1, 1024, "")),
                source.value("agents.load.slots", "4", v -> count("agents.load.slots", v, 1, 1000, "")),
                source.value("agents.load.reads", "100", v -> count("agents.load.reads", v, 20, 1_000_000,
                        "a p95 needs at least 20 reads")),
                source.value("agents.load.mixed", "10", v -> count("agents.load.mixed", v, 1, 10_000, "")),
                source.value("agents.load.interval", "50ms", v -> duration("agents.load.interval", v)),
                source.optional("agents.load.seed").map(v -> seed("agents.load.seed", v)),
                source.value("agents.load.repeats", "5", v -> count("agents.load.repeats", v, 3, 1000,
                        "a timing spread needs at least 3 runs")),
                source.value("agents.load.model-latency", "100ms", v -> duration("agents.load.model-latency", v)),
                source.value("agents.budget.floor-scale", "25", v -> count("agents.budget.floor-scale", v, 1, 1000, "")),
                source.value("agents.budget.read-scale", "3", v -> count("agents.budget.read-scale", v, 1, 1000, "")),
                source.value("agents.budget.allowance", "500ms", v -> duration("agents.budget.allowance", v)),
                source.value("agents.budget.spread", "2", v -> ratio("agents.budget.spread", v)),
                source.value("agents.budget.simple", "15s", v -> duration("agents.budget.simple", v)),
                source.value("agents.budget.complex", "45s", v -> duration("agents.budget.complex", v)),
                source.value("agents.budget.concurrent", "30s", v -> duration("agents.budget.concurrent", v)));
        contract = source.optional("agents.contract").map(v -> Path.of(v).toAbsolutePath());
        // OPS-02: a vendor's shell command that restarts the target; the bundled server the kit restarts itself.
        restartCommand = source.optional("agents.target.restart-command");
        contract.ifPresent(file -> require(Files.isRegularFile(file), "agents.contract",
                "'" + file + "' is not a file; leave it unset to check against the contract the kit carries"));

        require(targetUrl.isEmpty() || targetImage.isEmpty(), "agents.target.image",
                "give the kit either a running target (agents.target.url) or an image to start (agents.target.image),"
                        + " not both");
        require(targetImage.isEmpty() || bundledArgs.isEmpty(), "agents.bundled.args",
                "options for the bundled reference server make no sense with agents.target.image; give the image's"
                        + " settings as agents.target.env (--target-env K=V) instead");
        require(targetImage.isPresent() || (targetEnv.isEmpty() && targetPort == 0), "agents.target.env",
                "agents.target.env and agents.target.port describe a container the kit starts: give the image to"
                        + " start as agents.target.image (--target-image), or leave them unset");
        require(targetImage.isPresent() || targetNetwork == TargetNetwork.HOST, "agents.target.network",
                "agents.target.network describes a container the kit starts: give agents.target.image, or leave it unset");
        require(targetNetwork == TargetNetwork.HOST || targetPort != 0, "agents.target.port",
                "a bridged container is reached through the port it listens on: give it (--target-port)");
        // Shards (issue 22, item 4): which part of the selection this run is; the whole of it when unset.
        shard = source.optional("agents.shard").map(v -> {
            try {
                return io.agentsconformance.kit.shard.Shard.parse(v);
            } catch (IllegalArgumentException e) {
                throw new KitConfigException("agents.shard", e.getMessage() + "; or leave it unset to run the whole selection");
            }
        });

        require(targetUrl.isEmpty() || bundledArgs.isEmpty(), "agents.bundled.args",
                "options for the bundled reference server make no sense with agents.target.url: the kit does not"
                        + " start a server then; leave one of them unset");
        if (targetUrl.isPresent()) {
            require(token != null, "agents.target.token",
                    "the kit needs a bearer token of a first user of " + targetUrl.get());
            require(otherToken != null, "agents.target.other-token",
                    "the kit needs a bearer token of a second user, to check that users are isolated");
            require(standinPort != 0, "agents.standin.port",
                    "a target started outside the kit must already know where the model and tool stand-ins are:"
                            + " choose a port, and configure the target's model base URL as http://"
                            + standinHost + ":<port>/v1");
        }
        require(targetUrl.isPresent() || restartCommand.isEmpty(), "agents.target.restart-command",
                "the kit restarts the bundled reference server itself; a restart command is for a target given"
                        + " with agents.target.url: leave one of them unset");
        require(!token.equals(otherToken), "agents.target.other-token",
                "the two users must have different tokens");
    }

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /**
     * {@code K=V,K2=V2}: split only at a comma that starts another {@code NAME=}, so that a value may
     * hold commas ({@code AGENTS_USERS=ada:t1,grace:t2}).
     */
    private static Map<String, String> environment(String setting, String value) {
        Map<String, String> variables = new java.util.LinkedHashMap<>();
        for (String entry : value.split(",(?=\\s*[A-Za-z_][A-Za-z0-9_]*=)")) {
            int eq = entry.indexOf('=');
            String name = eq < 0 ? entry.trim() : entry.substring(0, eq).trim();
            require(eq > 0 && ENV_NAME.matcher(name).matches(), setting,
                    "'" + entry.trim() + "' is not NAME=VALUE (a variable for the target's container, e.g."
                            + " AGENTS_WORKERS=8)");
            variables.put(name, entry.substring(eq + 1));
        }
        return java.util.Collections.unmodifiableMap(variables);
    }

    /**
     * "none", "all", or a comma-separated list of the capabilities of spec/requirements.yaml.
     * "all" is every capability some case needs: what a buyer who requires the whole contract
     * claims on the target's behalf (spec/README.md, "What a verdict claims").
     */
    private static java.util.List<String> capabilities(String name, String value) {
        if (value.trim().equalsIgnoreCase("none")) {
            return java.util.List.of();
        }
        var registry = io.agentsconformance.kit.requirements.Requirements.packaged();
        if (value.trim().equalsIgnoreCase("all")) {
            return registry.capabilitiesWithCases();
        }
        java.util.Set<String> known = registry.capabilities();
        java.util.List<String> listed = new java.util.ArrayList<>();
        for (String part : value.split(",")) {
            String capability = part.trim();
            if (!known.contains(capability)) {
                throw new KitConfigException(name, "'" + capability + "' is not a capability of the contract; use"
                        + " 'none', 'all' or a comma-separated list of " + String.join(", ", known));
            }
            listed.add(capability);
        }
        return java.util.List.copyOf(listed);
    }

    private static KitConfig loaded;

    /** The configuration of this run, read from system properties and the environment on first use. */
    public static synchronized KitConfig load() {
        if (loaded == null) {
            loaded = new KitConfig(new Source(System.getProperties()::getProperty, System.getenv()));
        }
        return loaded;
    }

    /** Reads the configuration from explicit values (tests of the kit itself). */
    public static KitConfig from(Map<String, String> properties, Map<String, String> environment) {
        return new KitConfig(new Source(properties::get, environment));
    }

    /** Whether the kit starts the bundled reference server itself. */
    public boolean startsBundledServer() {
        return targetUrl.isEmpty() && targetImage.isEmpty();
    }

    /** The container image to start as the target (agents.target.image), if given. */
    public Optional<String> targetImage() {
        return targetImage;
    }

    /** Variables for the target's container beyond those the contract names; they win over the kit's. */
    public Map<String, String> targetEnv() {
        return targetEnv;
    }

    /** The port the target's container listens on; 0: a free port the kit chooses and tells it. */
    public int targetPort() {
        return targetPort;
    }

    public TargetNetwork targetNetwork() {
        return targetNetwork;
    }

    public Optional<URI> targetUrl() {
        return targetUrl;
    }

    /** The stream URL configured, if any; otherwise it is derived from the target's URL. */
    public Optional<URI> streamUrl() {
        return Optional.ofNullable(streamUrl);
    }

    public String token() {
        return token;
    }

    public String otherToken() {
        return otherToken;
    }

    public String targetName() {
        return targetName;
    }

    public Level level() {
        return level;
    }

    public boolean strict() {
        return level == Level.STRICT;
    }

    public String standinBindAddress() {
        return standinBindAddress;
    }

    public String standinHost() {
        return standinHost;
    }

    public int standinPort() {
        return standinPort;
    }

    /** The port of the tool that never answers and sees its caller hang up (0: any free port). */
    public int standinWitnessPort() {
        return standinWitnessPort;
    }

    public Duration httpTimeout() {
        return httpTimeout;
    }

    public Duration runTimeout() {
        return runTimeout;
    }

    public Duration streamTimeout() {
        return streamTimeout;
    }

    public Duration startupTimeout() {
        return startupTimeout;
    }

    /**
     * How long the kit watches for something that must not happen (a model call for a cancelled
     * run): absence cannot be awaited, only observed for a while.
     */
    public Duration quietPeriod() {
        return quietPeriod;
    }

    public Path bundledJar() {
        return bundledJar;
    }

    /** The capabilities to assume instead of those the target declares, when given. */
    public Optional<java.util.List<String>> capabilities() {
        return capabilities;
    }

    /** The known-failures baseline, when given. */
    public Optional<Path> baseline() {
        return baseline;
    }

    /**
     * The name of the set-up that builds each scenario's projects, profiles, workflows and context
     * items on the target: {@code fixture-api} (the contract's fixture API) unless a vendor's
     * adapter is named (setup.TargetSetUp).
     */
    public String setUp() {
        return setUp;
    }

    /** The load sizes and time budgets of the CONC and PERF cases. */
    public Load workload() {
        return load;
    }

    /** The threads of the kit's concurrent client (agents.load.threads). */
    public int loadThreads() {
        return load.threads();
    }

    /** k of spec/README.md "Load and time budgets": how many bare round trips a request or call may cost. */
    public int budgetFloorScale() {
        return load.floorScale();
    }

    /** A of spec/README.md "Load and time budgets": the fixed allowance of every time budget. */
    public Duration budgetAllowance() {
        return load.allowance();
    }

    public Path bundledLog() {
        return bundledLog;
    }

    /**
     * Extra command-line options for the bundled reference server, e.g. {@code --alternatives all}
     * to run the suite against the answers the contract allows beside the preferred ones.
     */
    public java.util.List<String> bundledArgs() {
        return bundledArgs;
    }

    /** The base of the report's links to spec/ files (ends with a slash); "../spec/" by default. */
    public String reportLinkBase() {
        return reportLinkBase;
    }

    /** Whether the kit jar renders the HTML report at the end of a run (the Maven build always does). */
    public boolean htmlReport() {
        return htmlReport;
    }

    public Path reportsDir() {
        return reportsDir;
    }

    /** Another edition of the contract to check answers against; empty: the one the kit jar carries. */
    /**
     * The shell command that restarts a target given by URL (OPS-02): run with {@code sh -c}, it
     * returns once the target was restarted; the kit then waits for its readiness.
     */
    public Optional<String> restartCommand() {
        return restartCommand;
    }

    public Optional<Path> contract() {
        return contract;
    }

    /** Shards (issue 22, item 4): the part of the selection this run is, when the run is one of several. */
    public Optional<io.agentsconformance.kit.shard.Shard> shard() {
        return shard;
    }

    @Override
    public String toString() {
        return "target=" + targetUrl.map(URI::toString)
                .or(() -> targetImage.map(image -> "image " + image + " (" + targetNetwork.name().toLowerCase(Locale.ROOT)
                        + " network" + (targetEnv.isEmpty() ? "" : ", env " + String.join(",", targetEnv.keySet())) + ")"))
                .orElse("bundled reference server (" + bundledJar
                        + (bundledArgs.isEmpty() ? "" : " " + String.join(" ", bundledArgs)) + ")")
                + ", level=" + level.name().toLowerCase(Locale.ROOT)
                + ", set-up=" + setUp
                + shard.map(part -> ", shard=" + part).orElse("")
                + ", stand-ins reachable by the target at " + standinHost + ":" + (standinPort == 0 ? "<any free port>" : standinPort)
                + ", timeouts http=" + httpTimeout.toMillis() + "ms run=" + runTimeout.toMillis() + "ms stream="
                + streamTimeout.toMillis() + "ms quiet-period=" + quietPeriod.toMillis() + "ms";
    }

    /** A setting has a name like {@code agents.target.url} and the environment variable AGENTS_TARGET_URL. */
    public static String environmentName(String property) {
        return property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static final class Source {
        private final Function<String, String> properties;
        private final Map<String, String> environment;

        Source(Function<String, String> properties, Map<String, String> environment) {
            this.properties = properties;
            this.environment = environment;
        }

        Optional<String> optional(String name) {
            String value = properties.apply(name);
            if (value == null || value.isBlank()) {
                value = environment.get(environmentName(name));
            }
            return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
        }

        <T> T value(String name, String fallback, Function<String, T> parse) {
            return parse.apply(optional(name).orElse(fallback));
        }
    }

    private static void require(boolean condition, String setting, String why) {
        if (!condition) {
            throw new KitConfigException(setting, why);
        }
    }

    private static URI httpUrl(String setting, String value) {
        URI uri = uri(setting, value);
        require("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()), setting,
                "'" + value + "' is not an http(s) URL, e.g. http://localhost:8080");
        return uri;
    }

    private static URI wsUrl(String setting, String value) {
        URI uri = uri(setting, value);
        require("ws".equals(uri.getScheme()) || "wss".equals(uri.getScheme()), setting,
                "'" + value + "' is not a ws(s) URL, e.g. ws://localhost:8080");
        return uri;
    }

    private static URI uri(String setting, String value) {
        try {
            URI uri = URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
            require(uri.getHost() != null, setting, "'" + value + "' has no host");
            return uri;
        } catch (IllegalArgumentException e) {
            throw new KitConfigException(setting, "'" + value + "' is not a URL: " + e.getMessage());
        }
    }

    private static boolean yesOrNo(String setting, String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new KitConfigException(setting, "'" + value + "' is neither true nor false");
        };
    }

    private static int port(String setting, String value) {
        try {
            int port = Integer.parseInt(value);
            require(port >= 0 && port <= 65535, setting, "'" + value + "' is not a port (0-65535; 0 = any free port)");
            return port;
        } catch (NumberFormatException e) {
            throw new KitConfigException(setting, "'" + value + "' is not a port number");
        }
    }

    private static int count(String setting, String value, int min, int max, String why) {
        try {
            int n = Integer.parseInt(value.trim());
            require(n >= min && n <= max, setting, "'" + value + "' is not from " + min + " to " + max
                    + (why.isEmpty() ? "" : " (" + why + ")"));
            return n;
        } catch (NumberFormatException e) {
            throw new KitConfigException(setting, "'" + value + "' is not a whole number");
        }
    }

    private static long seed(String setting, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new KitConfigException(setting, "'" + value + "' is not a seed; give the whole number a report printed");
        }
    }

    private static double ratio(String setting, String value) {
        try {
            double r = Double.parseDouble(value.trim());
            require(r >= 1 && r <= 1000, setting, "'" + value + "' is not a ratio from 1 to 1000 (p95 over p50)");
            return r;
        } catch (NumberFormatException e) {
            throw new KitConfigException(setting, "'" + value + "' is not a number, e.g. 2 or 2.5");
        }
    }

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m)");

    /** Durations are written as 500ms, 10s or 2m. */
    static Duration duration(String setting, String value) {
        Matcher m = DURATION.matcher(value.trim().toLowerCase(Locale.ROOT));
        require(m.matches(), setting, "'" + value + "' is not a duration; write it like 500ms, 10s or 2m");
        long amount = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            default -> Duration.ofMinutes(amount);
        };
        require(!d.isZero(), setting, "a timeout of zero would fail every scenario");
        return d;
    }

    private static <E extends Enum<E>> E enumValue(String setting, String value, Class<E> type) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new KitConfigException(setting, "'" + value + "' is not one of "
                    + java.util.Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT));
        }
    }
}

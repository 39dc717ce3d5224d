package io.agentsconformance.server;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The reference server's settings. Each comes from a command-line option or, failing that, from an
 * environment variable, or else has a default that suits a local conformance run.
 */
public record ServerConfig(
        String host,
        int port,
        Path dataDir,
        String modelBaseUrl,
        String modelApiKey,
        Map<String, String> usersByToken,
        int workers,
        Path portFile,
        Set<Alternative> alternatives,
        int maxRequestBytes,
        int streamBuffer,
        boolean streamModelAnswers,
        int uploadTimeoutMs,
        int maxUploads,
        boolean runaway) {

    /** Where the standalone server keeps its data unless told otherwise (relative to the working directory). */
    public static final String DEFAULT_DATA_DIR = "./agents-data";
    /** The --data-dir value for a database that is not kept: a temporary directory, deleted at stop. */
    public static final String TEMPORARY_DATA_DIR = ":temp:";
    /** The contract's request body limit, and the most a server may declare (spec/openapi.yaml, Health). */
    public static final int MAX_REQUEST_BYTES = 1_048_576;
    static final int LOWEST_REQUEST_BYTES = 65_536;

    private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    /** Thrown for a bad option; its message names the option and says how to fix it. */
    public static final class InvalidOption extends RuntimeException {
        InvalidOption(String message) {
            super(message);
        }
    }

    private enum Option {
        PORT("--port", "AGENTS_PORT", "8080", "port to listen on; 0 picks a free one"),
        HOST("--host", "AGENTS_HOST", "127.0.0.1", "interface to bind"),
        DATA_DIR("--data-dir", "AGENTS_DATA_DIR", DEFAULT_DATA_DIR,
                "directory of the database (agents.db, SQLite); " + TEMPORARY_DATA_DIR
                        + " for a temporary one deleted at stop"),
        MODEL_BASE_URL("--model-base-url", "AGENTS_MODEL_BASE_URL", "http://127.0.0.1:4010/v1",
                "OpenAI-compatible base URL; the server POSTs {base}/chat/completions"),
        MODEL_API_KEY("--model-api-key", "AGENTS_MODEL_API_KEY", "not-needed", "sent as Authorization: Bearer <key>"),
        USERS("--users", "AGENTS_USERS", "ada:ada-secret-token,grace:grace-secret-token",
                "comma-separated name:token pairs, at least one"),
        WORKERS("--workers", "AGENTS_WORKERS", "64", "threads that execute workflow nodes (1..1024)"),
        PORT_FILE("--port-file", "AGENTS_PORT_FILE", null, "file to write the bound port to once listening"),
        ALTERNATIVES("--alternatives", "AGENTS_ALTERNATIVES", "none",
                "answers the contract allows beside the preferred ones: none, all, or a list of "
                        + Alternative.names()),
        MAX_REQUEST_BYTES_OPTION("--max-request-bytes", "AGENTS_MAX_REQUEST_BYTES", Integer.toString(1_048_576),
                "largest request body accepted (declared in /api/health), 65536..1048576"),
        STREAM_BUFFER("--stream-buffer", "AGENTS_STREAM_BUFFER", "10000",
                "events a stream subscriber may fall behind before it is closed with 4408 (16..1000000)"),
        MODEL_STREAMING("--model-streaming", "AGENTS_MODEL_STREAMING", "off",
                "on: ask the model for streamed answers (stream: true, chunks joined as they come); off: whole answers"),
        UPLOAD_TIMEOUT("--upload-timeout", "AGENTS_UPLOAD_TIMEOUT", "10000",
                "milliseconds a request body may take to arrive; a slower one is cut off (1000..600000)"),
        MAX_UPLOADS("--max-uploads", "AGENTS_MAX_UPLOADS", "64",
                "request bodies read at once; one more is answered 429 with Retry-After (1..10000)"),
        MISBEHAVE("--misbehave", "AGENTS_MISBEHAVE", "none",
                "none, or runaway: break the contract on purpose, for the kit's own tests; runaway ignores maxModelCalls,"
                        + " maxAttempts, backoff and Retry-After, so a run calls its model without end");

        final String flag;
        final String env;
        final String defaultValue;
        final String help;

        Option(String flag, String env, String defaultValue, String help) {
            this.flag = flag;
            this.env = env;
            this.defaultValue = defaultValue;
            this.help = help;
        }
    }

    public ServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(modelBaseUrl, "modelBaseUrl");
        Objects.requireNonNull(modelApiKey, "modelApiKey");
        usersByToken = Map.copyOf(usersByToken);
        alternatives = alternatives.isEmpty() ? Set.of() : java.util.Collections.unmodifiableSet(java.util.EnumSet.copyOf(alternatives));
    }

    public boolean has(Alternative alternative) {
        return alternatives.contains(alternative);
    }

    /**
     * Defaults for an in-process server: any free port, a temporary database (unless
     * {@code moreOptions} give a {@code --data-dir}) and the given model.
     */
    public static ServerConfig forTests(String modelBaseUrl, String... moreOptions) {
        List<String> args = new java.util.ArrayList<>(
                List.of("--port", "0", "--data-dir", TEMPORARY_DATA_DIR, "--model-base-url", modelBaseUrl));
        args.addAll(List.of(moreOptions));
        return parse(args, Map.of());
    }

    public static String usage() {
        StringBuilder text = new StringBuilder("Usage: java -jar reference-server.jar [options]\n\n"
                + "The reference agent orchestrator of the Agents Conformance Kit.\n\n"
                + "Options (environment variable in brackets):\n");
        for (Option option : Option.values()) {
            text.append(String.format("  %-22s %s [%s]%s%n", option.flag + " <value>", option.help, option.env,
                    option.defaultValue == null ? "" : " (default: " + option.defaultValue + ")"));
        }
        text.append(String.format("  %-22s %s%n", "--help", "print this text"));
        text.append("\nAlternatives (--alternatives):\n");
        for (Alternative alternative : Alternative.values()) {
            text.append(String.format("  %-24s %s%n", alternative.wireName, alternative.help));
        }
        return text.toString();
    }

    /** Command-line options win over environment variables, which win over defaults. */
    public static ServerConfig parse(List<String> args, Map<String, String> env) {
        Map<Option, String> values = new LinkedHashMap<>();
        for (Option option : Option.values()) {
            String fromEnv = env.get(option.env);
            values.put(option, fromEnv != null && !fromEnv.isBlank() ? fromEnv.trim() : option.defaultValue);
        }
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String flag = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                flag = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            Option option = optionFor(flag);
            if (value == null) {
                if (i + 1 >= args.size()) {
                    throw new InvalidOption(flag + " needs a value: " + option.flag + " <value> (" + option.help + ")");
                }
                value = args.get(++i);
            }
            values.put(option, value.trim());
        }
        return new ServerConfig(
                nonBlank(values, Option.HOST),
                intIn(values, Option.PORT, 0, 65535),
                dataDir(values),
                httpUrl(values),
                nonBlank(values, Option.MODEL_API_KEY),
                users(values),
                intIn(values, Option.WORKERS, 1, 1024),
                values.get(Option.PORT_FILE) == null ? null : Path.of(nonBlank(values, Option.PORT_FILE)),
                Alternative.parse(values.get(Option.ALTERNATIVES)),
                intIn(values, Option.MAX_REQUEST_BYTES_OPTION, LOWEST_REQUEST_BYTES, MAX_REQUEST_BYTES),
                intIn(values, Option.STREAM_BUFFER, 16, 1_000_000),
                onOff(values, Option.MODEL_STREAMING),
                intIn(values, Option.UPLOAD_TIMEOUT, 1000, 600_000),
                intIn(values, Option.MAX_UPLOADS, 1, 10_000),
                misbehaviour(values));
    }

    private static boolean misbehaviour(Map<Option, String> values) {
        return switch (nonBlank(values, Option.MISBEHAVE)) {
            case "none" -> false;
            case "runaway" -> true;
            default -> throw new InvalidOption(Option.MISBEHAVE.flag + " must be none or runaway, not '"
                    + values.get(Option.MISBEHAVE) + "'");
        };
    }

    private static Option optionFor(String flag) {
        for (Option option : Option.values()) {
            if (option.flag.equals(flag)) {
                return option;
            }
        }
        throw new InvalidOption("unknown option " + flag + "; run with --help to list the options");
    }

    private static String nonBlank(Map<Option, String> values, Option option) {
        String value = values.get(option);
        if (value == null || value.isBlank()) {
            throw new InvalidOption(option.flag + " must not be empty (" + option.help + ")");
        }
        return value;
    }

    private static int intIn(Map<Option, String> values, Option option, int min, int max) {
        String value = nonBlank(values, option);
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException notANumber) {
            // reported below with the accepted range
        }
        throw new InvalidOption(option.flag + " (or " + option.env + ") is '" + value + "': give an integer from "
                + min + " to " + max);
    }

    private static boolean onOff(Map<Option, String> values, Option option) {
        String value = nonBlank(values, option);
        return switch (value) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new InvalidOption(option.flag + " (or " + option.env + ") is '" + value + "': give on or off");
        };
    }

    /** null: a temporary database. */
    private static Path dataDir(Map<Option, String> values) {
        String dir = nonBlank(values, Option.DATA_DIR);
        if (dir.equals(TEMPORARY_DATA_DIR)) {
            return null;
        }
        try {
            return Path.of(dir);
        } catch (java.nio.file.InvalidPathException invalid) {
            throw new InvalidOption(Option.DATA_DIR.flag + " is '" + dir + "': give a directory path, or "
                    + TEMPORARY_DATA_DIR + " for a database that is not kept");
        }
    }

    private static String httpUrl(Map<Option, String> values) {
        String url = nonBlank(values, Option.MODEL_BASE_URL);
        try {
            URI uri = new URI(url);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
            }
        } catch (java.net.URISyntaxException malformed) {
            // reported below
        }
        throw new InvalidOption(Option.MODEL_BASE_URL.flag + " is '" + url
                + "': give an absolute http(s) URL such as http://127.0.0.1:4010/v1");
    }

    private static Map<String, String> users(Map<Option, String> values) {
        String spec = nonBlank(values, Option.USERS);
        Map<String, String> byToken = new LinkedHashMap<>();
        for (String pair : spec.split(",")) {
            String[] parts = pair.trim().split(":", 2);
            if (parts.length != 2 || !USER_NAME.matcher(parts[0]).matches() || parts[1].isBlank()
                    || parts[1].chars().anyMatch(Character::isWhitespace)) {
                throw new InvalidOption(Option.USERS.flag + " has '" + pair.trim()
                        + "': give name:token pairs separated by commas, "
                        + "e.g. ada:ada-secret-token,grace:grace-secret-token");
            }
            if (byToken.put(parts[1], parts[0]) != null) {
                throw new InvalidOption(Option.USERS.flag + " gives the token of '" + parts[0]
                        + "' to another user too: every user needs a token of their own");
            }
        }
        return byToken;
    }
}

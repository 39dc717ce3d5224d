import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks that the suite's checks can fail: for each deliberately broken reference server listed in
 * dev/mutants.txt, the scenarios tagged with its case must fail, with a message naming the case.
 *
 * <pre>
 * mvn -B package -DskipTests        # once: builds the reference server and the kit
 * java dev/CheckMutants.java        # every mutant (about 30-60 s each)
 * java dev/CheckMutants.java API-3.2 WF-01
 * </pre>
 *
 * Each mutant is applied to the source, the jar is rebuilt, only its case's scenarios run (reports
 * go to target/mutants/, not reports/), and the source is restored, whatever happens. A mutant
 * whose scenarios pass is a check that cannot fail: a defect of the suite.
 */
public class CheckMutants {

    /**
     * {@code test}, when given, names the reference server's own test that must catch the mutant;
     * {@code after}, when given, is a text that occurs once in the file, and the mutant changes
     * the first {@code find} after it (for a line that occurs in several methods); {@code args},
     * when given, are the bundled server's extra options for the run (e.g. --model-streaming on).
     */
    record Mutant(String caseId, String why, Path file, String find, String replace, String test, String after,
            String args) { }

    record Verdict(Mutant mutant, boolean caught, String evidence) { }

    public static void main(String[] args) throws Exception {
        Path root = Path.of("").toAbsolutePath();
        if (!Files.exists(root.resolve("kit-pom.xml"))) {
            throw new IllegalStateException("run from the repository root: java dev/CheckMutants.java");
        }
        Set<String> only = Set.of(args);
        List<Mutant> mutants = parse(root, Files.readString(root.resolve("dev/mutants.txt")));
        List<Verdict> verdicts = new ArrayList<>();
        for (Mutant mutant : mutants) {
            if (only.isEmpty() || only.contains(mutant.caseId())) {
                verdicts.add(check(root, mutant));
            }
        }
        System.out.println("\nRebuilding the unbroken reference server...");
        run(root, List.of("mvn", "-B", "-q", "-f", "reference-server/pom.xml", "package", "-DskipTests"), null);

        System.out.println("\n| case | broken how | caught | failure message |");
        System.out.println("|---|---|---|---|");
        for (Verdict v : verdicts) {
            System.out.println("| " + v.mutant().caseId() + " | " + v.mutant().why() + " | "
                    + (v.caught() ? "yes" : "**NO**") + " | " + v.evidence().replace("|", "\\|") + " |");
        }
        long missed = verdicts.stream().filter(v -> !v.caught()).count();
        System.out.println("\n" + (verdicts.size() - missed) + " of " + verdicts.size() + " mutants caught.");
        System.exit(missed == 0 ? 0 : 1);
    }

    static Verdict check(Path root, Mutant mutant) throws Exception {
        System.out.println("\n== " + mutant.caseId() + ": " + mutant.why());
        String original = Files.readString(mutant.file(), StandardCharsets.UTF_8);
        int anchor = mutant.after() == null ? 0 : original.indexOf(mutant.after());
        if (anchor < 0 || mutant.after() != null && original.indexOf(mutant.after(), anchor + 1) >= 0) {
            return new Verdict(mutant, false, "mutant does not apply: '" + mutant.after() + "' is not in "
                    + root.relativize(mutant.file()) + " exactly once");
        }
        int at = original.indexOf(mutant.find(), anchor);
        if (at < 0 || mutant.after() == null && original.indexOf(mutant.find(), at + 1) >= 0) {
            return new Verdict(mutant, false, "mutant does not apply: '" + mutant.find() + "' is not in "
                    + root.relativize(mutant.file()) + (mutant.after() == null ? " exactly once" : " after '" + mutant.after() + "'"));
        }
        Path out = root.resolve("target/mutants").resolve(mutant.caseId());
        Files.createDirectories(out);
        try {
            String broken = original.substring(0, at) + mutant.replace() + original.substring(at + mutant.find().length());
            Files.writeString(mutant.file(), broken, StandardCharsets.UTF_8);
            int built = run(root, List.of("mvn", "-B", "-q", "-f", "reference-server/pom.xml", "package", "-DskipTests"),
                    out.resolve("build.log"));
            if (built != 0) {
                return new Verdict(mutant, false, "mutant does not compile; see " + root.relativize(out.resolve("build.log")));
            }
            if (mutant.test() != null) {
                // A guarantee the black box can only provoke, never force (an interleaving inside
                // the server): the server's own test forces it, and must fail naming the case.
                Path log = out.resolve("unit.log");
                run(root, List.of("mvn", "-B", "-q", "-f", "reference-server/pom.xml", "surefire:test",
                        "-Dtest=" + mutant.test(), "-Dsurefire.failIfNoSpecifiedTests=false"), log);
                return judge(mutant, out.resolve("none.xml"), log);
            }
            Path junit = out.resolve("cucumber.xml");
            Files.deleteIfExists(junit);
            run(root, List.of("mvn", "-B", "-q", "-f", "kit-pom.xml", "failsafe:integration-test",
                    "-Dcucumber.filter.tags=@" + mutant.caseId(),
                    "-Dcucumber.plugin=summary, junit:" + junit,
                    "-Dallure.results.directory=" + out.resolve("allure-results"),
                    "-Dagents.reports.dir=" + out,
                    // 10 s unless told otherwise: on a machine busy with other builds the server may need longer.
                    "-Dagents.timeout.startup=" + System.getProperty("agents.timeout.startup", "10s"),
                    "-Dagents.bundled.args=" + (mutant.args() == null ? "" : mutant.args()),
                    // The kit's default. EDGE-1's run of 1001 steps takes about 10 s on a busy 2-core
                    // machine: with a shorter bound the unbroken server fails it too, and any EDGE-1
                    // mutant would be "caught" by a timeout that proves nothing.
                    "-Dagents.timeout.run=30s"), out.resolve("suite.log"));
            return judge(mutant, junit, out.resolve("suite.log"));
        } finally {
            Files.writeString(mutant.file(), original, StandardCharsets.UTF_8);
        }
    }

    /** Caught: at least one scenario failed, and a failure message names the case. */
    static Verdict judge(Mutant mutant, Path junit, Path log) throws IOException {
        String xml = Files.exists(junit) ? Files.readString(junit) : "";
        String text = xml + "\n" + Files.readString(log);
        boolean failed = Pattern.compile("(failures|errors)=\"[1-9]").matcher(xml).find()
                || text.contains("BUILD FAILURE") || text.contains("Tests run:") && !text.contains("Failures: 0, Errors: 0");
        // Scenario checks say "[API-3.2] ..."; the readiness wait before any scenario says "(OPS-01)".
        // In the XML a message sits in an attribute (a raw quote ends it); in the log it ends with the line.
        // A scenario with several cases names them all: "[API-10.1, WS-01, WS-02] ...".
        String caseRef = "(?:\\[(?:[A-Z]+-[0-9.]+, )*|\\()" + Pattern.quote(mutant.caseId()) + "[\\]),]";
        Matcher named = Pattern.compile(caseRef + "[^\\n\"]*").matcher(xml);
        if (!named.find()) {
            named = Pattern.compile(caseRef + "[^\\n]*").matcher(Files.readString(log));
            named = named.find() ? named : null;
        }
        if (failed && named != null) {
            String line = unescape(named.group());
            return new Verdict(mutant, true, line.length() > 220 ? line.substring(0, 220) + "..." : line);
        }
        return new Verdict(mutant, false, failed ? "failed, but no message names " + mutant.caseId() : "its scenarios passed");
    }

    static String unescape(String xml) {
        return xml.replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&#10;", " ").replace("&amp;", "&");
    }

    static int run(Path root, List<String> command, Path log) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
        if (log != null) {
            builder.redirectOutput(log.toFile());
        } else {
            builder.inheritIO();
        }
        Process process = builder.start();
        if (!process.waitFor(15, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("timed out: " + command);
        }
        return process.exitValue();
    }

    static List<Mutant> parse(Path root, String text) {
        List<Mutant> mutants = new ArrayList<>();
        for (String block : text.split("\\n\\s*\\n")) {
            Map<String, String> fields = new LinkedHashMap<>();
            for (String line : block.lines().toList()) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                int colon = line.indexOf(": ");
                fields.put(line.substring(0, colon).trim(), line.substring(colon + 2));
            }
            if (!fields.isEmpty()) {
                mutants.add(new Mutant(fields.get("case"), fields.get("why"), root.resolve(fields.get("file")),
                        fields.get("find"), fields.get("replace"), fields.get("test"), fields.get("after"), fields.get("args")));
            }
        }
        return mutants;
    }
}

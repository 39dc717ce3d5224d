package io.agentsconformance.kit.shard;

import io.agentsconformance.kit.report.RunFacts;
import io.agentsconformance.kit.report.RunRecord;
import io.agentsconformance.kit.requirements.Declaration;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What {@code merge} does with the report directories of a sharded run, apart from scoring:
 * checking that the shards add up to one whole selection, each scenario judged exactly once,
 * and combining their records, Allure results and JUnit XML. A problem is refused, never patched
 * over: a merged verdict must be the one a single run would have given.
 */
public final class Merge {

    /** The shards do not add up to one run; the message says what is wrong. */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    private Merge() {
    }

    /** Reads each directory's record, refusing a directory that has none. */
    public static List<RunRecord> read(List<Path> dirs) throws Refused {
        List<RunRecord> records = new ArrayList<>();
        for (Path dir : dirs) {
            if (!Files.isRegularFile(dir.resolve(RunRecord.FILE))) {
                throw new Refused(dir + " has no " + RunRecord.FILE + ": give the --report-dir of each shard's run");
            }
            try {
                records.add(RunRecord.read(dir));
            } catch (IOException e) {
                throw new Refused(dir.resolve(RunRecord.FILE) + " cannot be read: " + e.getMessage());
            }
        }
        return records;
    }

    /**
     * One record of the whole selection from the records of its shards. Refused unless they are
     * shards 1..N of one N, of the same selection, target, level, declaration and contract, with
     * every scenario of the selection judged once.
     */
    public static RunRecord combine(List<Path> dirs, List<RunRecord> shards) throws Refused {
        if (shards.isEmpty()) {
            throw new Refused("no report directory to merge");
        }
        RunRecord first = shards.get(0);
        Map<Integer, Path> seen = new TreeMap<>();
        Integer count = null;
        for (int i = 0; i < shards.size(); i++) {
            RunRecord shard = shards.get(i);
            Path dir = dirs.get(i);
            if (shard.shard() == null) {
                throw new Refused(dir + " is a whole run, not a shard (it was not run with --shard I/N)");
            }
            Shard part = Shard.parse(shard.shard());
            if (count != null && part.count() != count) {
                throw new Refused(dir + " is shard " + part + ", but " + dirs.get(0) + " is shard " + first.shard()
                        + ": shards of different splits");
            }
            count = part.count();
            Path earlier = seen.put(part.index(), dir);
            if (earlier != null) {
                throw new Refused(earlier + " and " + dir + " are both shard " + part);
            }
            same(dir, "the tag expression (--tags)", first.tags(), shard.tags());
            same(dir, "the number of scenarios selected", first.selected(), shard.selected());
            same(dir, "the target", first.facts().targetName(), shard.facts().targetName());
            same(dir, "the level", first.facts().level(), shard.facts().level());
            same(dir, "the contract the kit checks", first.kitContractVersion(), shard.kitContractVersion());
            same(dir, "the target's contract version", first.declaration().contractVersion(),
                    shard.declaration().contractVersion());
            same(dir, "the capabilities", first.declaration().capabilities(), shard.declaration().capabilities());
        }
        List<String> missing = new ArrayList<>();
        for (int index = 1; index <= count; index++) {
            if (!seen.containsKey(index)) {
                missing.add(index + "/" + count);
            }
        }
        if (!missing.isEmpty()) {
            throw new Refused("shard" + (missing.size() == 1 ? " " : "s ") + String.join(", ", missing)
                    + (missing.size() == 1 ? " is" : " are") + " missing: every shard of the split must be merged");
        }
        Map<String, Path> judgedIn = new HashMap<>();
        List<RunRecord.ScenarioRecord> scenarios = new ArrayList<>();
        for (int i = 0; i < shards.size(); i++) {
            for (RunRecord.ScenarioRecord scenario : shards.get(i).scenarios()) {
                Path earlier = judgedIn.put(scenario.key(), dirs.get(i));
                if (earlier != null) {
                    throw new Refused("the scenario '" + scenario.name() + "' (" + scenario.key() + ") was judged in "
                            + earlier + " and again in " + dirs.get(i) + ": shards of one split never overlap");
                }
                scenarios.add(scenario);
            }
        }
        if (first.selected() != null && scenarios.size() != first.selected()) {
            throw new Refused("the shards judged " + scenarios.size() + " scenarios of the " + first.selected()
                    + " selected: a shard's run did not finish (see its kit.log)");
        }
        scenarios.sort(Comparator.comparing(RunRecord.ScenarioRecord::key));
        Set<String> urls = new LinkedHashSet<>();
        shards.forEach(s -> {
            if (s.facts().targetUrl() != null) {
                urls.add(s.facts().targetUrl());
            }
        });
        // Shards against the bundled server each start one, on a port of their own.
        RunFacts facts = new RunFacts(first.facts().targetName(), urls.isEmpty() ? null : String.join(", ", urls),
                first.facts().level());
        Declaration declaration = first.declaration();
        return new RunRecord(first.kitContractVersion(), facts, declaration, first.tags(), first.selected(), null,
                List.copyOf(scenarios));
    }

    private static void same(Path dir, String what, Object expected, Object actual) throws Refused {
        if (!java.util.Objects.equals(expected, actual)) {
            throw new Refused(dir + " differs in " + what + ": " + actual + " where the first shard has " + expected);
        }
    }

    /**
     * Copies the shards' Allure results into {@code into}: every result, container and
     * attachment (their names are UUIDs); not their environment, categories or history, which
     * the merged run writes once.
     */
    public static void copyAllureResults(List<Path> dirs, Path into) throws IOException, Refused {
        Files.createDirectories(into);
        for (Path dir : dirs) {
            Path results = dir.resolve("allure-results");
            if (!Files.isDirectory(results)) {
                throw new Refused(dir + " has no allure-results/");
            }
            try (Stream<Path> files = Files.list(results)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    String name = file.getFileName().toString();
                    if (name.equals("environment.properties") || name.equals("categories.json")) {
                        continue;
                    }
                    Path target = into.resolve(name);
                    if (Files.exists(target)) {
                        throw new Refused("two shards have an Allure file named " + name);
                    }
                    Files.copy(file, target);
                }
            }
        }
    }

    /** The first shard's description of the run for the report's environment panel, less its verdict lines. */
    public static void copyEnvironment(Path firstDir, Path into, int shards) throws IOException {
        Path environment = firstDir.resolve("allure-results/environment.properties");
        String lines = Files.isRegularFile(environment) ? Files.readString(environment, StandardCharsets.UTF_8) : "";
        StringBuilder kept = new StringBuilder();
        lines.lines().filter(line -> !line.startsWith("Target.URL=") && !line.startsWith("Stream.URL=")
                        && !line.startsWith("Model.stand-in="))
                .forEach(line -> kept.append(line).append('\n'));
        kept.append("Shards=").append(shards).append(", merged\n");
        Files.createDirectories(into);
        Files.writeString(into.resolve("environment.properties"), kept.toString(), StandardCharsets.UTF_8);
    }

    /**
     * One JUnit XML of every shard's test cases, with the counts and time summed (the time is
     * the scenarios' own, as in a single run's file).
     */
    public static void mergeJUnit(List<Path> dirs, Path into) throws IOException, Refused {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document merged = factory.newDocumentBuilder().newDocument();
            Element suite = merged.createElement("testsuite");
            merged.appendChild(suite);
            long tests = 0;
            long skipped = 0;
            long failures = 0;
            long errors = 0;
            BigDecimal time = BigDecimal.ZERO;
            String name = "Cucumber";
            String timestamp = null;
            for (Path dir : dirs) {
                Path file = dir.resolve("junit/cucumber.xml");
                if (!Files.isRegularFile(file)) {
                    throw new Refused(dir + " has no junit/cucumber.xml");
                }
                Element shard = factory.newDocumentBuilder().parse(file.toFile()).getDocumentElement();
                name = shard.getAttribute("name").isEmpty() ? name : shard.getAttribute("name");
                if (timestamp == null && !shard.getAttribute("timestamp").isEmpty()) {
                    timestamp = shard.getAttribute("timestamp");
                }
                tests += number(shard, "tests");
                skipped += number(shard, "skipped");
                failures += number(shard, "failures");
                errors += number(shard, "errors");
                time = time.add(shard.getAttribute("time").isEmpty() ? BigDecimal.ZERO : new BigDecimal(shard.getAttribute("time")));
                for (Node child = shard.getFirstChild(); child != null; child = child.getNextSibling()) {
                    if (child.getNodeType() == Node.ELEMENT_NODE) {
                        suite.appendChild(merged.importNode(child, true));
                    }
                }
            }
            suite.setAttribute("name", name);
            suite.setAttribute("time", time.toPlainString());
            suite.setAttribute("tests", String.valueOf(tests));
            suite.setAttribute("skipped", String.valueOf(skipped));
            suite.setAttribute("failures", String.valueOf(failures));
            suite.setAttribute("errors", String.valueOf(errors));
            if (timestamp != null) {
                suite.setAttribute("timestamp", timestamp);
            }
            Files.createDirectories(into.getParent());
            var transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            transformer.setOutputProperty(OutputKeys.CDATA_SECTION_ELEMENTS, "system-out system-err");
            transformer.transform(new DOMSource(merged), new StreamResult(into.toFile()));
        } catch (javax.xml.parsers.ParserConfigurationException | org.xml.sax.SAXException
                 | javax.xml.transform.TransformerException e) {
            throw new Refused("cannot merge the shards' JUnit XML: " + e.getMessage());
        }
    }

    private static long number(Element element, String attribute) {
        String value = element.getAttribute(attribute);
        return value.isEmpty() ? 0 : Long.parseLong(value);
    }

    /** Refuses to write the merged report into (or over) a shard's own directory. */
    public static void checkApart(List<Path> dirs, Path out) throws Refused {
        Path merged = out.toAbsolutePath().normalize();
        for (Path dir : dirs) {
            Path shard = dir.toAbsolutePath().normalize();
            if (merged.startsWith(shard) || shard.startsWith(merged)) {
                throw new Refused("the merged report directory " + out + " and the shard's " + dir
                        + " must be apart: merging clears the merged report directory's results first");
            }
        }
    }

    /** Copies each shard's kit log beside the merged report, as shard-I-kit.log. */
    public static void copyLogs(List<Path> dirs, List<RunRecord> shards, Path out) throws IOException {
        for (int i = 0; i < dirs.size(); i++) {
            Path log = dirs.get(i).resolve("kit.log");
            if (Files.isRegularFile(log)) {
                Files.copy(log, out.resolve("shard-" + Shard.parse(shards.get(i).shard()).index() + "-kit.log"),
                        StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentsconformance.kit.requirements.Requirements;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Writes the durations that balance the kit jar's shards (src/main/resources/shard-durations.properties):
 * for every case, the mean seconds of its scenarios in a recorded run, read from that run's Allure
 * results (each scenario's start and stop, and its case tags). Refresh it after a whole run of the
 * suite, from the jar or from Maven:
 *
 *   java -jar target/kit/agents-conformance-kit.jar --report-dir /tmp/full --no-html-report
 *   java -cp target/kit/agents-conformance-kit.jar dev/ShardDurations.java /tmp/full/allure-results \
 *       > src/main/resources/shard-durations.properties
 *
 * Run it on a whole run only: a case the file does not list weighs the median of the others.
 */
public class ShardDurations {

    public static void main(String[] args) throws IOException {
        if (args.length != 1 || !Files.isDirectory(Path.of(args[0]))) {
            System.err.println("usage: java -cp agents-conformance-kit.jar dev/ShardDurations.java <allure-results directory>");
            System.exit(2);
        }
        ObjectMapper json = new ObjectMapper();
        Map<String, List<Double>> seconds = new TreeMap<>(io.agentsconformance.kit.report.Score::compareCaseIds);
        int scenarios = 0;
        try (Stream<Path> files = Files.list(Path.of(args[0]))) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith("-result.json")).sorted().toList()) {
                JsonNode result = json.readTree(file.toFile());
                List<String> tags = new ArrayList<>();
                result.path("labels").forEach(label -> {
                    if ("tag".equals(label.path("name").asText())) {
                        String tag = label.path("value").asText();
                        tags.add(tag.startsWith("@") ? tag : "@" + tag);
                    }
                });
                double took = (result.path("stop").asLong() - result.path("start").asLong()) / 1000.0;
                for (String caseId : Requirements.caseIds(tags)) {
                    seconds.computeIfAbsent(caseId, k -> new ArrayList<>()).add(took);
                }
                scenarios++;
            }
        }
        if (scenarios == 0) {
            System.err.println(args[0] + " holds no Allure results (*-result.json)");
            System.exit(2);
        }
        System.out.println("# Mean seconds per scenario of each case, from " + scenarios + " scenarios of a whole run");
        System.out.println("# (dev/ShardDurations.java; README, \"Shards\"). They balance the kit jar's --shard I/N.");
        seconds.forEach((caseId, took) -> System.out.printf(java.util.Locale.ROOT, "%s=%.3f%n", caseId,
                took.stream().mapToDouble(Double::doubleValue).average().orElse(0)));
    }
}

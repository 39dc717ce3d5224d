package bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The round's world, made through the contract's fixture API (openapi.yaml, tag fixtures). */
final class Fixtures {

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private final String token;

    Fixtures(String base, String token) {
        this.base = base;
        this.token = token;
    }

    /** A profile, then {@code projects} projects, each with one single-node workflow using the tool. */
    List<Phase.Target> make(String label, int projects, int maxConcurrentRuns, int runs, String toolUrl) {
        String profile = id(post("/api/agents/profiles",
                "{\"name\":\"bench-" + label + "\",\"description\":\"Gatling benchmark agent\",\"capabilities\":[]}"));
        List<Phase.Target> targets = new ArrayList<>();
        for (int p = 0; p < projects; p++) {
            String project = id(post("/api/projects",
                    "{\"name\":\"bench-" + label + "-" + p + "\",\"maxConcurrentRuns\":" + maxConcurrentRuns + "}"));
            String workflow = id(post("/api/projects/" + project + "/workflows",
                    "{\"name\":\"bench\",\"nodes\":[{\"id\":\"answer\",\"agentId\":\"" + profile + "\",\"model\":\"bench\","
                            + "\"tools\":[{\"name\":\"lookup\",\"description\":\"Looks a number up\",\"url\":\"" + toolUrl + "\","
                            + "\"parameters\":{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\"}}}}]}]}"));
            // Round robin: project p gets runs p, p + projects, p + 2 x projects, ...
            int share = runs / projects + (p < runs % projects ? 1 : 0);
            targets.add(new Phase.Target(project, workflow, share));
        }
        return targets;
    }

    private String post(String path, String json) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                throw new IllegalStateException("set-up: POST " + path + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return response.body();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("set-up: POST " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("set-up interrupted", e);
        }
    }

    private static String id(String json) {
        Matcher m = ID.matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("set-up: no id in " + json);
        }
        return m.group(1);
    }
}

package io.agentsconformance.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Clients writing through the API at the same time, each noting only what the server answered
 * {@code 2xx} for: the projects, the runs (two per project of maxConcurrentRuns 1, so one waits
 * PENDING) and the messages appended to them, and the runs a client read as COMPLETED after its
 * last message. A request the server never answered (it died) is not noted: it was never promised.
 */
final class Writers implements AutoCloseable {

    record Acked(String projectId, String runId) {
    }

    final Set<String> projects = ConcurrentHashMap.newKeySet();
    final Map<String, String> runs = new ConcurrentHashMap<>();            // run -> project
    final Map<String, String> messages = new ConcurrentHashMap<>();        // message -> run
    final Set<String> seenCompleted = ConcurrentHashMap.newKeySet();
    private final List<Thread> threads = new ArrayList<>();
    private final List<Throwable> surprises = new CopyOnWriteArrayList<>();
    private final AtomicBoolean stop = new AtomicBoolean();

    Writers(String baseUrl, int clients) {
        for (int i = 0; i < clients; i++) {
            Thread thread = new Thread(() -> write(new Api(baseUrl, ServerTestBase.ADA)), "writer-" + i);
            thread.setDaemon(true);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
    }

    private void write(Api api) {
        try {
            while (!stop.get()) {
                Api.Reply project = api.post("/api/projects",
                        Map.of("name", "durable", "maxConcurrentRuns", 1));
                if (project.status() != 201) {
                    continue;
                }
                String projectId = project.json().get("id").asText();
                projects.add(projectId);
                Api.Reply workflow = api.post("/api/projects/" + projectId + "/workflows",
                        Map.of("name", "one node", "nodes", List.of(Map.of("id", "n", "agentId", "general",
                                "model", "m"))));
                if (workflow.status() != 201) {
                    continue;
                }
                String workflowId = workflow.json().get("id").asText();
                List<String> started = new ArrayList<>();
                for (int run = 0; run < 2; run++) {
                    Api.Reply reply = api.post(Api.runs(projectId),
                            Map.of("workflowId", workflowId, "inputQuery", "keep me " + run));
                    if (reply.status() == 201) {
                        String runId = reply.json().get("id").asText();
                        runs.put(runId, projectId);
                        started.add(runId);
                    }
                }
                for (String runId : started) {
                    Api.Reply message = api.post(Api.runs(projectId) + "/" + runId + "/messages",
                            Map.of("content", "and this too"));
                    if (message.status() == 201) {
                        messages.put(message.json().get("id").asText(), runId);
                    }
                    JsonNode run = api.get(Api.runs(projectId) + "/" + runId).json();
                    if ("COMPLETED".equals(run.path("status").asText())) {
                        seenCompleted.add(runId);
                    }
                }
            }
        } catch (UncheckedIOException serverGone) {
            // The server died or stopped under this client: what it was answered is all it noted.
        } catch (RuntimeException | Error surprise) {
            surprises.add(surprise);
        }
    }

    /** Stops the clients and waits for their last request to end (each is bounded by its timeout). */
    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        }
        if (!surprises.isEmpty()) {
            throw new AssertionError("a client failed unexpectedly", surprises.get(0));
        }
    }

    /**
     * What the server answered 2xx for and does not have now, one line each (empty: nothing lost);
     * and runs read as COMPLETED that are not COMPLETED any more.
     */
    List<String> lostOn(Api api) {
        List<String> lost = new ArrayList<>();
        for (String projectId : projects) {
            int status = api.get("/api/projects/" + projectId).status();
            if (status != 200) {
                lost.add("project " + projectId + ": GET answered " + status);
            }
        }
        Map<String, Set<String>> messagesByRun = new ConcurrentHashMap<>();
        for (Map.Entry<String, String> run : runs.entrySet()) {
            Api.Reply reply = api.get(Api.runs(run.getValue()) + "/" + run.getKey());
            if (reply.status() != 200) {
                lost.add("run " + run.getKey() + ": GET answered " + reply.status());
                continue;
            }
            if (seenCompleted.contains(run.getKey()) && !"COMPLETED".equals(reply.json().get("status").asText())) {
                lost.add("run " + run.getKey() + " was read as COMPLETED and is now " + reply.json().get("status"));
            }
            Set<String> ids = ConcurrentHashMap.newKeySet();
            api.get(Api.runs(run.getValue()) + "/" + run.getKey() + "/messages?limit=100").json().get("items")
                    .forEach(message -> ids.add(message.get("id").asText()));
            messagesByRun.put(run.getKey(), ids);
        }
        for (Map.Entry<String, String> message : messages.entrySet()) {
            if (!messagesByRun.getOrDefault(message.getValue(), Set.of()).contains(message.getKey())) {
                lost.add("message " + message.getKey() + " of run " + message.getValue() + " is not in its run");
            }
        }
        return lost;
    }

    /** The acknowledged runs that are not COMPLETED or FAILED now, with their status. */
    List<String> unfinishedOn(Api api) {
        List<String> unfinished = new ArrayList<>();
        runs.forEach((runId, projectId) -> {
            Api.Reply reply = api.get(Api.runs(projectId) + "/" + runId);
            String status = reply.status() == 200 ? reply.json().get("status").asText() : "HTTP " + reply.status();
            if (!status.equals("COMPLETED") && !status.equals("FAILED")) {
                unfinished.add(runId + " " + status);
            }
        });
        return unfinished;
    }

    /** The acknowledged runs that FAILED for another reason than the restart. */
    List<String> failedOtherwiseOn(Api api) {
        List<String> failed = new ArrayList<>();
        runs.forEach((runId, projectId) -> {
            JsonNode run = api.get(Api.runs(projectId) + "/" + runId).json();
            if ("FAILED".equals(run.get("status").asText())
                    && !"server restarted".equals(run.path("error").path("message").asText())) {
                failed.add(runId + ": " + run.get("error"));
            }
        });
        return failed;
    }
}

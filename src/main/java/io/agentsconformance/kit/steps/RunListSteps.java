package io.agentsconformance.kit.steps;

import io.agentsconformance.kit.scenario.Actor;
import io.agentsconformance.kit.scenario.Created;
import io.agentsconformance.kit.scenario.Exchanges;
import io.agentsconformance.kit.scenario.Scene;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentsconformance.kit.api.Call;
import io.agentsconformance.kit.scenario.RunRef;
import io.cucumber.datatable.DataTable;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Listing a project's runs: pages, cursors, totals and filters (API-1.x). */
public final class RunListSteps {

    /** The contract's default page size (spec/README.md, Pagination). */
    static final int DEFAULT_LIMIT = 20;

    private final Scene scene;
    private final Created created;
    private final Exchanges exchanges;

    public RunListSteps(Scene scene, Created created, Exchanges exchanges) {
        this.scene = scene;
        this.created = created;
        this.exchanges = exchanges;
    }

    @When("{actor} lists the runs of her project")
    public void listsRuns(Actor actor) {
        exchanges.lastCall(actor.api().listRuns(created.project().id(), Map.of()));
    }

    @When("{actor} lists the runs of workflow {string}")
    public void listsRunsOfWorkflow(Actor actor, String workflow) {
        exchanges.lastCall(actor.api().listRuns(created.project().id(), Map.of("workflowId", created.workflow(workflow).id())));
    }

    @When("{actor} lists the {status} runs of workflow {string}")
    public void listsRunsWithStatusOfWorkflow(Actor actor, String status, String workflow) {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("status", status);
        query.put("workflowId", created.workflow(workflow).id());
        exchanges.lastCall(actor.api().listRuns(created.project().id(), query));
    }

    @Then("she gets a first page of as many runs as the default limit")
    public void firstPageOfDefaultLimit() {
        Call page = exchanges.lastCall();
        scene.expect().status("listing runs", page, 200);
        scene.expect().that(page.at("$.items").isArray(), "$.items", "an array", page.at("$.items"), page);
        scene.expect().equal("number of runs on the first page ($.items)", DEFAULT_LIMIT, page.at("$.items").size(), page);
        scene.expect().field(page, "$.limit", DEFAULT_LIMIT);
    }

    @Then("the page counts {int} runs in total and points to the next page")
    public void countsAndPointsOn(int total) {
        Call page = exchanges.lastCall();
        scene.expect().field(page, "$.total", total);
        scene.expect().filled(page, "$.nextCursor");
    }

    @Then("following the pages lists each of her {int} runs exactly once")
    public void followingThePages(int count) {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Map<String, Object> query = cursor == null ? Map.of() : Map.of("cursor", cursor);
            Call page = created.project().owner().api().listRuns(created.project().id(), query);
            scene.expect().status("listing runs, page " + (pages + 1), page, 200);
            page.at("$.items").forEach(item -> seen.add(item.path("id").asText()));
            cursor = page.text("$.nextCursor");
            pages++;
            scene.expect().that(pages <= count + 1, "number of pages", "at most " + (count + 1), pages + " and counting", page);
        } while (cursor != null);
        Set<String> unique = new TreeSet<>(seen);
        scene.expect().equal("runs listed more than once across pages", seen.size(), unique.size(), (Call) null);
        Set<String> expected = created.runs().stream().map(RunRef::id).collect(Collectors.toCollection(TreeSet::new));
        scene.expect().equal("ids of the runs listed across " + pages + " pages", expected, unique, (Call) null);
    }

    @Then("she gets exactly her {int} runs of {string}")
    public void exactlyRunsOfWorkflow(int count, String workflow) {
        Set<String> expected = ids(created.runsOf(workflow));
        scene.expect().equal("number of " + workflow + " runs started", count, expected.size(), (Call) null);
        exactly(exchanges.lastCall(), expected, "runs of workflow '" + workflow + "'");
    }

    @Then("she gets exactly the runs {string}")
    public void exactlyTheRuns(String aliases) {
        exactly(exchanges.lastCall(), idsOf(aliases), "runs " + aliases);
    }

    @Then("listing her runs by status gives exactly")
    public void byStatusGivesExactly(DataTable table) {
        for (Map<String, String> row : table.asMaps()) {
            String status = row.get("status");
            Call page = created.project().owner().api().listRuns(created.project().id(), Map.of("status", status));
            exactly(page, idsOf(row.get("runs")), status + " runs");
            for (JsonNode item : page.at("$.items")) {
                scene.expect().equal("$.items[].status of a run listed with status=" + status, status,
                        item.path("status").asText(), page);
            }
        }
    }

    /** The page lists exactly these runs, and its total says so. */
    private void exactly(Call page, Set<String> expected, String what) {
        scene.expect().status("listing " + what, page, 200);
        Set<String> listed = new TreeSet<>();
        page.at("$.items").forEach(item -> listed.add(item.path("id").asText()));
        scene.expect().equal("ids listed as " + what + " ($.items[].id)", new TreeSet<>(expected), listed, page);
        scene.expect().field(page, "$.total", expected.size());
    }

    private Set<String> idsOf(String aliases) {
        return Arrays.stream(aliases.split(","))
                .map(String::trim)
                .filter(a -> !a.isEmpty())
                .map(a -> created.run(a).id())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> ids(List<RunRef> runs) {
        return runs.stream().map(RunRef::id).collect(Collectors.toCollection(TreeSet::new));
    }
}

package io.agentsconformance.kit.steps;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentsconformance.kit.api.Call;
import io.agentsconformance.kit.steps.World.RunRef;
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

    private final World world;

    public RunListSteps(World world) {
        this.world = world;
    }

    @When("{actor} lists the runs of her project")
    public void listsRuns(World.Actor actor) {
        world.lastCall(actor.api().listRuns(world.project().id(), Map.of()));
    }

    @When("{actor} lists the runs of workflow {string}")
    public void listsRunsOfWorkflow(World.Actor actor, String workflow) {
        world.lastCall(actor.api().listRuns(world.project().id(), Map.of("workflowId", world.workflow(workflow).id())));
    }

    @When("{actor} lists the {status} runs of workflow {string}")
    public void listsRunsWithStatusOfWorkflow(World.Actor actor, String status, String workflow) {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("status", status);
        query.put("workflowId", world.workflow(workflow).id());
        world.lastCall(actor.api().listRuns(world.project().id(), query));
    }

    @Then("she gets a first page of as many runs as the default limit")
    public void firstPageOfDefaultLimit() {
        Call page = world.lastCall();
        world.expect().status("listing runs", page, 200);
        world.expect().that(page.at("$.items").isArray(), "$.items", "an array", page.at("$.items"), page);
        world.expect().equal("number of runs on the first page ($.items)", DEFAULT_LIMIT, page.at("$.items").size(), page);
        world.expect().field(page, "$.limit", DEFAULT_LIMIT);
    }

    @Then("the page counts {int} runs in total and points to the next page")
    public void countsAndPointsOn(int total) {
        Call page = world.lastCall();
        world.expect().field(page, "$.total", total);
        world.expect().filled(page, "$.nextCursor");
    }

    @Then("following the pages lists each of her {int} runs exactly once")
    public void followingThePages(int count) {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Map<String, Object> query = cursor == null ? Map.of() : Map.of("cursor", cursor);
            Call page = world.project().owner().api().listRuns(world.project().id(), query);
            world.expect().status("listing runs, page " + (pages + 1), page, 200);
            page.at("$.items").forEach(item -> seen.add(item.path("id").asText()));
            cursor = page.text("$.nextCursor");
            pages++;
            world.expect().that(pages <= count + 1, "number of pages", "at most " + (count + 1), pages + " and counting", page);
        } while (cursor != null);
        Set<String> unique = new TreeSet<>(seen);
        world.expect().equal("runs listed more than once across pages", seen.size(), unique.size(), (Call) null);
        Set<String> expected = world.runs().stream().map(RunRef::id).collect(Collectors.toCollection(TreeSet::new));
        world.expect().equal("ids of the runs listed across " + pages + " pages", expected, unique, (Call) null);
    }

    @Then("she gets exactly her {int} runs of {string}")
    public void exactlyRunsOfWorkflow(int count, String workflow) {
        Set<String> expected = ids(world.runsOf(workflow));
        world.expect().equal("number of " + workflow + " runs started", count, expected.size(), (Call) null);
        exactly(world.lastCall(), expected, "runs of workflow '" + workflow + "'");
    }

    @Then("she gets exactly the runs {string}")
    public void exactlyTheRuns(String aliases) {
        exactly(world.lastCall(), idsOf(aliases), "runs " + aliases);
    }

    @Then("listing her runs by status gives exactly")
    public void byStatusGivesExactly(DataTable table) {
        for (Map<String, String> row : table.asMaps()) {
            String status = row.get("status");
            Call page = world.project().owner().api().listRuns(world.project().id(), Map.of("status", status));
            exactly(page, idsOf(row.get("runs")), status + " runs");
            for (JsonNode item : page.at("$.items")) {
                world.expect().equal("$.items[].status of a run listed with status=" + status, status,
                        item.path("status").asText(), page);
            }
        }
    }

    /** The page lists exactly these runs, and its total says so. */
    private void exactly(Call page, Set<String> expected, String what) {
        world.expect().status("listing " + what, page, 200);
        Set<String> listed = new TreeSet<>();
        page.at("$.items").forEach(item -> listed.add(item.path("id").asText()));
        world.expect().equal("ids listed as " + what + " ($.items[].id)", new TreeSet<>(expected), listed, page);
        world.expect().field(page, "$.total", expected.size());
    }

    private Set<String> idsOf(String aliases) {
        return Arrays.stream(aliases.split(","))
                .map(String::trim)
                .filter(a -> !a.isEmpty())
                .map(a -> world.run(a).id())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> ids(List<RunRef> runs) {
        return runs.stream().map(RunRef::id).collect(Collectors.toCollection(TreeSet::new));
    }
}

package io.agentsconformance.kit.api;

import io.agentsconformance.kit.scenario.Scene;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentsconformance.kit.api.Call;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Follows a paginated listing (spec/README.md, Pagination) to its end, checking on the way what
 * every page must say: the page size applied, a total that does not move, no more items than the
 * limit, and a next cursor on every page but the last.
 */
public final class Pages {

    /** Every item of the listing in the order the pages gave them, and the pages themselves. */
    public record Walk(List<JsonNode> items, List<Call> pages) {
        public Call first() {
            return pages.get(0);
        }

        public List<Integer> sizes() {
            return pages.stream().map(p -> p.at("$.items").size()).toList();
        }
    }

    private Pages() {
    }

    /**
     * @param what   names the listing in messages, e.g. "steps of run 'the run'"
     * @param fetch  reads one page given its query (limit, cursor and any filter in {@code query})
     * @param limit  the page size to ask for, or 0 for the target's default
     */
    public static Walk walk(Scene scene, String what, Map<String, ?> query, int limit, Function<Map<String, Object>, Call> fetch) {
        List<JsonNode> items = new ArrayList<>();
        List<Call> pages = new ArrayList<>();
        String cursor = null;
        Integer total = null;
        do {
            Map<String, Object> pageQuery = new LinkedHashMap<>(query);
            if (limit > 0) {
                pageQuery.put("limit", limit);
            }
            if (cursor != null) {
                pageQuery.put("cursor", cursor);
            }
            Call page = fetch.apply(pageQuery);
            pages.add(page);
            String pageName = what + ", page " + pages.size();
            scene.expect().status("reading the " + pageName, page, 200);
            JsonNode pageItems = page.at("$.items");
            scene.expect().that(pageItems.isArray(), "$.items of the " + pageName, "an array", pageItems, page);
            int applied = page.at("$.limit").asInt(-1);
            if (limit > 0) {
                scene.expect().equal("$.limit of the " + pageName, limit, applied, page);
            }
            scene.expect().that(pageItems.size() <= applied, "number of $.items of the " + pageName,
                    "at most $.limit (" + applied + ")", pageItems.size(), page);
            int pageTotal = page.at("$.total").asInt(-1);
            if (total == null) {
                total = pageTotal;
            }
            scene.expect().equal("$.total of the " + pageName + " (the first page said " + total + ")", total,
                    pageTotal, page);
            pageItems.forEach(items::add);
            cursor = page.text("$.nextCursor");
            boolean more = items.size() < total;
            scene.expect().that(more == (cursor != null), "$.nextCursor of the " + pageName,
                    more ? "a cursor, since " + items.size() + " of " + total + " items were listed so far"
                            : "null, since all " + total + " items were listed",
                    cursor, page);
            int bound = (total / Math.max(1, applied)) + 2;
            scene.expect().that(pages.size() <= bound, "number of pages of the " + what, "at most " + bound,
                    pages.size() + " and counting", page);
        } while (cursor != null);
        return new Walk(items, pages);
    }
}

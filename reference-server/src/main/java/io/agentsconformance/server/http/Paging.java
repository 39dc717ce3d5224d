package io.agentsconformance.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentsconformance.server.model.Json;
import io.agentsconformance.server.model.Page;
import io.javalin.http.Context;
import java.util.function.Function;
import java.util.regex.Pattern;

/** The {@code limit} and {@code cursor} query parameters of a list, and the page it answers. */
final class Paging {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,3}");

    private final Cursors cursors;

    Paging(Cursors cursors) {
        this.cursors = cursors;
    }

    /** A page request of the list named by {@code scope} (the list and its filters). */
    record Request(String scope, int limit, Long after) {
    }

    Request request(Context ctx, String scope) {
        String limitParam = ctx.queryParam("limit");
        int limit = DEFAULT_LIMIT;
        if (limitParam != null) {
            if (!DIGITS.matcher(limitParam).matches() || Integer.parseInt(limitParam) < 1
                    || Integer.parseInt(limitParam) > MAX_LIMIT) {
                throw ApiError.invalidField("limit", "limit must be an integer from 1 to " + MAX_LIMIT);
            }
            limit = Integer.parseInt(limitParam);
        }
        String cursor = ctx.queryParam("cursor");
        return new Request(scope, limit, cursor == null ? null : cursors.open(scope, cursor));
    }

    <T> ObjectNode answer(Request request, Page<T> page, Function<T, ObjectNode> representation) {
        ObjectNode json = Json.object();
        ArrayNode items = json.putArray("items");
        page.items().forEach(item -> items.add(representation.apply(item)));
        json.put("nextCursor", page.lastKey() == null ? null : cursors.issue(request.scope(), page.lastKey()));
        json.put("total", page.total());
        json.put("limit", request.limit());
        return json;
    }
}

package io.agentsconformance.server.store;

import io.agentsconformance.server.model.Page;
import java.util.List;
import java.util.function.ToLongFunction;

final class Pages {

    private Pages() {
    }

    /** {@code rows} holds up to limit + 1 rows: the extra one only tells that another page follows. */
    static <T> Page<T> of(List<T> rows, int limit, long total, ToLongFunction<T> key) {
        if (rows.size() <= limit) {
            return new Page<>(rows, null, total);
        }
        List<T> items = rows.subList(0, limit);
        return new Page<>(List.copyOf(items), key.applyAsLong(items.get(limit - 1)), total);
    }
}

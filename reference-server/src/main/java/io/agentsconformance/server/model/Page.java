package io.agentsconformance.server.model;

import java.util.List;

/** One page of a keyset-paginated list; {@code lastKey} is null on the last page. */
public record Page<T>(List<T> items, Long lastKey, long total) {
}

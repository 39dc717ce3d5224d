package io.agentsconformance.kit.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The small JSONPath subset the kit's checks name fields with: {@code $.a.b[2].c}. */
public final class Json {

    private static final Pattern SEGMENT = Pattern.compile("([^.\\[\\]]+)|\\[(\\d+)]");

    private Json() {
    }

    public static JsonNode at(JsonNode root, String path) {
        if (!path.startsWith("$")) {
            throw new IllegalArgumentException("a JSON path starts with $: " + path);
        }
        JsonNode node = root;
        Matcher m = SEGMENT.matcher(path.substring(1));
        while (m.find()) {
            if (node == null || node.isMissingNode()) {
                return MissingNode.getInstance();
            }
            node = m.group(1) != null ? node.path(m.group(1)) : node.path(Integer.parseInt(m.group(2)));
        }
        return node == null ? MissingNode.getInstance() : node;
    }
}

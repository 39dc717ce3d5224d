package io.agentsconformance.kit.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.ValidationMessage;

import java.util.Comparator;
import java.util.List;

/**
 * A response schema of the contract, compiled once, and where it is written in the document.
 * Compiled schemas are immutable, so the scenarios running in parallel share them.
 *
 * @param location a JSON pointer fragment into the document, e.g. {@code #/components/schemas/AgentRun}
 */
public record CompiledSchema(String location, JsonSchema schema) {

    /** Every place where {@code body} breaks the schema, in the order of the body's paths. */
    public List<Violation> validate(JsonNode body) {
        return schema.validate(body).stream()
                .sorted(Comparator.comparing((ValidationMessage m) -> m.getInstanceLocation().toString())
                        .thenComparing(m -> m.getSchemaLocation().toString()))
                .map(m -> new Violation(m.getInstanceLocation().toString(), m.getError(),
                        fragment(m.getSchemaLocation().toString())))
                .toList();
    }

    /** The validator names rules by the document's IRI and a fragment; the fragment is what a reader needs. */
    private static String fragment(String schemaLocation) {
        int hash = schemaLocation.indexOf('#');
        return hash < 0 ? schemaLocation : schemaLocation.substring(hash);
    }
}

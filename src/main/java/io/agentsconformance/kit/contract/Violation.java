package io.agentsconformance.kit.contract;

/**
 * One way an answer departs from the contract.
 *
 * @param where          what is wrong: a JSON path into the body ({@code $.items[3].status}), or
 *                       {@code status}, {@code Content-Type}, {@code body}, {@code path}
 * @param problem        what is wrong with it, in the validator's or the kit's words
 * @param schemaLocation where in the document the broken rule is written, e.g.
 *                       {@code #/components/schemas/RunStatus/enum}; empty when no schema is involved
 */
public record Violation(String where, String problem, String schemaLocation) {

    static Violation of(String where, String problem) {
        return new Violation(where, problem, "");
    }

    /** {@code $.items[3].status: does not have a value in the enumeration [...] (schema #/components/schemas/RunStatus/enum)}. */
    @Override
    public String toString() {
        return where + ": " + problem + (schemaLocation.isEmpty() ? "" : " (schema " + schemaLocation + ")");
    }
}

package io.agentsconformance.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads the fields of a JSON request body with the types of openapi.yaml: no coercion (42 is not
 * a string, "3" is not an integer), JSON null counts as absent. Every violation is collected, and
 * {@link #validate()} turns them into one 400 listing each field. Lengths count Unicode
 * characters, as JSON Schema does.
 */
final class Fields {

    private final JsonNode object;
    private final String prefix;
    private final List<ApiError.FieldError> errors;

    Fields(ObjectNode body) {
        this(body, "", new ArrayList<>());
    }

    private Fields(JsonNode object, String prefix, List<ApiError.FieldError> errors) {
        this.object = object;
        this.prefix = prefix;
        this.errors = errors;
    }

    /** The fields of a nested object (or array element), reporting into the same error list. */
    Fields nested(JsonNode nestedObject, String path) {
        return new Fields(nestedObject, path + ".", errors);
    }

    String requiredText(String name, int maxLength) {
        JsonNode value = value(name);
        if (value == null || value.isTextual() && value.asText().isBlank()) {
            error(name, "is required and must not be blank");
            return null;
        }
        return text(name, value, maxLength);
    }

    /** Whether the field is there as a string of nothing but blanks. */
    boolean isBlankText(String name) {
        JsonNode value = value(name);
        return value != null && value.isTextual() && value.asText().isBlank();
    }

    String optionalText(String name, int maxLength) {
        JsonNode value = value(name);
        return value == null ? null : text(name, value, maxLength);
    }

    int optionalInt(String name, int min, int max, int defaultValue) {
        JsonNode value = value(name);
        if (value == null) {
            return defaultValue;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < min || value.asInt() > max) {
            error(name, "must be an integer from " + min + " to " + max);
            return defaultValue;
        }
        return value.asInt();
    }

    boolean optionalBoolean(String name, boolean defaultValue) {
        JsonNode value = value(name);
        if (value == null) {
            return defaultValue;
        }
        if (!value.isBoolean()) {
            error(name, "must be true or false");
            return defaultValue;
        }
        return value.asBoolean();
    }

    /** An array of non-empty strings, or an empty list when absent. */
    List<String> optionalStrings(String name, int maxItems, int maxLength) {
        List<String> strings = new ArrayList<>();
        ArrayNode array = optionalArray(name, maxItems);
        if (array == null) {
            return strings;
        }
        for (int i = 0; i < array.size(); i++) {
            JsonNode item = array.get(i);
            if (!item.isTextual() || item.asText().isEmpty() || length(item.asText()) > maxLength) {
                error(name + "[" + i + "]", "must be a non-empty string of at most " + maxLength + " characters");
            } else {
                strings.add(item.asText());
            }
        }
        return strings;
    }

    ArrayNode optionalArray(String name, int maxItems) {
        JsonNode value = value(name);
        if (value == null) {
            return null;
        }
        if (!value.isArray()) {
            error(name, "must be an array");
            return null;
        }
        if (value.size() > maxItems) {
            error(name, "must have at most " + maxItems + " items");
            return null;
        }
        return (ArrayNode) value;
    }

    ObjectNode optionalObject(String name) {
        JsonNode value = value(name);
        if (value == null) {
            return null;
        }
        if (!value.isObject()) {
            error(name, "must be a JSON object");
            return null;
        }
        return (ObjectNode) value;
    }

    /** Records a violation; {@code message} reads after the field's name. */
    void error(String name, String message) {
        String field = prefix + name;
        errors.add(new ApiError.FieldError(field, field + " " + message));
    }

    boolean hasErrors() {
        return !errors.isEmpty();
    }

    /** @throws ApiError a 400 naming every invalid field, if there is one */
    void validate() {
        if (!errors.isEmpty()) {
            String detail = errors.stream().map(ApiError.FieldError::message).collect(Collectors.joining("; "));
            throw new ApiError(400, detail, errors);
        }
    }

    private JsonNode value(String name) {
        JsonNode value = object.get(name);
        return value == null || value.isNull() ? null : value;
    }

    private String text(String name, JsonNode value, int maxLength) {
        if (!value.isTextual()) {
            error(name, "must be a string");
            return null;
        }
        if (length(value.asText()) > maxLength) {
            error(name, "must be at most " + maxLength + " characters");
            return null;
        }
        return value.asText();
    }

    private static int length(String text) {
        return text.codePointCount(0, text.length());
    }
}

package io.agentsconformance.kit.standin;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.io.IOException;

/**
 * One top-level field of a JSON request body, read without building the whole tree. The stand-ins
 * ask every model request for its {@code stream} and {@code model}; a long conversation's body
 * runs to megabytes, and parsing it into a tree for one flag cost the kit a sixth of its CPU.
 */
final class TopLevelField {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory FACTORY = JSON.getFactory();

    private TopLevelField() {
    }

    /** The field's value, or a missing node when the body is not a JSON object or lacks it. */
    static JsonNode of(String body, String field) {
        if (body == null || body.isEmpty()) {
            return MissingNode.getInstance();
        }
        try (JsonParser parser = FACTORY.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return MissingNode.getInstance();
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                if (field.equals(name)) {
                    JsonNode value = JSON.readTree(parser);
                    return value == null ? MissingNode.getInstance() : value;
                }
                parser.skipChildren();
            }
            return MissingNode.getInstance();
        } catch (IOException notJson) {
            return MissingNode.getInstance();
        }
    }
}

package io.agentsconformance.kit.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import io.agentsconformance.kit.contract.CompiledSchema;
import io.agentsconformance.kit.contract.Violation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stream's written contract, {@code spec/asyncapi.yaml}: one compiled payload schema per
 * message, keyed by the message's name (the frame's {@code type}). Payloads reuse the components
 * of {@code spec/openapi.yaml}, so both documents are loaded together. Every frame the kit
 * receives is validated against it, as every REST answer is validated against openapi.yaml.
 */
public final class EventContract {

    public static final String PACKAGED = "spec/asyncapi.yaml";
    private static final String BASE = "classpath:spec/";
    /** The top-level fields of an AsyncAPI 3 and of an OpenAPI 3.1 document. */
    private static final List<String> DOCUMENT_FIELDS = List.of("asyncapi", "id", "info", "servers",
            "defaultContentType", "channels", "operations", "components", "openapi", "jsonSchemaDialect", "paths",
            "webhooks", "security", "tags", "externalDocs");
    private static EventContract packaged;

    private final Map<String, CompiledSchema> byType;

    private EventContract(Map<String, CompiledSchema> byType) {
        this.byType = byType;
    }

    /** The stream contract the kit jar carries, compiled once per JVM. */
    public static synchronized EventContract packaged() {
        if (packaged == null) {
            packaged = parse(read("asyncapi.yaml"), read("openapi.yaml"));
        }
        return packaged;
    }

    static EventContract parse(String asyncapi, String openapi) {
        JsonNode document;
        try {
            document = new YAMLMapper().readTree(asyncapi);
        } catch (IOException e) {
            throw new IllegalStateException(PACKAGED + " is not valid YAML: " + e.getMessage(), e);
        }
        // The schemas live inside whole AsyncAPI and OpenAPI documents, whose top-level fields are
        // no schema keywords: declared as such, so that only a real unknown keyword is warned of.
        JsonMetaSchema dialect = JsonMetaSchema.builder(JsonMetaSchema.getV202012())
                .keywords(DOCUMENT_FIELDS.stream().map(NonValidationKeyword::new).toList())
                .build();
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012, builder -> builder
                .metaSchema(dialect)
                .defaultMetaSchemaIri(dialect.getIri())
                .schemaLoaders(loaders -> loaders.schemas(Map.of(
                        BASE + "asyncapi.yaml", asyncapi,
                        BASE + "openapi.yaml", openapi))));
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                .formatAssertionsEnabled(true)
                .pathType(PathType.LEGACY)
                .build();
        Map<String, CompiledSchema> byType = new LinkedHashMap<>();
        document.path("components").path("messages").fields().forEachRemaining(message -> {
            String type = message.getValue().path("name").asText();
            String ref = message.getValue().path("payload").path("$ref").asText();
            if (type.isEmpty() || !ref.startsWith("#/")) {
                throw new IllegalStateException(PACKAGED + ": message " + message.getKey()
                        + " needs a name and a payload $ref into the document");
            }
            byType.put(type, new CompiledSchema(ref,
                    factory.getSchema(SchemaLocation.of(BASE + "asyncapi.yaml" + ref), config)));
        });
        return new EventContract(byType);
    }

    /** Where {@code frame} departs from the message its {@code type} names; empty when it conforms. */
    public List<String> validate(JsonNode frame) {
        if (frame == null || !frame.isObject()) {
            return List.of("$: a frame is a JSON object (" + PACKAGED + ")");
        }
        String type = frame.path("type").asText("");
        CompiledSchema schema = byType.get(type);
        if (schema == null) {
            return List.of("$.type: '" + type + "' is no message of " + PACKAGED + " (" + String.join(", ", byType.keySet()) + ")");
        }
        return schema.validate(frame).stream().map(Violation::toString).toList();
    }

    private static String read(String file) {
        try (InputStream in = EventContract.class.getClassLoader().getResourceAsStream("spec/" + file)) {
            if (in == null) {
                throw new IllegalStateException("spec/" + file + " is not on the class path: the kit jar must carry spec/");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

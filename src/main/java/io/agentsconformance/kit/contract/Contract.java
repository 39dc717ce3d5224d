package io.agentsconformance.kit.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaException;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.oas.OpenApi31;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The written contract, spec/openapi.yaml, as the kit checks answers against it: which operations
 * exist, which statuses each documents, with which media types and JSON schemas.
 *
 * <p>Only answers are checked, never requests: scenarios send malformed requests on purpose. The
 * document's paths are taken relative to the target's base URL (its {@code servers} entry names
 * the bundled server started by hand, not the target under test).
 *
 * <p>Every schema is compiled when the document is loaded, so a contract whose {@code $ref}s do
 * not resolve stops the kit before the first scenario, not in the middle of one.
 */
public final class Contract {

    /** Where the kit jar carries the contract (kit-pom.xml packages spec/ as resources). */
    public static final String PACKAGED = "spec/openapi.yaml";

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    /** A body with trailing garbage or a duplicated key is not one JSON value; a lenient parser would hide it. */
    private static final ObjectMapper STRICT_JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** The fields of an OpenAPI 3.1 document object. */
    private static final List<String> DOCUMENT_FIELDS = List.of("openapi", "info", "jsonSchemaDialect", "servers",
            "paths", "webhooks", "components", "security", "tags", "externalDocs");

    private static Contract packaged;

    private final String name;
    private final List<Operation> operations;
    private final Compiler compiler;

    private Contract(String name, List<Operation> operations, Compiler compiler) {
        this.name = name;
        this.operations = operations;
        this.compiler = compiler;
    }

    /** The contract the kit jar carries, loaded once per JVM. */
    public static synchronized Contract packaged() {
        if (packaged == null) {
            try (InputStream in = Contract.class.getClassLoader().getResourceAsStream(PACKAGED)) {
                if (in == null) {
                    throw new IllegalStateException(PACKAGED + " is not on the class path: the kit jar must carry spec/");
                }
                packaged = parse(PACKAGED, "classpath:" + PACKAGED, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("could not read " + PACKAGED + " from the class path", e);
            }
        }
        return packaged;
    }

    /** Another edition of the contract, from a file (YAML or JSON, by its extension). */
    public static Contract load(Path file) {
        try {
            return parse(file.toString(), file.toAbsolutePath().toUri().toString(), Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the contract " + file, e);
        }
    }

    /**
     * @param name how messages name the document
     * @param iri  where the schema validator believes the text came from; its extension says YAML or JSON
     */
    static Contract parse(String name, String iri, String text) {
        JsonNode document;
        try {
            document = new YAMLMapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(name + " is not valid YAML: " + e.getOriginalMessage(), e);
        }
        if (document == null || !document.path("paths").isObject()) {
            throw new IllegalStateException(name + " has no 'paths': it is not an OpenAPI document");
        }
        // The validator reads the very text parsed above (not a second copy from somewhere else),
        // so that `$ref: '#/components/schemas/X'` inside any schema resolves in this document.
        JsonMetaSchema dialect = dialect(name);
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012, builder -> builder
                .metaSchema(dialect)
                .defaultMetaSchemaIri(dialect.getIri())
                .schemaLoaders(loaders -> loaders.schemas(Map.of(iri, text))));
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                // Timestamps are RFC 3339 date-times and tool URLs are URIs: the contract says so
                // with `format`, which draft 2020-12 only annotates unless asked to assert it.
                .formatAssertionsEnabled(true)
                // $.items[3].status: the notation the kit's other messages use.
                .pathType(PathType.LEGACY)
                .build();
        Compiler compiler = new Compiler(factory, config, iri, document, name);
        return new Contract(name, operations(document, compiler), compiler);
    }

    /**
     * The OpenAPI 3.1 schema dialect, made strict about keywords: a word that is no keyword is a
     * typo, or a YAML flow mapping split at a comma ({@code description: a, b} makes a key
     * {@code b}), and would silently weaken the schema it sits in. The document's own top-level
     * fields are not schema keywords, but the validator sees them because the whole document is
     * the resource the schemas are read from.
     */
    private static JsonMetaSchema dialect(String name) {
        return JsonMetaSchema.builder(OpenApi31.getInstance())
                .keywords(DOCUMENT_FIELDS.stream().map(NonValidationKeyword::new).toList())
                .unknownKeywordFactory((keyword, context) -> {
                    throw new IllegalStateException(name + " uses '" + keyword + "' in a schema, which is no keyword of"
                            + " JSON Schema 2020-12 or OpenAPI 3.1: a typo, or a YAML flow mapping split at a comma?");
                })
                .build();
    }

    /**
     * The schema at a JSON pointer of the document (following a {@code $ref} there), compiled
     * exactly as the answers' schemas are: what the document's own examples are checked with.
     */
    public CompiledSchema schemaAt(String pointer) {
        return compiler.compile(compiler.follow(pointer));
    }

    /** How messages name the document, e.g. {@code spec/openapi.yaml}. */
    public String name() {
        return name;
    }

    public List<Operation> operations() {
        return operations;
    }

    /**
     * Checks one answer: the request's path and method are documented, the status is documented
     * for them, the Content-Type is one documented for that status, and a JSON body matches its
     * schema.
     *
     * @param method      the request's method
     * @param pathAndQuery the request's path relative to the target's base URL, still percent-encoded, with any query
     * @param contentType the answer's Content-Type header; null or blank when it had none
     * @param body        the answer's body; null or empty when it had none
     */
    public ResponseValidation validate(String method, String pathAndQuery, int status, String contentType, byte[] body) {
        String text;
        try {
            text = body == null ? null : STRICT_UTF8.get().decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException notUtf8) {
            ResponseValidation unread = validate(method, pathAndQuery, status, contentType,
                    new String(body, StandardCharsets.UTF_8));
            List<Violation> violations = new ArrayList<>();
            violations.add(Violation.of("body", "not UTF-8 (RFC 8259 requires JSON to be): "
                    + describe(notUtf8, body)));
            violations.addAll(unread.violations());
            return new ResponseValidation(unread.request(), unread.operation(), status, violations);
        }
        return validate(method, pathAndQuery, status, contentType, text);
    }

    /** Where the bytes stop being UTF-8, and what they are there. */
    private static String describe(CharacterCodingException notUtf8, byte[] body) {
        CharsetDecoder decoder = STRICT_UTF8.get().reset();
        ByteBuffer in = ByteBuffer.wrap(body);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(body.length + 1);
        java.nio.charset.CoderResult result = decoder.decode(in, out, true);
        int at = in.position();
        StringBuilder bytes = new StringBuilder();
        for (int i = at; i < Math.min(body.length, at + (result.isError() ? Math.max(1, result.length()) : 1)); i++) {
            bytes.append(bytes.length() == 0 ? "" : " ").append(String.format("%02X", body[i] & 0xff));
        }
        return "byte " + at + " (" + bytes + ") "
                + (result.isUnmappable() ? "is unmappable" : "is not part of a UTF-8 sequence");
    }

    /** Decodes UTF-8 and refuses anything else; one per thread, as decoders keep state. */
    private static final ThreadLocal<CharsetDecoder> STRICT_UTF8 = ThreadLocal.withInitial(() ->
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT));

    public ResponseValidation validate(String method, String pathAndQuery, int status, String contentType, String body) {
        String verb = Operation.normalMethod(method);
        String request = verb + " " + pathAndQuery;
        int query = pathAndQuery.indexOf('?');
        String path = query < 0 ? pathAndQuery : pathAndQuery.substring(0, query);
        List<String> segments = Operation.segments(path);

        List<Operation> onPath = operations.stream().filter(o -> o.matches(segments))
                .sorted(Comparator.comparingInt(Operation::literalness).reversed()).toList();
        if (onPath.isEmpty()) {
            return new ResponseValidation(request, Optional.empty(), status, List.of(Violation.of("path",
                    name + " describes no path that fits " + path)));
        }
        String template = onPath.get(0).path();
        Optional<Operation> operation = onPath.stream()
                .filter(o -> o.path().equals(template) && o.method().equals(verb)).findFirst();
        if (operation.isEmpty()) {
            List<String> methods = onPath.stream().filter(o -> o.path().equals(template)).map(Operation::method).toList();
            return new ResponseValidation(request, Optional.empty(), status, List.of(Violation.of("path",
                    name + " describes no " + verb + " on " + template + ", only " + String.join(", ", methods))));
        }
        return new ResponseValidation(request, operation, status,
                answerViolations(operation.get(), status, contentType, body));
    }

    private List<Violation> answerViolations(Operation operation, int status, String contentType, String body) {
        Optional<Operation.DocumentedResponse> documented = operation.response(status);
        if (documented.isEmpty()) {
            return List.of(Violation.of("status", status + " is not documented for " + operation.describe()
                    + "; it documents " + String.join(", ", operation.documentedStatuses())));
        }
        Operation.DocumentedResponse response = documented.get();
        boolean hasBody = body != null && !body.isEmpty();
        String mediaType = mediaType(contentType);
        if (!response.hasBody()) {
            return hasBody
                    ? List.of(Violation.of("body", "the contract documents no body for " + status + ", got "
                            + body.length() + " characters" + (mediaType.isEmpty() ? "" : " of " + mediaType)))
                    : List.of();
        }
        String documentedTypes = String.join(" or ", response.content().keySet());
        if (mediaType.isEmpty()) {
            return List.of(Violation.of("Content-Type", "missing; " + status + " is documented as " + documentedTypes));
        }
        Optional<Map.Entry<String, Optional<CompiledSchema>>> entry = response.content().entrySet().stream()
                .filter(e -> covers(e.getKey(), mediaType)).findFirst();
        if (entry.isEmpty()) {
            return List.of(Violation.of("Content-Type", mediaType + " is not documented for " + status
                    + "; it is documented as " + documentedTypes));
        }
        Optional<CompiledSchema> schema = entry.get().getValue();
        if (schema.isEmpty() || !isJson(mediaType)) {
            return List.of();
        }
        String charset = charset(contentType);
        if (charset != null && !charset.equals("utf-8") && !charset.equals("utf8")) {
            return List.of(Violation.of("Content-Type", "says charset=" + charset + "; JSON is UTF-8 (RFC 8259),"
                    + " so a charset, if named, is utf-8"));
        }
        if (!hasBody) {
            return List.of(Violation.of("body", "missing; " + status + " is documented with a " + mediaType
                    + " body matching " + schema.get().location()));
        }
        JsonNode json;
        try {
            json = STRICT_JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return List.of(Violation.of("body", "not JSON although the answer says " + mediaType + ": "
                    + e.getOriginalMessage()));
        }
        return schema.get().validate(json);
    }

    /** {@code application/problem+json; charset=utf-8} reads as {@code application/problem+json}. */
    static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int parameters = contentType.indexOf(';');
        return (parameters < 0 ? contentType : contentType.substring(0, parameters)).trim().toLowerCase(Locale.ROOT);
    }

    /** The {@code charset} parameter of a Content-Type, lower case and unquoted; null when it has none. */
    static String charset(String contentType) {
        if (contentType == null) {
            return null;
        }
        for (String parameter : contentType.split(";")) {
            String[] pair = parameter.trim().split("=", 2);
            if (pair.length == 2 && pair[0].trim().equalsIgnoreCase("charset")) {
                return pair[1].trim().replace("\"", "").toLowerCase(Locale.ROOT);
            }
        }
        return null;
    }

    /** A documented media type covers the actual one exactly, or through a range ({@code application/*}). */
    private static boolean covers(String documented, String actual) {
        String range = mediaType(documented);
        return range.equals(actual) || range.equals("*/*")
                || range.endsWith("/*") && actual.startsWith(range.substring(0, range.length() - 1));
    }

    private static boolean isJson(String mediaType) {
        return mediaType.equals("application/json") || mediaType.endsWith("+json");
    }

    // --- reading the document ---------------------------------------------------------------

    private static List<Operation> operations(JsonNode document, Compiler compiler) {
        List<Operation> operations = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> items = path.getValue().fields(); items.hasNext(); ) {
                Map.Entry<String, JsonNode> item = items.next();
                if (!METHODS.contains(item.getKey())) {
                    continue; // parameters, summary, servers: not an operation
                }
                String pointer = "/paths/" + escape(path.getKey()) + "/" + item.getKey();
                JsonNode operation = item.getValue();
                Map<String, Operation.DocumentedResponse> responses = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> rs = operation.path("responses").fields(); rs.hasNext(); ) {
                    Map.Entry<String, JsonNode> r = rs.next();
                    String statusKey = r.getKey().toUpperCase(Locale.ROOT).equals("DEFAULT") ? "default" : r.getKey().toUpperCase(Locale.ROOT);
                    responses.put(statusKey, compiler.response(statusKey, pointer + "/responses/" + escape(r.getKey())));
                }
                operations.add(new Operation(Operation.normalMethod(item.getKey()), path.getKey(),
                        operation.path("operationId").asText(""), Collections.unmodifiableMap(responses)));
            }
        }
        return List.copyOf(operations);
    }

    /** RFC 6901: '~' and '/' inside a key are written ~0 and ~1 in a JSON pointer. */
    static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    /** Resolves the document's local $refs and compiles each response schema once. */
    private record Compiler(JsonSchemaFactory factory, SchemaValidatorsConfig config, String iri, JsonNode document,
                            String name) {

        Operation.DocumentedResponse response(String statusKey, String pointer) {
            String resolved = follow(pointer);
            Map<String, Optional<CompiledSchema>> content = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> types = document.at(resolved).path("content").fields(); types.hasNext(); ) {
                Map.Entry<String, JsonNode> type = types.next();
                Optional<CompiledSchema> schema = type.getValue().has("schema")
                        ? Optional.of(compile(follow(resolved + "/content/" + escape(type.getKey()) + "/schema")))
                        : Optional.empty();
                content.put(type.getKey(), schema);
            }
            return new Operation.DocumentedResponse(statusKey, Collections.unmodifiableMap(content));
        }

        /**
         * The pointer itself, or where its object's {@code $ref} leads (transitively): responses
         * are shared through #/components/responses, and a schema that is only a reference is
         * better named by its component in messages.
         */
        private String follow(String pointer) {
            String current = pointer;
            for (int hops = 0; hops < 20; hops++) {
                JsonNode node = document.at(current);
                if (node.isMissingNode()) {
                    throw new IllegalStateException(name + ": nothing at #" + current);
                }
                JsonNode ref = node.get("$ref");
                if (ref == null || node.size() != 1) {
                    return current;
                }
                if (!ref.asText().startsWith("#/")) {
                    throw new IllegalStateException(name + ": #" + current + " refers to " + ref.asText()
                            + "; the kit reads a self-contained document (local #/ references only)");
                }
                current = ref.asText().substring(1);
            }
            throw new IllegalStateException(name + ": the references from #" + pointer + " go round in a circle");
        }

        private CompiledSchema compile(String pointer) {
            try {
                JsonSchema schema = factory.getSchema(SchemaLocation.of(iri + "#" + fragment(pointer)), config);
                schema.initializeValidators();
                return new CompiledSchema("#" + pointer, schema);
            } catch (JsonSchemaException e) {
                Throwable reason = e.getCause() instanceof IllegalStateException ? e.getCause() : e;
                throw new IllegalStateException("the schema at #" + pointer + " of " + name + " cannot be used: "
                        + reason.getMessage(), e);
            }
        }

        /** A JSON pointer inside a URI fragment: braces of path templates are not allowed there raw. */
        private static String fragment(String pointer) {
            return pointer.replace("{", "%7B").replace("}", "%7D");
        }
    }
}

package io.npsloop.local.stack;

import com.fasterxml.jackson.jr.ob.JSON;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * docs/openapi.yaml read for tests: its routes, what each declares it answers, and its
 * schemas applied (JSON Schema 2020-12, formats asserted) to real answers. Every failure names
 * the route, the status and where in the body the answer and the document disagree.
 */
final class OpenApiDocument {

    /** Where the validator knows the document from; never fetched. */
    private static final String IRI = "https://npsloop.invalid/docs/openapi.json";
    private static final String SCHEMA_REF = "#/components/schemas/";
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    private final Map<String, Object> root;
    private final SchemaRegistry registry;
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();
    /** {@code <METHOD> <path> <status>} of every answer checked. */
    private final Set<String> answered = ConcurrentHashMap.newKeySet();

    private OpenApiDocument(Map<String, Object> root) {
        this.root = root;
        var json = write(root);
        var config = SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build();
        this.registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemaRegistryConfig(config).schemas(Map.of(IRI, json)));
    }

    static Path path() {
        return Main.findEvents().getParent().getParent().resolve("docs/openapi.yaml");
    }

    static OpenApiDocument load() {
        try {
            return new OpenApiDocument(yaml(Files.readString(path())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> yaml(String text) {
        Object loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        requireJsonTypes(loaded, "$");
        return (Map<String, Object>) loaded;
    }

    /** YAML turns an unquoted 2026-11-22 into a date; JSON Schema would then see something else than was written. */
    private static void requireJsonTypes(Object node, String at) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                if (!(key instanceof String)) {
                    throw new AssertionError("docs/openapi.yaml: key " + key + " at " + at + " is not a string; quote it");
                }
                requireJsonTypes(value, at + "." + key);
            });
        } else if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                requireJsonTypes(list.get(i), at + "[" + i + "]");
            }
        } else if (node != null && !(node instanceof String || node instanceof Number || node instanceof Boolean)) {
            throw new AssertionError("docs/openapi.yaml: " + at + " reads as " + node.getClass().getSimpleName() + "; quote it");
        }
    }

    Map<String, Object> root() {
        return root;
    }

    /** Every operation as {@code <METHOD> <path>}, e.g. {@code GET /cases/{id}}. */
    Set<String> routes() {
        var routes = new TreeSet<String>();
        map(root, "paths").forEach((path, item) -> ((Map<?, ?>) item).keySet().stream()
                .map(String::valueOf).filter(METHODS::contains)
                .forEach(method -> routes.add(method.toUpperCase(Locale.ROOT) + " " + path)));
        return routes;
    }

    /** Operations the local stack serves and AWS does not. */
    Set<String> localOnlyRoutes() {
        var routes = new TreeSet<String>();
        for (var route : routes()) {
            if (Boolean.TRUE.equals(operation(route).get("x-local-only"))) {
                routes.add(route);
            }
        }
        return routes;
    }

    Map<String, Object> operation(String route) {
        var space = route.indexOf(' ');
        var item = map(root, "paths").get(route.substring(space + 1));
        var operation = item instanceof Map<?, ?> m ? m.get(route.substring(0, space).toLowerCase(Locale.ROOT)) : null;
        if (!(operation instanceof Map<?, ?>)) {
            throw new AssertionError("docs/openapi.yaml does not describe " + route);
        }
        return cast(operation);
    }

    /** Statuses the document declares for a route. */
    Set<String> statuses(String route) {
        return new TreeSet<>(map(operation(route), "responses").keySet());
    }

    /** Routes and statuses checked so far, as {@code <METHOD> <path> <status>}. */
    Set<String> answered() {
        return Set.copyOf(answered);
    }

    /**
     * Checks a real answer: the route declares its status, the content type is one declared for
     * it, required headers are there, and a JSON body validates against the declared schema.
     */
    void check(String route, HttpResponse<String> response) {
        var status = Integer.toString(response.statusCode());
        var declared = map(operation(route), "responses").get(status);
        if (declared == null) {
            throw new AssertionError(route + " answered " + status + ", which docs/openapi.yaml does not declare (it declares "
                    + statuses(route) + "); body: " + shorten(response.body()));
        }
        var answer = resolve(cast(declared));
        var contentType = response.headers().firstValue("content-type").orElse("");
        var mediaType = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        var content = answer.get("content") instanceof Map<?, ?> c ? cast(c) : Map.<String, Object>of();
        if (content.isEmpty()) {
            if (!response.body().isEmpty()) {
                throw new AssertionError(route + " " + status + ": the document declares no body, the answer has one: "
                        + shorten(response.body()));
            }
        } else if (!content.containsKey(mediaType)) {
            throw new AssertionError(route + " " + status + ": content-type '" + contentType + "' is not declared; the document declares "
                    + content.keySet());
        }
        if (answer.get("headers") instanceof Map<?, ?> headers) {
            headers.forEach((name, header) -> {
                if (Boolean.TRUE.equals(((Map<?, ?>) header).get("required"))
                        && response.headers().firstValue(String.valueOf(name)).isEmpty()) {
                    throw new AssertionError(route + " " + status + ": header '" + name + "' is declared required and missing");
                }
            });
        }
        if (!content.isEmpty() && isJson(mediaType)) {
            var schema = ((Map<?, ?>) content.get(mediaType)).get("schema");
            var problems = problems(schemaName(schema, route + " " + status + " " + mediaType), response.body());
            if (!problems.isEmpty()) {
                throw new AssertionError(route + " " + status + " (" + mediaType + "): the body disagrees with docs/openapi.yaml:\n  "
                        + String.join("\n  ", problems) + "\nbody: " + shorten(response.body()));
            }
        }
        answered.add(route + " " + status);
    }

    /** What is wrong with a JSON request body the route declares a schema for; empty when it validates. */
    List<String> requestProblems(String route, String mediaType, String body) {
        var content = map(map(operation(route), "requestBody"), "content");
        var media = content.get(mediaType);
        if (media == null) {
            return List.of(route + " declares no request body of " + mediaType);
        }
        return problems(schemaName(((Map<?, ?>) media).get("schema"), route + " request " + mediaType), body);
    }

    /** What is wrong with {@code json} against {@code #/components/schemas/<name>}, each as {@code <where>: <what>}. */
    List<String> problems(String name, String json) {
        var schema = schemas.computeIfAbsent(name, n -> registry.getSchema(SchemaLocation.of(IRI + SCHEMA_REF + n)));
        var problems = new ArrayList<String>();
        for (var error : schema.validate(json, InputFormat.JSON)) {
            problems.add(error.getInstanceLocation() + ": " + error.getMessage() + " (schema " + error.getEvaluationPath() + ")");
        }
        return problems;
    }

    /** A JSON answer's schema is named in components/schemas, so clients and this check share one definition. */
    static String schemaName(Object schema, String where) {
        if (schema instanceof Map<?, ?> map && map.size() == 1 && map.get("$ref") instanceof String ref && ref.startsWith(SCHEMA_REF)) {
            return ref.substring(SCHEMA_REF.length());
        }
        throw new AssertionError(where + ": a JSON body's schema must be a lone $ref to " + SCHEMA_REF + "<Name>, not " + schema);
    }

    /** Every {@code $ref} in the document, with where it stands. */
    Map<String, String> refs() {
        var refs = new LinkedHashMap<String, String>();
        collectRefs(root, "#", refs);
        return refs;
    }

    /** Whether a local reference such as {@code #/components/schemas/Problem} points at something. */
    boolean resolves(String ref) {
        if (!ref.startsWith("#/")) {
            return false;
        }
        Object node = root;
        for (var token : ref.substring(2).split("/")) {
            var key = token.replace("~1", "/").replace("~0", "~");
            if (!(node instanceof Map<?, ?> map) || !map.containsKey(key)) {
                return false;
            }
            node = map.get(key);
        }
        return true;
    }

    /** Every JSON media type of every response and request body, as {@code where -> schema}. */
    Map<String, Object> jsonBodies() {
        var bodies = new LinkedHashMap<String, Object>();
        for (var route : routes()) {
            var operation = operation(route);
            map(operation, "responses").forEach((status, response) -> {
                var content = resolve(cast(response)).get("content");
                if (content instanceof Map<?, ?> media) {
                    media.forEach((type, entry) -> {
                        if (isJson(String.valueOf(type))) {
                            bodies.put(route + " " + status + " " + type, ((Map<?, ?>) entry).get("schema"));
                        }
                    });
                }
            });
        }
        return bodies;
    }

    private static void collectRefs(Object node, String at, Map<String, String> refs) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                var where = at + "/" + String.valueOf(key).replace("~", "~0").replace("/", "~1");
                if ("$ref".equals(key) && value instanceof String ref) {
                    refs.put(where, ref);
                } else {
                    collectRefs(value, where, refs);
                }
            });
        } else if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                collectRefs(list.get(i), at + "/" + i, refs);
            }
        }
    }

    /** A response given as {@code $ref: '#/components/responses/<Name>'}, followed. */
    private Map<String, Object> resolve(Map<String, Object> node) {
        var seen = new LinkedHashSet<String>();
        var current = node;
        while (current.get("$ref") instanceof String ref) {
            if (!seen.add(ref) || !ref.startsWith("#/components/responses/")) {
                throw new AssertionError("docs/openapi.yaml: cannot follow " + ref);
            }
            var target = map(map(root, "components"), "responses").get(ref.substring("#/components/responses/".length()));
            if (!(target instanceof Map<?, ?>)) {
                throw new AssertionError("docs/openapi.yaml: " + ref + " points at nothing");
            }
            current = cast(target);
        }
        return current;
    }

    private static boolean isJson(String mediaType) {
        return mediaType.equals("application/json") || mediaType.endsWith("+json");
    }

    private static Map<String, Object> map(Map<String, Object> node, String key) {
        var value = node.get(key);
        if (!(value instanceof Map<?, ?>)) {
            throw new AssertionError("docs/openapi.yaml: no '" + key + "' object where expected");
        }
        return cast(value);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object map) {
        return (Map<String, Object>) map;
    }

    private static String write(Object tree) {
        try {
            return JSON.std.asString(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String shorten(String body) {
        return body.length() > 2_000 ? body.substring(0, 2_000) + "..." : body;
    }
}

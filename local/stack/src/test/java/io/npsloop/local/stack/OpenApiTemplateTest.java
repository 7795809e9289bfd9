package io.npsloop.local.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import com.networknt.schema.InputFormat;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/openapi.yaml and template.yaml describe the same HTTP API: every route of the template is
 * documented with the template's authorisation, and the document has no route AWS lacks except
 * those marked local-only. A new route without documentation fails here.
 */
class OpenApiTemplateTest {

    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)}");

    private static OpenApiDocument document;
    /** {@code <METHOD> <path>} of every HttpApi event in the template, with its authorizer or "NONE". */
    private static Map<String, String> templateRoutes;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void read() throws Exception {
        document = OpenApiDocument.load();
        Map<String, Object> template = CloudFormationYaml.template();
        templateRoutes = new TreeMap<>();
        ((Map<String, Object>) template.get("Resources")).forEach((name, resource) -> {
            var properties = (Map<String, Object>) ((Map<String, Object>) resource).get("Properties");
            var events = properties == null ? null : (Map<String, Object>) properties.get("Events");
            if (events == null) {
                return;
            }
            events.values().stream().map(e -> (Map<String, Object>) e).filter(e -> "HttpApi".equals(e.get("Type"))).forEach(e -> {
                var event = (Map<String, Object>) e.get("Properties");
                var auth = (Map<String, Object>) event.get("Auth");
                var route = event.get("Method").toString().toUpperCase(Locale.ROOT) + " " + event.get("Path");
                templateRoutes.put(route, auth == null ? "NONE" : String.valueOf(auth.get("Authorizer")));
            });
        });
    }

    @Test
    void everyTemplateRouteIsDocumentedAndEveryDocumentedRouteIsInTheTemplateUnlessLocalOnly() {
        assertThat(templateRoutes).as("HttpApi events in template.yaml").hasSizeGreaterThanOrEqualTo(10);
        var undocumented = new TreeSet<>(templateRoutes.keySet());
        undocumented.removeAll(document.routes());
        assertThat(undocumented).as("routes of template.yaml that docs/openapi.yaml does not describe").isEmpty();

        var notDeployed = new TreeSet<>(document.routes());
        notDeployed.removeAll(templateRoutes.keySet());
        notDeployed.removeAll(document.localOnlyRoutes());
        assertThat(notDeployed).as("routes of docs/openapi.yaml that template.yaml lacks and that are not marked x-local-only").isEmpty();

        assertThat(document.localOnlyRoutes()).as("routes marked x-local-only").containsExactly("GET /exports/{file}")
                .allSatisfy(route -> assertThat(templateRoutes).as("a local-only route is not deployed").doesNotContainKey(route))
                .allSatisfy(route -> assertThat(list(document.operation(route).get("tags"))).as(route).contains("local-only"));
    }

    @Test
    void eachRouteIsAuthorisedAsTheTemplateSays() {
        templateRoutes.forEach((route, authorizer) -> {
            var security = list(document.operation(route).get("security"));
            assertThat(security).as("%s: security, explicit on every operation", route).isNotNull();
            if (authorizer.equals("AWS_IAM")) {
                assertThat(security).as("%s is IAM-authorised in template.yaml", route).contains(Map.of("sigv4", List.of()));
            } else if (authorizer.equals("DeskAuthorizer")) {
                assertThat(security).as("%s takes a desk access token in template.yaml", route).containsExactly(Map.of("deskToken", List.of()));
                assertThat(document.statuses(route)).as("%s: its denials", route).contains("401", "403");
            } else {
                assertThat(authorizer).as(route).isEqualTo("NONE");
                assertThat(security).as("%s is open in template.yaml (its proof is in the body's signature)", route).isEmpty();
            }
        });
        // Where REPORT_API_TOKEN guards them: the report function's own routes.
        assertThat(list(document.operation("POST /outcomes").get("security"))).contains(Map.of("reportToken", List.of()));
        assertThat(list(document.operation("GET /reports/roi").get("security"))).contains(Map.of("reportToken", List.of()));
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return (List<Object>) value;
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyPathParameterIsDeclaredAndRequired() {
        var components = (Map<String, Object>) ((Map<String, Object>) document.root().get("components")).get("parameters");
        for (var route : document.routes()) {
            var declared = new TreeSet<String>();
            var parameters = (List<Map<String, Object>>) document.operation(route).getOrDefault("parameters", List.of());
            for (var parameter : parameters) {
                var p = parameter.get("$ref") instanceof String ref
                        ? (Map<String, Object>) components.get(ref.substring(ref.lastIndexOf('/') + 1))
                        : parameter;
                assertThat(p).as("%s: parameter %s resolves", route, parameter).isNotNull();
                if ("path".equals(p.get("in"))) {
                    assertThat(p.get("required")).as("%s: path parameter %s is required", route, p.get("name")).isEqualTo(true);
                    declared.add((String) p.get("name"));
                }
            }
            var inPath = new TreeSet<String>();
            PATH_PARAMETER.matcher(route).results().forEach(m -> inPath.add(m.group(1)));
            assertThat(declared).as("%s: path parameters declared", route).isEqualTo(inPath);
        }
    }

    @Test
    void theDocumentIsOpenApi31WithJsonSchema2020AndEveryReferenceResolves() {
        assertThat(document.root()).containsEntry("openapi", "3.1.0")
                .containsEntry("jsonSchemaDialect", "https://json-schema.org/draft/2020-12/schema");
        @SuppressWarnings("unchecked")
        var info = (Map<String, Object>) document.root().get("info");
        assertThat((String) info.get("description")).as("info.description").hasSizeGreaterThan(200);
        var broken = new TreeMap<String, String>();
        document.refs().forEach((where, ref) -> {
            if (!document.resolves(ref)) {
                broken.put(where, ref);
            }
        });
        assertThat(broken).as("$refs that point at nothing").isEmpty();
    }

    @Test
    void everyOperationDeclaresASuccessAndEveryJsonBodyNamesItsSchema() {
        for (var route : document.routes()) {
            // The one redirect: /desk to the desk's page, whose success is the redirect.
            var success = route.equals("GET /desk") ? "308" : "2";
            assertThat(document.statuses(route)).as("%s: statuses", route).anyMatch(s -> s.startsWith(success))
                    .allMatch(s -> s.matches("[1-5][0-9][0-9]"));
        }
        var unnamed = new ArrayList<String>();
        document.jsonBodies().forEach((where, schema) -> {
            try {
                OpenApiDocument.schemaName(schema, where);
            } catch (AssertionError e) {
                unnamed.add(e.getMessage());
            }
        });
        assertThat(unnamed).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyComponentSchemaIsValidJsonSchema2020() throws Exception {
        var metaSchema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(SchemaLocation.of(SpecificationVersion.DRAFT_2020_12.getDialectId()));
        var schemas = (Map<String, Object>) ((Map<String, Object>) document.root().get("components")).get("schemas");
        assertThat(schemas).containsKeys("Problem", "Case", "RoiReport", "Erasure", "QuarantinedRequest");
        var invalid = new TreeMap<String, String>();
        for (var entry : schemas.entrySet()) {
            var errors = metaSchema.validate(JSON.std.asString(entry.getValue()), InputFormat.JSON);
            if (!errors.isEmpty()) {
                invalid.put(entry.getKey(), errors.toString());
            }
        }
        assertThat(invalid).as("component schemas the 2020-12 meta-schema rejects").isEmpty();
    }

    @Test
    void theProblemSchemaRejectsWhatIsNotAProblem() {
        // The contract test relies on the schemas being strict enough to fail.
        assertThat(document.problems("Problem", "{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,\"detail\":\"x\"}"))
                .isEmpty();
        assertThat(document.problems("Problem", "{\"title\":\"Not Found\",\"status\":\"404\"}"))
                .anyMatch(p -> p.contains("type")).anyMatch(p -> p.contains("status")).anyMatch(p -> p.contains("detail"));
        assertThat(document.problems("Case", "{\"id\":\"generic:r\",\"status\":\"reopened\"}"))
                .anyMatch(p -> p.startsWith("/status") || p.startsWith("$.status"));
        assertThat(document.problems("QuarantinedRequest", "{\"id\":\"1-2\",\"receivedAt\":\"yesterday\",\"source\":\"x\","
                + "\"status\":401,\"outcome\":\"bad-signature\",\"reason\":\"r\",\"replayable\":true}"))
                .as("formats and patterns are asserted").hasSizeGreaterThanOrEqualTo(2);
    }
}

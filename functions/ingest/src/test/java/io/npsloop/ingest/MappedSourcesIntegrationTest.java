package io.npsloop.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.jr.ob.JSON;
import io.npsloop.config.Settings;
import io.npsloop.ingest.sources.Signatures;
import io.npsloop.ingest.sources.mapped.DocumentedRecipes;
import io.npsloop.local.LocalAws;
import io.npsloop.local.LocalContext;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Tools without code of their own, each read by its recipe in MAPPED_SOURCES, through the ingest function against DynamoDB Local. */
class MappedSourcesIntegrationTest {

    static final String TALLY_SECRET = "local-only-tally-signing-secret";
    static final String SURVICATE_TOKEN = "local-only-survicate-verification-token";
    static final String WOOTRIC_URL_TOKEN = "local-only-wootric-url-token-0123456789abcdef";

    private final LocalAws aws = LocalAws.shared();
    private LocalAws.Resources resources;
    private IngestFunction function;

    @BeforeEach
    void setUp() {
        resources = aws.provision("mapped-" + UUID.randomUUID().toString().substring(0, 8));
        function = new IngestFunction(new Settings(environment(Map.of())));
    }

    private Map<String, String> environment(Map<String, String> overrides) {
        var env = new HashMap<>(aws.environment());
        env.put("TABLE_NAME", resources.tableName());
        env.put("HOLDOUT_PERCENT", "0");
        env.put("MAPPED_SOURCES", DocumentedRecipes.JSON);
        env.put("WEBHOOK_SECRET_TALLY", TALLY_SECRET);
        env.put("WEBHOOK_SECRET_SURVICATE", SURVICATE_TOKEN);
        env.put("WEBHOOK_SECRET_WOOTRIC_URL_TOKEN", WOOTRIC_URL_TOKEN);
        env.putAll(overrides);
        return env;
    }

    private APIGatewayV2HTTPResponse call(String routeKey, Map<String, String> path, Map<String, String> headers, String body) {
        return function.handleRequest(APIGatewayV2HTTPEvent.builder().withRouteKey(routeKey).withPathParameters(path)
                .withHeaders(headers).withBody(body).withIsBase64Encoded(false).build(), new LocalContext("ingest"));
    }

    private APIGatewayV2HTTPResponse post(String source, Map<String, String> headers, String body) {
        return call("POST /webhooks/{source}", Map.of("source", source), headers, body);
    }

    private static Map<String, String> tally(String body, String secret) {
        var signature = Base64.getEncoder().encodeToString(
                Signatures.hmacSha256(Signatures.utf8(secret), body.getBytes(StandardCharsets.UTF_8)));
        return Map.of("content-type", "application/json", "tally-signature", signature);
    }

    private static Map<String, Object> json(APIGatewayV2HTTPResponse response) throws Exception {
        return JSON.std.mapFrom(response.getBody());
    }

    private Map<String, AttributeValue> stored(String source, String responseId) {
        return aws.dynamoDb().getItem(r -> r.tableName(resources.tableName()).key(Map.of(
                "pk", AttributeValue.fromS("RESPONSE#" + source + "#" + responseId), "sk", AttributeValue.fromS("RESPONSE")))).item();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> quarantined() throws Exception {
        return (List<Map<String, Object>>) json(call("GET /quarantine", null, null, null)).get("requests");
    }

    @Test
    void tallysFormResponseIsReadByItsRecipeAndStoredOnce() throws Exception {
        var body = Fixtures.webhook("mapped-tally-form-response.json");

        var answer = post("tally", tally(body, TALLY_SECRET), body);

        assertThat(answer.getStatusCode()).isEqualTo(202);
        assertThat(json(answer)).containsEntry("responseId", "kai-lb-response").containsEntry("category", "passive");
        var stored = stored("tally", "kai-lb-response");
        assertThat(stored.get("score").n()).isEqualTo("7");
        assertThat(stored.get("customerId").s()).isEqualTo("kai@example.com");
        assertThat(stored.get("surveyId").s()).isEqualTo("31Y66W");
        assertThat(stored).doesNotContainKey("comment");

        var retry = post("tally", tally(body, TALLY_SECRET), body);
        assertThat(retry.getStatusCode()).isEqualTo(200);
        assertThat(json(retry)).containsEntry("duplicate", true);
    }

    @Test
    void survicatesLabelledAnswerIsScoredThroughTheRecipesMapAndAnswersToOtherQuestionsAreIgnored() throws Exception {
        var body = Fixtures.webhook("mapped-survicate-question-answered.json");
        var headers = Map.of("content-type", "application/json", "token", SURVICATE_TOKEN);

        var answer = post("survicate", headers, body);

        assertThat(answer.getStatusCode()).isEqualTo(202);
        assertThat(json(answer)).containsEntry("category", "promoter");
        var stored = stored("survicate", "3fa85f64-5717-4562-b3fc-2c963f66afa6");
        assertThat(stored.get("score").n()).isEqualTo("10");
        assertThat(stored.get("customerId").s()).isEqualTo("534759");
        assertThat(stored).doesNotContainKey("comment");

        var otherQuestion = post("survicate", headers, body.replace("\"id\": 12123", "\"id\": 12124"));
        assertThat(otherQuestion.getStatusCode()).isEqualTo(200);
        assertThat(json(otherQuestion)).containsEntry("ignored", true);

        var unmapped = post("survicate", headers, body.replace("\"Great\"", "\"Superb\""));
        assertThat(unmapped.getStatusCode()).isEqualTo(400);
        assertThat(unmapped.getBody()).contains("/event/questionAnswered/choice/body").contains("scoreValues");
        assertThat(post("survicate", Map.of("content-type", "application/json", "token", "not-the-token"), body).getStatusCode())
                .isEqualTo(401);
        // The answer to another question is kept too, as ignored: nothing is dropped without a trace.
        assertThat(quarantined()).extracting(q -> q.get("status")).containsExactlyInAnyOrder(200, 400, 401);
        assertThat(aws.dynamoDb().scan(r -> r.tableName(resources.tableName())).items())
                .as("the token header is never kept")
                .allSatisfy(item -> assertThat(item.containsKey("headers") ? item.get("headers").m() : Map.of()).doesNotContainKey("token"));
    }

    @Test
    void wootricPostsByTheUrlWithItsTokenAndItsDeclinesAreIgnored() throws Exception {
        var body = Fixtures.webhook("mapped-wootric-response-event.json");
        var headers = Map.of("content-type", "application/json");
        var route = "POST /webhooks/{source}/{token}";

        var answer = call(route, Map.of("source", "wootric", "token", WOOTRIC_URL_TOKEN), headers, body);

        assertThat(answer.getStatusCode()).isEqualTo(202);
        assertThat(json(answer)).containsEntry("category", "promoter");
        var stored = stored("wootric", "15181514");
        assertThat(stored.get("score").n()).isEqualTo("10");
        assertThat(stored.get("customerId").s()).isEqualTo("62707387");
        assertThat(stored.get("comment").s()).isEqualTo("updated event?");

        var decline = call(route, Map.of("source", "wootric", "token", WOOTRIC_URL_TOKEN), headers,
                Fixtures.webhook("ignored/mapped-wootric-decline.json"));
        assertThat(decline.getStatusCode()).isEqualTo(200);
        assertThat(json(decline)).containsEntry("ignored", true);
        assertThat(post("wootric", headers, body).getStatusCode()).as("without the token").isEqualTo(401);
    }

    @Test
    void aRecipeThatIsNotNpsOrNotAJsonPointerStopsTheFunctionNamingTheSettingAndTheProblem() {
        assertThatThrownBy(() -> new IngestFunction(new Settings(environment(Map.of("MAPPED_SOURCES",
                "{\"tally\": {\"responseId\": \"/data/responseId\", \"fixedSurveyId\": \"nps\", \"score\": \"data.fields[0].value\","
                        + " \"submittedAt\": \"/data/createdAt\", \"signature\": {\"scheme\": \"url-token\"}}}")))))
                .hasStackTraceContaining("MAPPED_SOURCES.tally.score: \"data.fields[0].value\" is not a JSON Pointer");
        assertThatThrownBy(() -> new IngestFunction(new Settings(environment(Map.of("MAPPED_SOURCES",
                DocumentedRecipes.JSON.replace("\"score\": \"/data/fields/0/value\",", "\"score\": \"/data/fields/0/value\", \"scale\": {\"from\": 1, \"to\": 5},"))))))
                .hasStackTraceContaining("MAPPED_SOURCES.tally.scale: 1 to 5 is not an NPS scale");
        assertThatThrownBy(() -> new IngestFunction(new Settings(environment(Map.of("MAPPED_SOURCES",
                DocumentedRecipes.JSON.replace("\"tally\":", "\"typeform\":"))))))
                .hasStackTraceContaining("MAPPED_SOURCES.typeform: the name is a built-in source's");
    }
}

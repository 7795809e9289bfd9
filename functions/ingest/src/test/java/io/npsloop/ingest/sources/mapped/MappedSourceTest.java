package io.npsloop.ingest.sources.mapped;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.npsloop.config.Settings;
import io.npsloop.ingest.sources.InvalidPayloadException;
import io.npsloop.ingest.sources.ReplayWindow;
import io.npsloop.ingest.sources.StandardWebhooks;
import io.npsloop.ingest.sources.SurveyTool;
import io.npsloop.ingest.sources.SurveyTools;
import io.npsloop.ingest.sources.Verification;
import io.npsloop.ingest.sources.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MappedSourceTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private static final SurveyTool.Shared SHARED = new SurveyTool.Shared(StandardWebhooks.DEFAULT_TOLERANCE, ReplayWindow.DEFAULT);

    private static Recipe recipe(String json) {
        return MappedSources.read(new Settings(Map.of("MAPPED_SOURCES", "{\"inhouse\": " + json + "}")), Set.of("generic")).get(0);
    }

    private static String minimal(String signature, String extra) {
        return "{\"responseId\": \"/id\", \"fixedSurveyId\": \"nps-q4\", \"score\": \"/answer/score\", \"submittedAt\": \"/at\", "
                + "\"signature\": " + signature + extra + "}";
    }

    private static String refusal(String json) {
        try {
            recipe(json);
            throw new AssertionError("accepted: " + json);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    @Test
    void pointersFollowRfc6901IncludingEscapesAndArrayIndexes() {
        var body = Map.<String, Object>of("a/b", Map.of("m~n", java.util.List.of("x", "y")));

        assertThat(JsonPointer.parse("/a~1b/m~0n/1").resolve(body)).isEqualTo("y");
        assertThat(JsonPointer.parse("/a~1b/m~0n/2").resolve(body)).isNull();
        assertThat(JsonPointer.parse("/a~1b/m~0n/01").resolve(body)).isNull();
        assertThatThrownBy(() -> JsonPointer.parse("a/b")).hasMessageContaining("is not a JSON Pointer");
        assertThatThrownBy(() -> JsonPointer.parse("/a~2")).hasMessageContaining("~ must be followed by 0 or 1");
    }

    @Test
    void recipesAreRefusedAtStartUpWithTheSettingTheSourceAndTheProblem() {
        var token = "{\"scheme\": \"token-header\", \"header\": \"X-Token\"}";

        assertThat(refusal(minimal(token, ", \"scale\": {\"from\": 1, \"to\": 5}")))
                .startsWith("MAPPED_SOURCES.inhouse.scale: 1 to 5 is not an NPS scale");
        assertThat(refusal(minimal(token, ", \"scoreValues\": {\"Great\": 11}")))
                .isEqualTo("MAPPED_SOURCES.inhouse.scoreValues.Great: must be a whole number from 0 to 10");
        assertThat(refusal(minimal(token, ", \"comment\": \"comment\"")))
                .startsWith("MAPPED_SOURCES.inhouse.comment: \"comment\" is not a JSON Pointer");
        assertThat(refusal(minimal(token, ", \"scroe\": \"/x\""))).startsWith("MAPPED_SOURCES.inhouse.scroe: not a recipe key");
        assertThat(refusal(minimal(token, ", \"surveyId\": \"/survey\""))).contains("either surveyId").contains("or fixedSurveyId");
        assertThat(refusal(minimal("{\"scheme\": \"md5\"}", ""))).startsWith("MAPPED_SOURCES.inhouse.signature.scheme: md5 is not one of");
        assertThat(refusal(minimal("{\"scheme\": \"hmac-sha256\", \"header\": \"X-Sig\", \"encoding\": \"base32\"}", "")))
                .startsWith("MAPPED_SOURCES.inhouse.signature.encoding: must be hex or base64");
        assertThat(refusal(minimal(token, ", \"respondent\": {\"phone\": \"/p\"}"))).startsWith("MAPPED_SOURCES.inhouse.respondent.phone");
        assertThat(recipe(minimal(token, ", \"scale\": {\"from\": 0, \"to\": 10}")).scoreValues()).isEmpty();
        assertThatThrownBy(() -> MappedSources.read(new Settings(Map.of("MAPPED_SOURCES", "{\"Bad Name\": {}}")), Set.of()))
                .hasMessageStartingWith("MAPPED_SOURCES.Bad Name: the name must be");
        assertThatThrownBy(() -> MappedSources.read(new Settings(Map.of("MAPPED_SOURCES", "[1]")), Set.of()))
                .hasMessageStartingWith("MAPPED_SOURCES must be a JSON object");
    }

    @Test
    void theRegistryOffersTheBuiltInToolsThenTheConfiguredOnes() {
        var settings = new Settings(Map.of("MAPPED_SOURCES", "{\"inhouse\": "
                + minimal("{\"scheme\": \"token-header\", \"header\": \"X-Token\"}", "") + "}"));

        assertThat(SurveyTools.of(settings)).hasSize(SurveyTools.ALL.size() + 1).startsWith(SurveyTools.ALL.toArray(SurveyTool[]::new));
        assertThat(SurveyTools.named("inhouse", settings)).isPresent();
        assertThat(SurveyTools.named("inhouse")).as("built-ins only").isEmpty();
        assertThat(SurveyTools.secretHeaders(settings)).contains("X-Token", "X-AskNicely-Token");
        assertThat(SurveyTools.of(new Settings(Map.of()))).isEqualTo(SurveyTools.ALL);
    }

    @Test
    void eachSchemeSignsAsItsSourceVerifiesAndATamperedBodyFailsWhereTheProofCoversIt() {
        var body = "{\"id\": \"r1\", \"answer\": {\"score\": 9}, \"at\": \"2026-11-22T11:59:00Z\"}".getBytes(StandardCharsets.UTF_8);
        for (var signature : new String[] {
                "{\"scheme\": \"standard-webhooks\"}",
                "{\"scheme\": \"hmac-sha256\", \"header\": \"X-Hub-Signature-256\", \"encoding\": \"hex\", \"prefix\": \"sha256=\"}",
                "{\"scheme\": \"hmac-sha256\", \"header\": \"Tally-Signature\", \"encoding\": \"base64\"}",
                "{\"scheme\": \"token-header\", \"header\": \"X-Token\"}"}) {
            var tool = new Mapped(recipe(minimal(signature, "")));
            var source = tool.source(new Settings(Map.of()), SHARED);
            var signed = tool.sign(body, tool.localSecret(), "msg_1", NOW);

            assertThat(source.verify(new WebhookRequest(signed.headers(), signed.body()), tool.localSecret(), NOW))
                    .as(signature).isEqualTo(Verification.VALID);
            var tampered = signed.body().clone();
            tampered[10] ^= 1;
            assertThat(source.verify(new WebhookRequest(signed.headers(), tampered), tool.localSecret(), NOW).valid())
                    .as(signature + " tampered").isEqualTo(signature.contains("token-header"));
        }
    }

    @Test
    void aSignedTimeOutsideTheReplayWindowIsRefusedAfterTheProof() {
        var tool = new Mapped(recipe(minimal("{\"scheme\": \"token-header\", \"header\": \"X-Token\"}", ", \"signedAt\": \"/at\"")));
        var source = tool.source(new Settings(Map.of()), SHARED);
        var old = "{\"id\": \"r1\", \"answer\": {\"score\": 9}, \"at\": \"2026-11-10T11:59:00Z\"}".getBytes(StandardCharsets.UTF_8);
        var fresh = "{\"id\": \"r1\", \"answer\": {\"score\": 9}, \"at\": 1795348740}".getBytes(StandardCharsets.UTF_8);
        var headers = Map.of("x-token", tool.localSecret());

        assertThat(source.verify(new WebhookRequest(headers, old), tool.localSecret(), NOW).problem())
                .startsWith("/at is more than 72 hours away from now");
        assertThat(source.verify(new WebhookRequest(headers, fresh), tool.localSecret(), NOW)).isEqualTo(Verification.VALID);
    }

    @Test
    void everyFieldThatDoesNotReadIsNamedByItsPointer() {
        var source = new Mapped(recipe(minimal("{\"scheme\": \"token-header\", \"header\": \"X-Token\"}",
                ", \"respondent\": {\"email\": \"/who/email\", \"annualValue\": \"/who/value\"}"))).source(new Settings(Map.of()), SHARED);
        var body = "{\"answer\": {\"score\": 12}, \"at\": \"yesterday\", \"who\": {\"email\": \"nobody\", \"value\": \"-3\"}}";

        assertThatThrownBy(() -> source.parse(new WebhookRequest(new HashMap<>(), body.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOfSatisfying(InvalidPayloadException.class, e -> assertThat(e.violations())
                        .extracting(v -> v.field()).containsExactlyInAnyOrder("/id", "/answer/score", "/at", "/who/email", "/who/value"));
    }
}

package io.npsloop.ingest.sources.asknicely;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.npsloop.domain.intake.Category;
import io.npsloop.domain.intake.ResponseKey;
import io.npsloop.ingest.Fixtures;
import io.npsloop.ingest.sources.InvalidPayloadException;
import io.npsloop.ingest.sources.Verification;
import io.npsloop.ingest.sources.Violation;
import io.npsloop.ingest.sources.WebhookRequest;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AskNicelySourceTest {

    private static final String TOKEN = "local-only-asknicely-token-7f3a9c";
    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private final AskNicelySource source = new AskNicelySource(AskNicelyFields.DEFAULTS);

    private static WebhookRequest body(String json) {
        return new WebhookRequest(Map.of(), json.getBytes(StandardCharsets.UTF_8));
    }

    private static WebhookRequest withHeader(String name, String value) {
        return new WebhookRequest(Map.of(name, value), Fixtures.webhook("asknicely-detractor.json").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheSampleScoreContactAndCustomFields() throws Exception {
        var response = source.parse(body(Fixtures.webhook("asknicely-detractor.json"))).orElseThrow();

        assertThat(response.key()).isEqualTo(new ResponseKey("asknicely", "512877"));
        assertThat(response.surveyId()).isEqualTo("asknicely");
        assertThat(response.score().value()).isEqualTo(3);
        assertThat(response.category()).isEqualTo(Category.DETRACTOR);
        assertThat(response.comment()).isNull();
        assertThat(response.submittedAt()).isEqualTo(Instant.parse("2026-11-20T19:03:27Z"));
        var who = response.respondent();
        assertThat(who.id()).isEqualTo("cust-3003");
        assertThat(who.email()).isEqualTo("kenji.watanabe@example.com");
        assertThat(who.name()).isEqualTo("Kenji Watanabe");
        assertThat(who.accountId()).isEqualTo("acct-soylent");
        assertThat(who.annualValue()).isEqualByComparingTo(new BigDecimal("31000"));
        assertThat(who.locale()).isEqualTo("ja");
    }

    @Test
    void theUpdateCarriesTheCommentUnderTheSameKey() throws Exception {
        var first = body(Fixtures.webhook("asknicely-detractor.json"));
        var second = body(Fixtures.webhook("asknicely-detractor-updated.json"));

        assertThat(source.parse(second).orElseThrow().key()).isEqualTo(source.parse(first).orElseThrow().key());
        assertThat(source.parse(second).orElseThrow().comment())
                .isEqualTo("The mobile app logs me out every day and support has not replied in a week.");
        assertThat(source.isUpdate(first)).isFalse();
        assertThat(source.isUpdate(second)).isTrue();
    }

    @Test
    void readsThePromoterSample() throws Exception {
        var response = source.parse(body(Fixtures.webhook("asknicely-promoter.json"))).orElseThrow();

        assertThat(response.key()).isEqualTo(new ResponseKey("asknicely", "513020"));
        assertThat(response.score().value()).isEqualTo(10);
        assertThat(response.category()).isEqualTo(Category.PROMOTER);
        assertThat(response.respondent().id()).isEqualTo("cust-3006");
        assertThat(response.respondent().annualValue()).isEqualByComparingTo("4800");
    }

    @Test
    void countSaysWhetherADeliveryIsAnUpdate() throws Exception {
        assertThat(source.isUpdate(body("{\"count\":\"3\"}"))).isTrue();
        assertThat(source.isUpdate(body("{}"))).isFalse();
        assertThatThrownBy(() -> source.isUpdate(body("{\"count\":0}")))
                .isInstanceOfSatisfying(InvalidPayloadException.class, e -> assertThat(e.violations())
                        .containsExactly(new Violation("count", "must be a whole number from 1")));
        assertThatThrownBy(() -> source.isUpdate(body("{\"count\":\"many\"}"))).isInstanceOf(InvalidPayloadException.class);
    }

    @Test
    void customFieldNamesAreConfigurableAndMayBeOnTheQuestion() throws Exception {
        var fields = new AskNicelyFields("Authorization", "crm_id_c", "company_c", "arr_c", "language_c", "relationship-nps");
        var json = """
                {"count":1,"person":{"id":"1","firstname":"Al","lastname":"B","email":"a@b.co","crm_id_c":"u-7","Company_C":"c-1"},
                 "question":{"id":"9","score":8,"responded":1795201407,"arr_c":"1200.50","language_c":"pt-BR"}}
                """;

        var response = new AskNicelySource(fields).parse(body(json)).orElseThrow();

        assertThat(response.surveyId()).isEqualTo("relationship-nps");
        assertThat(response.respondent().id()).isEqualTo("u-7");
        assertThat(response.respondent().name()).isEqualTo("Al B");
        assertThat(response.respondent().accountId()).isEqualTo("c-1");
        assertThat(response.respondent().annualValue()).isEqualByComparingTo("1200.50");
        assertThat(response.respondent().locale()).isEqualTo("pt-BR");
    }

    @Test
    void withoutACustomerIdTheEmailIdentifiesTheRespondent() throws Exception {
        var json = """
                {"count":1,"person":{"email":"Jo@Example.com"},"question":{"id":"9","score":"8","responded":"1795201407"}}
                """;

        assertThat(source.parse(body(json)).orElseThrow().respondent().id()).isEqualTo("jo@example.com");
    }

    @Test
    void otherQuestionTypesAreIgnored() throws Exception {
        var json = """
                {"count":1,"question":{"id":"9","score":"5","question_type":"5STAR","responded":"1795201407"}}
                """;

        assertThat(source.parse(body(json))).isEmpty();
    }

    @ParameterizedTest(name = "{2}: {3}")
    @CsvSource(delimiter = '|', emptyValue = "", value = {
        "\"score\": \"3\",|''|question.score|is required: a whole number from 0 to 10",
        "\"score\": \"3\",|\"score\": \"11\",|question.score|must be a whole number from 0 to 10",
        "\"score\": \"3\",|\"score\": \"-1\",|question.score|must be a whole number from 0 to 10",
        "\"score\": \"3\",|\"score\": \"three\",|question.score|must be a whole number from 0 to 10",
        "\"score\": \"3\",|\"score\": \"3.5\",|question.score|must be a whole number from 0 to 10",
        "\"id\": \"512877\",|''|question.id|is required",
        "\"responded\": \"1795201407\",|''|question.responded|is required: seconds since the epoch",
        "\"responded\": \"1795201407\",|\"responded\": \"last night\",|question.responded|must be seconds since the epoch",
        "\"annual_value_c\": \"31000\",|\"annual_value_c\": \"plenty\",|person.annual_value_c|must be a non-negative number",
        "\"locale_c\": \"ja\"|\"locale_c\": \"Japanese!\"|person.locale_c|must be a language tag such as en, es or pt-BR",
        "\"email\": \"kenji.watanabe@example.com\",|\"email\": \"kenji\",|person.email|must be an email address",
    })
    void namesWhatIsWrong(String from, String to, String field, String message) {
        var sample = Fixtures.webhook("asknicely-detractor.json");
        assertThat(sample).contains(from);
        var json = sample.replace(from, to);

        assertThatThrownBy(() -> source.parse(body(json)))
                .isInstanceOfSatisfying(InvalidPayloadException.class, e ->
                        assertThat(e.violations()).containsExactly(new Violation(field, message)));
    }

    @Test
    void aMissingQuestionIsNamed() {
        assertThatThrownBy(() -> source.parse(body("{\"count\":1,\"person\":{}}")))
                .isInstanceOfSatisfying(InvalidPayloadException.class, e -> assertThat(e.violations())
                        .containsExactly(new Violation("question", "is required")));
    }

    @Test
    void acceptsTheSharedTokenInTheConfiguredHeader() {
        assertThat(source.verify(withHeader("x-asknicely-token", TOKEN), TOKEN, NOW)).isEqualTo(Verification.VALID);
        assertThat(source.verify(withHeader("X-AskNicely-Token", " " + TOKEN + " "), TOKEN, NOW).valid()).isTrue();
    }

    @Test
    void theHeaderNameIsConfigurableAndABearerPrefixIsUnderstood() {
        var fields = new AskNicelyFields("Authorization", "customer_id_c", "account_id_c", "annual_value_c", "locale_c", "asknicely");
        var viaAuthorization = new AskNicelySource(fields);

        assertThat(viaAuthorization.verify(withHeader("authorization", "Bearer " + TOKEN), TOKEN, NOW).valid()).isTrue();
        assertThat(viaAuthorization.verify(withHeader("authorization", TOKEN), TOKEN, NOW).valid()).isTrue();
        assertThat(viaAuthorization.verify(withHeader("x-asknicely-token", TOKEN), TOKEN, NOW).problem())
                .isEqualTo("Authorization header is required");
    }

    @Test
    void rejectsAWrongOrMissingToken() {
        assertThat(source.verify(withHeader("x-asknicely-token", TOKEN + "x"), TOKEN, NOW).problem())
                .isEqualTo("X-AskNicely-Token does not match the configured token");
        assertThat(source.verify(withHeader("x-asknicely-token", TOKEN.substring(1)), TOKEN, NOW).valid()).isFalse();
        assertThat(source.verify(withHeader("x-asknicely-token", TOKEN), "another-token-of-some-length", NOW).valid()).isFalse();
        assertThat(source.verify(withHeader("x-asknicely-token", "  "), TOKEN, NOW).problem())
                .isEqualTo("X-AskNicely-Token header is required");
        assertThat(source.verify(body("{}"), TOKEN, NOW).problem()).isEqualTo("X-AskNicely-Token header is required");
    }

    /** A token proves nothing about the body, so a changed body with the right token still passes. */
    @Test
    void theTokenDoesNotCoverTheBody() {
        var tampered = new WebhookRequest(Map.of("x-asknicely-token", TOKEN),
                Fixtures.webhook("asknicely-detractor.json").replace("\"3\"", "\"10\"").getBytes(StandardCharsets.UTF_8));

        assertThat(source.verify(tampered, TOKEN, NOW).valid()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "short-token"})
    void aMissingOrShortConfiguredTokenIsAConfigurationError(String configured) {
        assertThatThrownBy(() -> source.verify(withHeader("x-asknicely-token", configured), configured, NOW))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("at least 16 characters");
    }

    @Test
    void readsAskNicelysDocumentedExample() throws Exception {
        var request = body(Fixtures.webhook("asknicely-help-example.json"));
        var response = source.parse(request).orElseThrow();

        assertThat(response.key()).isEqualTo(new ResponseKey("asknicely", "345094"));
        assertThat(response.surveyId()).isEqualTo("asknicely");
        assertThat(response.score().value()).isEqualTo(10);
        assertThat(response.category()).isEqualTo(Category.PROMOTER);
        assertThat(response.comment()).isEqualTo("The gym was great, love it!");
        assertThat(response.submittedAt()).isEqualTo(Instant.parse("2026-03-31T20:48:45Z"));
        var who = response.respondent();
        // No custom fields: the e-mail identifies the customer.
        assertThat(who.id()).isEqualTo("tester@asknice.ly");
        assertThat(who.email()).isEqualTo("tester@asknice.ly");
        assertThat(who.name()).isEqualTo("Firstname Lastname");
        assertThat(who.accountId()).isNull();
        assertThat(who.annualValue()).isNull();
        assertThat(source.isUpdate(request)).isFalse();
    }
}

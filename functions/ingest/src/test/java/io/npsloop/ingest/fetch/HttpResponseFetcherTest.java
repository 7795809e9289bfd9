package io.npsloop.ingest.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.npsloop.ingest.FakeSurveyApis;
import io.npsloop.ingest.WebhookSecrets;
import io.npsloop.ingest.sources.ReplayWindow;
import io.npsloop.ingest.sources.ResponseNotice;
import io.npsloop.ingest.sources.qualtrics.QualtricsFields;
import io.npsloop.ingest.sources.qualtrics.QualtricsSource;
import io.npsloop.ingest.sources.surveymonkey.SurveyMonkeyFields;
import io.npsloop.ingest.sources.surveymonkey.SurveyMonkeySource;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How each API answer is sorted: worth another try, or a reason to fix the configuration. */
class HttpResponseFetcherTest {

    private static final ResponseNotice MONKEY = new ResponseNotice("surveymonkey", "412785930", "118462093571", null, null);
    private static final ResponseNotice QUALTRICS = new ResponseNotice("qualtrics", "SV_3kPqW8zYx1bN5Tf", "R_2VbQ9xLm4KpT7sD", null, null);
    private static final List<io.npsloop.ingest.sources.FetchingSource> SOURCES = List.of(
            new SurveyMonkeySource(SurveyMonkeyFields.DEFAULTS.withQuestions(List.of("648290117"), List.of()), ReplayWindow.DEFAULT),
            new QualtricsSource(QualtricsFields.DEFAULTS, ReplayWindow.DEFAULT));

    private final FakeSurveyApis apis;

    HttpResponseFetcherTest() throws Exception {
        apis = new FakeSurveyApis();
    }

    @AfterEach
    void close() {
        apis.close();
    }

    private HttpResponseFetcher fetcher(Map<String, URI> urls, Map<String, String> tokens) {
        WebhookSecrets secrets = name -> Optional.ofNullable(tokens.get(name));
        return new HttpResponseFetcher(SOURCES, urls, secrets, Duration.ofSeconds(5));
    }

    private HttpResponseFetcher fetcher() {
        return fetcher(Map.of("surveymonkey", apis.baseUrl(), "qualtrics", apis.baseUrl()), Map.of(
                "surveymonkey-api-token", FakeSurveyApis.SURVEYMONKEY_TOKEN, "qualtrics-api-token", FakeSurveyApis.QUALTRICS_TOKEN));
    }

    @Test
    void readsBothApis() throws Exception {
        assertThat(fetcher().fetch(MONKEY).score().value()).isEqualTo(3);
        assertThat(fetcher().fetch(QUALTRICS).score().value()).isEqualTo(9);
    }

    @Test
    void rateLimitsAndServerErrorsAreTemporaryAndCarryRetryAfter() {
        apis.failNext(429, 502);

        assertThatThrownBy(() -> fetcher().fetch(MONKEY)).isInstanceOfSatisfying(FetchFailure.class, f -> {
            assertThat(f.isTemporary()).isTrue();
            assertThat(f.retryAfter()).isEqualTo(Duration.ofSeconds(1));
        });
        assertThatThrownBy(() -> fetcher().fetch(MONKEY)).isInstanceOfSatisfying(FetchFailure.class, f ->
                assertThat(f.isTemporary()).isTrue());
    }

    @Test
    void aWrongTokenAnUnknownResponseAndMissingConfigurationAreLasting() {
        var wrongToken = fetcher(Map.of("surveymonkey", apis.baseUrl()), Map.of("surveymonkey-api-token", "expired"));
        var unknown = new ResponseNotice("surveymonkey", "412785930", "999", null, null);

        assertThatThrownBy(() -> wrongToken.fetch(MONKEY)).isInstanceOfSatisfying(FetchFailure.class, f -> {
            assertThat(f.isTemporary()).isFalse();
            assertThat(f.reason()).isEqualTo("the surveymonkey API answered 401: the API token is wrong, expired or lacks the scope to read responses");
        });
        assertThatThrownBy(() -> fetcher().fetch(unknown)).isInstanceOfSatisfying(FetchFailure.class, f ->
                assertThat(f.reason()).startsWith("the surveymonkey API answered 404"));
        assertThatThrownBy(() -> fetcher(Map.of(), Map.of()).fetch(QUALTRICS)).isInstanceOfSatisfying(FetchFailure.class, f ->
                assertThat(f.reason()).isEqualTo("the qualtrics API base URL is not set"));
        assertThatThrownBy(() -> fetcher(Map.of("qualtrics", apis.baseUrl()), Map.of()).fetch(QUALTRICS))
                .isInstanceOfSatisfying(FetchFailure.class, f ->
                        assertThat(f.reason()).isEqualTo("no qualtrics API token is stored under qualtrics-api-token"));
        assertThat(apis.calls()).as("no call without a token").isEqualTo(2);
    }

    @Test
    void anUnreachableApiIsTemporary() {
        var closed = URI.create("http://127.0.0.1:1");

        assertThatThrownBy(() -> fetcher(Map.of("surveymonkey", closed), Map.of("surveymonkey-api-token", "t")).fetch(MONKEY))
                .isInstanceOfSatisfying(FetchFailure.class, f -> {
                    assertThat(f.isTemporary()).isTrue();
                    assertThat(f.reason()).startsWith("the surveymonkey API could not be reached");
                });
    }

    @Test
    void waitsDoubleUpToTheCapAndHonourRetryAfterWithinIt() {
        var policy = new PendingFetchWorker.Policy(8, Duration.ofSeconds(1), Duration.ofSeconds(20), Duration.ofSeconds(120));

        assertThat(policy.backoff(1, null)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.backoff(3, null)).isEqualTo(Duration.ofSeconds(4));
        assertThat(policy.backoff(7, null)).isEqualTo(Duration.ofSeconds(20));
        assertThat(policy.backoff(1, Duration.ofSeconds(7))).isEqualTo(Duration.ofSeconds(7));
        assertThat(policy.backoff(1, Duration.ofHours(1))).isEqualTo(Duration.ofSeconds(20));
        assertThat(HttpResponseFetcher.retryAfter("Wed, 21 Oct 2026 07:28:00 GMT")).isNull();
    }

    @Test
    void anAnswerNamingOnlyItsChoiceReadsTheSurveyDetailsOnceWithTheSameTokenAndRetries() throws Exception {
        var docs = new ResponseNotice("surveymonkey", "105724755", "5007154402", null, null);
        apis.surveyMonkeyAnswers(io.npsloop.ingest.Fixtures.api("surveymonkey-docs-response-details.json"));
        WebhookSecrets secrets = name -> Optional.of(FakeSurveyApis.SURVEYMONKEY_TOKEN);
        var fetcher = new HttpResponseFetcher(List.of(new SurveyMonkeySource(
                SurveyMonkeyFields.DEFAULTS.withQuestions(List.of("319352786"), List.of()), ReplayWindow.DEFAULT)),
                Map.of("surveymonkey", apis.baseUrl()), secrets, Duration.ofSeconds(5));

        // The response's call succeeds, the survey's is rate limited: the whole fetch waits as asked.
        apis.failNext(200, 429);
        assertThatThrownBy(() -> fetcher.fetch(docs)).isInstanceOfSatisfying(FetchFailure.class, f -> {
            assertThat(f.isTemporary()).isTrue();
            assertThat(f.retryAfter()).isEqualTo(Duration.ofSeconds(1));
            assertThat(f.reason()).isEqualTo("the surveymonkey API answered 429");
        });
        assertThat(fetcher.fetch(docs).score().value()).isEqualTo(9);
        assertThat(fetcher.fetch(docs).score().value()).isEqualTo(9);
        assertThat(apis.surveyDetailsCalls()).as("answered once, then cached").isEqualTo(1);
        assertThat(apis.calls()).as("response and 429; response and survey; response").isEqualTo(5);
    }

    @Test
    void aQuestionThatIsNoZeroToTenScaleIsALastingFailureNamingIt() {
        var docs = new ResponseNotice("surveymonkey", "105724755", "5007154402", null, null);
        apis.surveyMonkeyAnswers(io.npsloop.ingest.Fixtures.api("surveymonkey-docs-response-details.json"))
                .surveyMonkeySurveyIs(io.npsloop.ingest.Fixtures.api("surveymonkey-docs-survey-details.json")
                        .replace("\"weight\": 0,", "\"weight\": 1,").replace("\"position\": 11,", "\"position\": 10,"));
        WebhookSecrets secrets = name -> Optional.of(FakeSurveyApis.SURVEYMONKEY_TOKEN);
        var fetcher = new HttpResponseFetcher(List.of(new SurveyMonkeySource(
                SurveyMonkeyFields.DEFAULTS.withQuestions(List.of("319352786"), List.of()), ReplayWindow.DEFAULT)),
                Map.of("surveymonkey", apis.baseUrl()), secrets, Duration.ofSeconds(5));

        assertThatThrownBy(() -> fetcher.fetch(docs)).isInstanceOfSatisfying(FetchFailure.class, f -> {
            assertThat(f.isTemporary()).isFalse();
            assertThat(f.reason()).isEqualTo("the response read from the surveymonkey API is not usable: "
                    + "pages[].questions[319352786].answers[0].choice_id cannot be scored: the choices of question 319352786"
                    + " are not 0 to 10 by text, weight or position in the survey's details");
        });
    }
}

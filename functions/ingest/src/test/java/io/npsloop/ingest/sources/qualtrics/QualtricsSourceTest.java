package io.npsloop.ingest.sources.qualtrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.npsloop.domain.intake.Category;
import io.npsloop.domain.intake.ResponseKey;
import io.npsloop.ingest.Fixtures;
import io.npsloop.ingest.sources.InvalidPayloadException;
import io.npsloop.ingest.sources.ReplayWindow;
import io.npsloop.ingest.sources.ResponseNotice;
import io.npsloop.ingest.sources.WebhookRequest;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QualtricsSourceTest {

    static final String KEY = "local-qualtrics-shared-key";
    static final String TOPIC = "surveyengine.completedResponse.SV_3kPqW8zYx1bN5Tf";
    /** Just after the sample's CompletedDate. */
    private static final Instant NOW = Instant.parse("2026-11-22T10:05:50Z");
    private final QualtricsSource source = new QualtricsSource(
            QualtricsFields.DEFAULTS.withQuestions(List.of(), List.of("QID2_TEXT")), ReplayWindow.DEFAULT);

    private static WebhookRequest form(String form) {
        return new WebhookRequest(Map.of("content-type", "application/x-www-form-urlencoded"), form.getBytes(StandardCharsets.UTF_8));
    }

    private static String msg() {
        return Fixtures.webhook("qualtrics-completed-response.json");
    }

    @Test
    void acceptsTheSampleFormSignedOverMsg() {
        assertThat(source.verify(form(QualtricsSource.signedForm(KEY, TOPIC, msg())), KEY, NOW).valid()).isTrue();
        assertThat(source.accepts("application/x-www-form-urlencoded")).isTrue();
        assertThat(source.accepts("application/json")).isFalse();
    }

    @Test
    void rejectsTamperedMissingAndStaleSignatures() {
        var signed = QualtricsSource.signedForm(KEY, TOPIC, msg());
        var tampered = signed.replace("R_2VbQ9xLm4KpT7sD", "R_2VbQ9xLm4KpT7sE");
        var unsigned = signed.substring(0, signed.indexOf("&HMAC="));

        assertThat(source.verify(form(tampered), KEY, NOW).problem()).isEqualTo("HMAC does not match MSG");
        assertThat(source.verify(form(unsigned), KEY, NOW).problem()).startsWith("MSG and HMAC form fields are required");
        assertThat(source.verify(form(signed), "another-key", NOW).valid()).isFalse();
        assertThat(source.verify(form(signed), KEY, NOW.plus(Duration.ofDays(4))).problem())
                .startsWith("MSG.CompletedDate is more than 72 hours away from now");
        assertThat(source.verify(form(signed + "&MSG=again"), KEY, NOW).valid()).as("a repeated field").isFalse();
    }

    @Test
    void readsTheNoticeAndIgnoresOtherTopics() throws Exception {
        var notice = source.notice(form(QualtricsSource.signedForm(KEY, TOPIC, msg()))).orElseThrow();

        assertThat(notice).isEqualTo(new ResponseNotice("qualtrics", "SV_3kPqW8zYx1bN5Tf", "R_2VbQ9xLm4KpT7sD",
                "R_2VbQ9xLm4KpT7sD", Instant.parse("2026-11-22T10:05:44Z")));
        assertThat(source.responseUri(URI.create("https://fra1.qualtrics.com"), notice))
                .hasToString("https://fra1.qualtrics.com/API/v3/surveys/SV_3kPqW8zYx1bN5Tf/responses/R_2VbQ9xLm4KpT7sD");
        assertThat(source.apiHeaders("tok")).containsEntry("X-API-TOKEN", "tok");
        assertThat(source.notice(form(QualtricsSource.signedForm(KEY, "surveyengine.startedRecipientSession.SV_1", msg()))))
                .isEmpty();
    }

    @Test
    void readsTheResponseFindingTheNpsQuestionByItsGroup() throws Exception {
        var notice = source.notice(form(QualtricsSource.signedForm(KEY, TOPIC, msg()))).orElseThrow();

        var response = source.read(notice, Fixtures.api("qualtrics-response.json").getBytes(StandardCharsets.UTF_8));

        assertThat(response.key()).isEqualTo(new ResponseKey("qualtrics", "R_2VbQ9xLm4KpT7sD"));
        assertThat(response.score().value()).isEqualTo(9);
        assertThat(response.category()).isEqualTo(Category.PROMOTER);
        assertThat(response.comment()).isEqualTo("Onboarding was quick and the team answers within the hour.");
        assertThat(response.submittedAt()).isEqualTo(Instant.parse("2026-11-22T10:05:44Z"));
        var who = response.respondent();
        assertThat(who.id()).isEqualTo("cust-5001");
        assertThat(who.email()).isEqualTo("aiko.tanaka@example.com");
        assertThat(who.name()).isEqualTo("Aiko Tanaka");
        assertThat(who.accountId()).isEqualTo("acct-northwind");
        assertThat(who.annualValue()).isEqualByComparingTo(new BigDecimal("64000"));
        assertThat(who.locale()).isEqualTo("ja");
    }

    @Test
    void aConfiguredQuestionWinsAndAMissingOneIsNamed() throws Exception {
        var notice = new ResponseNotice("qualtrics", "SV_3kPqW8zYx1bN5Tf", "R_2VbQ9xLm4KpT7sD", null, null);
        var api = Fixtures.api("qualtrics-response.json");
        var configured = new QualtricsSource(QualtricsFields.DEFAULTS.withQuestions(List.of("QID7"), List.of()), ReplayWindow.DEFAULT);

        assertThat(configured.read(notice, api.replace("\"QID1\": 9", "\"QID7\": \"4\", \"QID1\": 9")
                .getBytes(StandardCharsets.UTF_8)).score().value()).isEqualTo(4);
        assertThatThrownBy(() -> configured.read(notice, api.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(InvalidPayloadException.class, e -> assertThat(e.violations().get(0).message())
                        .isEqualTo("has no answer to the NPS question 'QID7'"));
        assertThatThrownBy(() -> source.read(notice, api.replace("QID1_NPS_GROUP", "QID1_OTHER").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(InvalidPayloadException.class, e -> assertThat(e.violations().get(0).message())
                        .contains("QUALTRICS_NPS_QUESTION_IDS"));
    }

    // Real deliveries and answers: events/README.md names their origins.

    /** Just after the CompletedDate of the real signed delivery (2019-06-26 13:28:11). */
    private static final Instant SIGNED_SENT = Instant.parse("2019-06-26T13:28:14Z");
    private static final String REAL_KEY = "kyma4ever";

    private static String realSigned() {
        return Fixtures.webhook("qualtrics-completed-response-signed.txt");
    }

    @Test
    void aRealSignedDeliveryVerifiesWithItsSharedKeyAndNamesItsResponseUnderItsBrandsTopic() throws Exception {
        var request = form(realSigned());

        assertThat(source.verify(request, REAL_KEY, SIGNED_SENT).valid()).isTrue();
        assertThat(source.verify(request, KEY, SIGNED_SENT).problem()).isEqualTo("HMAC does not match MSG");
        assertThat(source.notice(request)).contains(new ResponseNotice("qualtrics", "SV_22VlHYNeldrrrkp", "R_1l9mcVuXubb4aGm",
                "R_1l9mcVuXubb4aGm", Instant.parse("2019-06-26T13:28:11Z")));
    }

    @Test
    void theHmacOfARealMsgIsTheOneQualtricsSent() {
        // A MSG, its key and its HMAC field as a Qualtrics gateway's unit test holds them.
        var msg = "{\"Status\":\"Complete\",\"SurveyID\":\"SV_1AmkKSDmoZ4XlQx\",\"ResponseID\":\"R_0B7IcnXszjEUHLP\","
                + "\"CompletedDate\":\"2019-06-25 07:58:25\",\"BrandID\":\"sapdevelopment\"}";
        var hmac = "c2c585a404c239aa3063b462cc33551d3ed3ed2de0899f58d456fc0ef7ebef6f3c3af44957989bd0592603e41edde952"
                + "8f7d9ed09ee128bf719aa12f46e5c598";
        var topic = "sapdevelopment.surveyengine.completedResponse.SV_1AmkKSDmoZ4XlQx";
        var body = "Topic=" + topic + "&MSG=" + java.net.URLEncoder.encode(msg, StandardCharsets.UTF_8) + "&HMAC=" + hmac;

        assertThat(QualtricsSource.signedForm(REAL_KEY, topic, msg)).isEqualTo(body);
        assertThat(source.verify(form(body), REAL_KEY, Instant.parse("2019-06-25T07:58:30Z")).valid()).isTrue();
    }

    @Test
    void aSubscriptionWithoutASharedKeyIsTurnedAwaySayingHowToCreateItWithOne() {
        var problem = source.verify(form(Fixtures.webhook("qualtrics-completed-response-unsigned.txt")), KEY,
                Instant.parse("2019-09-06T23:08:10Z")).problem();

        assertThat(problem).startsWith("MSG and HMAC form fields are required")
                .contains("created with a sharedKey", "POST /API/v3/eventsubscriptions", "\"sharedKey\"");
    }

    @Test
    void theSurveyIsTakenFromTheTopicWithOrWithoutItsBrandAndMustAgreeWithMsg() throws Exception {
        var branded = source.notice(form(QualtricsSource.signedForm(KEY, "northwind." + TOPIC, msg()))).orElseThrow();
        var hyphenated = source.notice(form(QualtricsSource.signedForm(KEY, "north-wind_2." + TOPIC, msg()))).orElseThrow();
        var withoutSurvey = source.notice(form(QualtricsSource.signedForm(KEY, TOPIC,
                msg().replace("\"SurveyID\": \"SV_3kPqW8zYx1bN5Tf\",", "")))).orElseThrow();

        assertThat(branded.surveyId()).isEqualTo("SV_3kPqW8zYx1bN5Tf");
        assertThat(hyphenated.surveyId()).isEqualTo("SV_3kPqW8zYx1bN5Tf");
        assertThat(withoutSurvey.surveyId()).as("MSG without SurveyID: the topic's").isEqualTo("SV_3kPqW8zYx1bN5Tf");
        assertThatThrownBy(() -> source.notice(form(QualtricsSource.signedForm(KEY,
                "northwind.surveyengine.completedResponse.SV_other", msg()))))
                .isInstanceOfSatisfying(InvalidPayloadException.class, e -> assertThat(e.violations()).singleElement()
                        .satisfies(v -> {
                            assertThat(v.field()).isEqualTo("MSG.SurveyID");
                            assertThat(v.message()).isEqualTo("is not the survey the Topic names");
                        }));
    }

    @Test
    void aSampleIsSignedUnderItsBrandsTopicAsQualtricsSendsIt() throws Exception {
        var signed = Qualtrics.TOOL.sign(msg().getBytes(StandardCharsets.UTF_8), KEY, "unused", NOW);
        var request = new WebhookRequest(signed.headers(), signed.body());

        assertThat(new String(signed.body(), StandardCharsets.UTF_8))
                .startsWith("Topic=northwind.surveyengine.completedResponse.SV_3kPqW8zYx1bN5Tf&");
        assertThat(source.verify(request, KEY, NOW).valid()).isTrue();
        assertThat(source.notice(request).orElseThrow().responseId()).isEqualTo("R_2VbQ9xLm4KpT7sD");
    }

    @Test
    void eventsThatAreNotResponsesAreIgnoredAndOtherTopicsAreRejectedWithoutQuotingThem() throws Exception {
        for (var topic : List.of("surveyengine.startedRecipientSession.SV_1", "usc.surveyengine.startedRecipientSession.SV_1",
                "controlpanel.activateSurvey", "harvard.controlpanel.deactivateSurvey")) {
            assertThat(source.notice(form(QualtricsSource.signedForm(KEY, topic, msg())))).as(topic).isEmpty();
        }
        assertThatThrownBy(() -> source.notice(form(QualtricsSource.signedForm(KEY,
                "usc.surveyengine.partialResponse.SV_3kPqW8zYx1bN5Tf", msg()))))
                .isInstanceOfSatisfying(InvalidPayloadException.class, e -> assertThat(e.violations().get(0).message())
                        .isEqualTo("announces a partial response,"
                                + " which is not read: subscribe to surveyengine.completedResponse.<SurveyID> only"));
        for (var topic : List.of("threesixty.created", "usc.surveyengine.completedResponses.SV_1", "completedResponse.SV_1")) {
            assertThatThrownBy(() -> source.notice(form(QualtricsSource.signedForm(KEY, topic, msg()))))
                    .as(topic)
                    .isInstanceOfSatisfying(InvalidPayloadException.class, e -> assertThat(e.violations()).singleElement()
                            .satisfies(v -> {
                                assertThat(v.field()).isEqualTo("Topic");
                                // The topic is the sender's text, which a reason never quotes.
                                assertThat(v.message()).isEqualTo("is not an event this source reads:"
                                        + " subscribe to surveyengine.completedResponse.<SurveyID>");
                            }));
        }
        assertThatThrownBy(() -> source.notice(form(QualtricsSource.signedForm(KEY, "a topic <b>", msg()))))
                .isInstanceOfSatisfying(InvalidPayloadException.class, e -> assertThat(e.violations().get(0).message())
                        .as("free text is never quoted").isEqualTo("is not an event this source reads:"
                                + " subscribe to surveyengine.completedResponse.<SurveyID>"));
    }

    @Test
    void aCompletedDateWithoutAZoneIsGivenFourteenHoursMoreSoAnOffsetNeverCostsADelivery() {
        var window = new QualtricsSource(QualtricsFields.DEFAULTS, new ReplayWindow(Duration.ofHours(72)));
        var sample = "2026-11-22 10:05:44";
        var completed = Instant.parse("2026-11-22T10:05:44Z");
        java.util.function.BiFunction<String, Instant, Boolean> valid = (date, now) -> window.verify(
                form(QualtricsSource.signedForm(KEY, TOPIC, msg().replace(sample, date))), KEY, now).valid();

        assertThat(valid.apply(sample, completed.plus(Duration.ofHours(72 + 13)))).as("13 hours late").isTrue();
        assertThat(valid.apply(sample, completed.minus(Duration.ofHours(72 + 13)))).as("13 hours early").isTrue();
        assertThat(valid.apply(sample, completed.plus(Duration.ofHours(72 + 15)))).isFalse();
        assertThat(valid.apply("2026-11-22T10:05:44Z", completed.plus(Duration.ofHours(72 + 13))))
                .as("a date with a zone is exact").isFalse();
    }

    @Test
    void aRealApiAnswerIsReadFindingItsNpsQuestionByItsGroup() throws Exception {
        var notice = new ResponseNotice("qualtrics", "SV_22VlHYNeldrrrkp", "R_1pKcm3b4BQjh6zF", null, null);

        var response = new QualtricsSource(QualtricsFields.DEFAULTS, ReplayWindow.DEFAULT)
                .read(notice, Fixtures.api("qualtrics-response-passive.json").getBytes(StandardCharsets.UTF_8));

        assertThat(response.key()).isEqualTo(new ResponseKey("qualtrics", "R_1pKcm3b4BQjh6zF"));
        assertThat(response.score().value()).isEqualTo(8);
        assertThat(response.category()).isEqualTo(Category.PASSIVE);
        assertThat(response.submittedAt()).isEqualTo(Instant.parse("2024-07-08T16:00:23Z"));
        assertThat(response.respondent().id()).as("no customer id was set in the survey flow").isNull();
        assertThat(response.respondent().locale()).isEqualTo("en");
    }
}

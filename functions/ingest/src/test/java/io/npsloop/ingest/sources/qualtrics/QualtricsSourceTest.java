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
}

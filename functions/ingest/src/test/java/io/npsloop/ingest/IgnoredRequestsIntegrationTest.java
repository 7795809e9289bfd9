package io.npsloop.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import io.npsloop.aws.AwsClients;
import io.npsloop.config.Settings;
import io.npsloop.http.Answer;
import io.npsloop.ingest.quarantine.QuarantiningReceiver;
import io.npsloop.ingest.sources.SurveyTool;
import io.npsloop.ingest.sources.SurveyTools;
import io.npsloop.ingest.sources.qualtrics.QualtricsSource;
import io.npsloop.local.LocalAws;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Nothing is dropped silently: an event each tool's parser answers {@code ignored} is answered as
 * before, yet kept with that outcome for the quarantine's retention, listed, counted as not stored
 * (never as quarantined, which the alarm watches) and replayable; an erased customer's request is
 * counted and nothing of it kept.
 */
class IgnoredRequestsIntegrationTest {

    private static final int RETENTION_DAYS = 9;

    private final LocalAws aws = LocalAws.shared();
    private final List<String> metrics = new ArrayList<>();
    private LocalAws.Resources resources;
    private QuarantiningReceiver receiver;

    @BeforeEach
    void setUp() {
        resources = aws.provision("ignored-" + UUID.randomUUID().toString().substring(0, 8));
        var env = new HashMap<>(aws.environment());
        env.put("TABLE_NAME", resources.tableName());
        env.put("QUARANTINE_RETENTION_DAYS", Integer.toString(RETENTION_DAYS));
        SurveyTools.ALL.forEach(tool -> env.put(secretVariable(tool), tool.localSecret()));
        var settings = new Settings(env);
        var clients = new AwsClients(settings);
        var clock = Clock.systemUTC();
        receiver = new QuarantiningReceiver(IngestConfig.webhookReceiver(settings, clients, clients.dynamoDb(), clock),
                IngestConfig.quarantine(settings, clients.dynamoDb()), SurveyTools.secretHeaders(settings), clock, metrics::add);
    }

    private static String secretVariable(SurveyTool tool) {
        return "WEBHOOK_SECRET_" + tool.name().toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** Per tool, a sample edited into an event its parser does not take as a response. */
    static Stream<Arguments> ignoredEvents() {
        return Stream.of(
                Arguments.of("typeform", "typeform-detractor.json", "\"event_type\": \"form_response\"",
                        "\"event_type\": \"form_response_partial\""),
                Arguments.of("delighted", "delighted-promoter.json", "\"survey_type\": \"nps\"", "\"survey_type\": \"csat\""),
                Arguments.of("formbricks", "formbricks-detractor.json", "\"event\": \"responseFinished\"", "\"event\": \"testEndpoint\""),
                Arguments.of("asknicely", "asknicely-promoter.json", "\"deliverymethod\": \"email\"",
                        "\"deliverymethod\": \"email\", \"question_type\": \"5STAR\""),
                Arguments.of("surveymonkey", "surveymonkey-response-completed.json", "\"event_type\": \"response_completed\"",
                        "\"event_type\": \"response_created\""),
                Arguments.of("qualtrics", "qualtrics-completed-response.json", null, "controlpanel.activateSurvey.SV_3kPqW8zYx1bN5Tf"));
    }

    /** The edited sample as the tool would post it now; for Qualtrics {@code to} is the topic it is posted under. */
    private static SurveyTool.Signed signed(String source, String sample, String from, String to) {
        var tool = SurveyTools.named(source).orElseThrow();
        var body = Fixtures.webhook(sample);
        var now = Instant.now();
        if (from == null) {
            var msg = new String(tool.redate(body.getBytes(StandardCharsets.UTF_8), now), StandardCharsets.UTF_8);
            return new SurveyTool.Signed(Map.of("content-type", "application/x-www-form-urlencoded"),
                    QualtricsSource.signedForm(tool.localSecret(), to, msg).getBytes(StandardCharsets.UTF_8));
        }
        assertThat(body).contains(from);
        return tool.sign(body.replace(from, to).getBytes(StandardCharsets.UTF_8), tool.localSecret(), now);
    }

    private Answer post(String source, SurveyTool.Signed signed) {
        return receiver.handle(source, signed.headers(), new String(signed.body(), StandardCharsets.UTF_8), false);
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> listed() throws Exception {
        var answer = receiver.list(Map.of());
        assertThat(answer.status()).isEqualTo(200);
        return (List<Map<String, Object>>) JSON.std.mapFrom(answer.body()).get("requests");
    }

    private List<Map<String, AttributeValue>> quarantineItems() {
        return aws.dynamoDb().scan(r -> r.tableName(resources.tableName())).items().stream()
                .filter(item -> item.get("pk").s().startsWith("QUARANTINE#")).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ignoredEvents")
    void anIgnoredEventIsAnsweredAsBeforeYetKeptCountedAndReplayable(String source, String sample, String from, String to)
            throws Exception {
        var answer = post(source, signed(source, sample, from, to));

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.outcome()).isEqualTo("ignored");
        assertThat(JSON.std.mapFrom(answer.body())).containsEntry("ignored", true);
        // The token that proves an AskNicely request is never kept, so its copy is for reading, not replaying.
        boolean replayable = !source.equals("asknicely");
        var kept = listed();
        assertThat(kept).singleElement().satisfies(q -> assertThat(q).containsEntry("source", source).containsEntry("status", 200)
                .containsEntry("outcome", "ignored").containsEntry("replayable", replayable));
        assertThat(metrics).singleElement().satisfies(line -> assertThat(line)
                .contains("\"Name\":\"NotStored\"", "\"source\":\"" + source + "\"", "\"reason\":\"ignored\"")
                .doesNotContain("Quarantined"));
        var item = quarantineItems().get(0);
        var receivedAt = Instant.parse(item.get("receivedAt").s());
        assertThat(Long.parseLong(item.get("expiresAt").n()))
                .as("kept as long as a quarantined request").isEqualTo(receivedAt.plus(Duration.ofDays(RETENTION_DAYS)).getEpochSecond());

        var id = (String) kept.get(0).get("id");
        var replay = receiver.replay(id);
        if (!replayable) {
            assertThat(replay.status()).isEqualTo(409);
            return;
        }
        assertThat(replay.status()).isEqualTo(200);
        assertThat(JSON.std.mapFrom(replay.body())).containsEntry("status", 200).containsEntry("outcome", "ignored");
        assertThat(listed()).as("a replay is not kept again").singleElement()
                .satisfies(q -> assertThat(q).containsEntry("id", id).containsEntry("lastReplayStatus", 200));
        assertThat(metrics).as("nor counted again").hasSize(1);
        assertThat(aws.dynamoDb().scan(r -> r.tableName(resources.tableName())).items())
                .as("nothing stored as a response").allSatisfy(i -> assertThat(i.get("pk").s()).startsWith("QUARANTINE#"));
    }

    @Test
    void aRejectedRequestIsCountedBothAsQuarantinedAndAsNotStored() {
        var signed = signed("typeform", "typeform-detractor.json", "\"event_type\": \"form_response\"", "\"event_type\": \"form_response\"");
        var headers = new HashMap<>(signed.headers());
        headers.put("typeform-signature", "sha256=AAAA");

        var answer = receiver.handle("typeform", headers, new String(signed.body(), StandardCharsets.UTF_8), false);

        assertThat(answer.status()).isEqualTo(401);
        assertThat(metrics).hasSize(2);
        assertThat(metrics).anySatisfy(line -> assertThat(line).contains("\"Name\":\"Quarantined\"", "\"outcome\":\"bad-signature\""));
        assertThat(metrics).anySatisfy(line -> assertThat(line).contains("\"Name\":\"NotStored\"", "\"reason\":\"bad-signature\""));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theListCanBeNarrowedToOneOutcomeSoIgnoredEventsNeverHideRejectedOnes() throws Exception {
        var ignored = signed("typeform", "typeform-detractor.json", "\"event_type\": \"form_response\"",
                "\"event_type\": \"form_response_partial\"");
        post("typeform", ignored);
        post("typeform", ignored);
        var rejected = new HashMap<>(ignored.headers());
        rejected.put("typeform-signature", "sha256=AAAA");
        receiver.handle("typeform", rejected, new String(ignored.body(), StandardCharsets.UTF_8), false);

        assertThat(listed()).hasSize(3);
        var onlyRejected = (List<Map<String, Object>>) JSON.std.mapFrom(receiver.list(Map.of("outcome", "bad-signature")).body())
                .get("requests");
        assertThat(onlyRejected).singleElement().satisfies(q -> assertThat(q).containsEntry("outcome", "bad-signature"));
        var onlyIgnored = (List<Map<String, Object>>) JSON.std.mapFrom(receiver.list(Map.of("outcome", "ignored")).body())
                .get("requests");
        assertThat(onlyIgnored).hasSize(2).allSatisfy(q -> assertThat(q).containsEntry("outcome", "ignored"));
        var unknown = receiver.list(Map.of("outcome", "whatever"));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body()).contains("ignored", "bad-signature", "fetch-failed");
    }

    @Test
    void anErasedCustomersRequestIsCountedButNothingOfItIsKept() {
        // The tombstone as the erasure function writes it.
        var tombstone = new HashMap<>(io.npsloop.table.TombstoneItem.key("cust-1001"));
        tombstone.put("erasedAt", AttributeValue.fromS(Instant.now().toString()));
        tombstone.put("expiresAt", AttributeValue.fromN(Long.toString(Instant.now().plus(Duration.ofDays(30)).getEpochSecond())));
        aws.dynamoDb().putItem(r -> r.tableName(resources.tableName()).item(tombstone));
        var body = Fixtures.webhook("generic-detractor.json");

        var answer = receiver.handle("generic", Fixtures.genericHeaders(body, "msg_erased", Instant.now()), body, false);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.outcome()).isEqualTo("erased");
        assertThat(quarantineItems()).isEmpty();
        assertThat(metrics).singleElement().satisfies(line -> assertThat(line)
                .contains("\"Name\":\"NotStored\"", "\"source\":\"generic\"", "\"reason\":\"erased\""));
    }

    @Test
    void storedResponsesAreNotCountedAsNotStored() {
        var body = Fixtures.webhook("generic-detractor.json");

        assertThat(receiver.handle("generic", Fixtures.genericHeaders(body, "msg_stored", Instant.now()), body, false).status())
                .isEqualTo(202);
        assertThat(receiver.handle("generic", Fixtures.genericHeaders(body, "msg_stored_again", Instant.now()), body, false).outcome())
                .isEqualTo("duplicate");
        assertThat(metrics).isEmpty();
        assertThat(quarantineItems()).isEmpty();
    }
}

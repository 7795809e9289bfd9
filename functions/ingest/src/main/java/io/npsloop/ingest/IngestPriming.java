package io.npsloop.ingest;

import io.npsloop.aws.Priming;
import io.npsloop.config.Settings;
import io.npsloop.config.SharedSettings;
import io.npsloop.http.Answer;
import io.npsloop.http.HttpEvents;
import io.npsloop.ingest.sources.StandardWebhooks;
import io.npsloop.ingest.sources.generic.GenericSource;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The ingest function's priming: a read of the table, its secrets, and a sample webhook up to (not including) its write. */
final class IngestPriming {

    /** Made up, with no person in it; only its shape matters. */
    static final byte[] SAMPLE = """
            {"responseId":"priming-sample","surveyId":"priming",
             "respondent":{"id":"priming-customer","accountId":"priming-account","locale":"en","annualValue":1000},
             "score":3,"comment":"priming","submittedAt":"2026-01-01T00:00:00Z"}""".getBytes(StandardCharsets.UTF_8);

    /** Not any source's secret: the sample is signed and checked with it, so the whole check runs. */
    private static final String SECRET = "whsec_cHJpbWluZy1vbmx5LW5vdC1hLXNlY3JldA==";

    private IngestPriming() {}

    static Priming of(Settings settings, WebhookReceiver webhooks, DynamoDbClient dynamoDb, Clock clock) {
        var priming = new Priming("ingest", clock).step("table", Priming.absentItem(dynamoDb, settings.required(SharedSettings.TABLE_NAME)));
        if (settings.optional(IngestSettings.WEBHOOK_SECRET_PARAMETER_PREFIX).isPresent()) {
            priming.step("secrets", webhooks::loadSecrets);
        }
        return priming
                .step("webhook", () -> {
                    var sentAt = Long.toString(clock.instant().getEpochSecond());
                    var headers = Map.of("webhook-id", "priming", "webhook-timestamp", sentAt,
                            "webhook-signature", StandardWebhooks.signature(SECRET, "priming", sentAt, SAMPLE),
                            "content-type", "application/json");
                    webhooks.rehearse(GenericSource.NAME, headers, SAMPLE, SECRET);
                })
                .step("answer", () -> HttpEvents.response(Answer.json(202, "accepted", Map.of("responseId", "priming-sample"))));
    }
}

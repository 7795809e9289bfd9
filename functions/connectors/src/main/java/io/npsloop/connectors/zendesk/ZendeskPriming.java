package io.npsloop.connectors.zendesk;

import com.fasterxml.jackson.jr.ob.JSON;
import io.npsloop.aws.Priming;
import io.npsloop.connectors.TopicFollowUp;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The Zendesk functions' priming: a read of the table, a made-up recovery read from its SQS body
 * and rendered as a ticket, and a made-up webhook signed and checked. Neither Zendesk nor SSM is
 * called: a call would create a ticket, and the credentials must not be in the snapshot.
 */
final class ZendeskPriming {

    private static final String SAMPLE = "{\"Type\":\"Notification\",\"Message\":\"{\\\"followUpId\\\":\\\"priming:sample\\\","
            + "\\\"action\\\":\\\"recovery\\\",\\\"dueAt\\\":\\\"2000-01-01T00:00:00Z\\\",\\\"steps\\\":[\\\"priming\\\"],"
            + "\\\"respondent\\\":{\\\"id\\\":\\\"priming\\\",\\\"email\\\":\\\"priming@example.invalid\\\",\\\"valueTier\\\":\\\"high\\\"},"
            + "\\\"response\\\":{\\\"score\\\":0,\\\"category\\\":\\\"detractor\\\"}}\"}";

    private ZendeskPriming() {}

    static Priming ticket(DynamoDbClient dynamoDb, String table, ZendeskMapping mapping, Clock clock) {
        return new Priming(ZendeskFunction.CONNECTOR, clock)
                .step("table", Priming.absentItem(dynamoDb, table))
                .step("ticket", () -> ZendeskTickets.json(TopicFollowUp.fromSqsBody(SAMPLE), 1, mapping));
    }

    static Priming webhook(DynamoDbClient dynamoDb, String table, Clock clock) {
        return new Priming("zendesk-webhook", clock)
                .step("table", Priming.absentItem(dynamoDb, table))
                .step("signature", () -> {
                    var secret = "priming".getBytes(StandardCharsets.UTF_8);
                    var timestamp = clock.instant().toString();
                    var body = "{\"external_id\":\"priming:sample\",\"status\":\"solved\",\"ticket_id\":\"1\"}";
                    ZendeskSignature.verify(secret, ZendeskSignature.sign(secret, timestamp, body), timestamp, body, clock.instant());
                    JSON.std.mapFrom(body);
                });
    }
}

package io.npsloop.connectors.zendesk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.npsloop.config.Settings;
import io.npsloop.local.LocalAws;
import io.npsloop.local.LocalContext;
import io.npsloop.local.LocalZendesk;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The hooks SnapStart runs before its snapshots of the Zendesk functions: reads only, no call to Zendesk, never a reason to fail. */
class ZendeskPrimingIntegrationTest {

    private final LocalAws aws = LocalAws.shared();
    private final LocalAws.Resources resources = aws.provision("zdprime-" + UUID.randomUUID().toString().substring(0, 8));
    private final LocalZendesk zendesk = new LocalZendesk();

    @AfterEach
    void stop() {
        zendesk.close();
    }

    private Settings settings(Map<String, String> overrides) {
        var env = new HashMap<>(aws.environment());
        env.put("TABLE_NAME", resources.tableName());
        env.put("ZENDESK_PARAMETER_PATH", "/nps-loop/zendesk/");
        env.put("ZENDESK_SECRETS", "subdomain=acme;email=ops@acme.example;api-token=tok;group-id=1;webhook-secret=s");
        env.put("ZENDESK_BASE_URL", zendesk.baseUrl());
        env.putAll(overrides);
        return new Settings(env);
    }

    @Test
    void primingReadsButWritesNothingAndCallsNoZendesk() {
        var tickets = new ZendeskFunction(settings(Map.of()));
        var webhook = new ZendeskWebhookFunction(settings(Map.of()));

        assertThat(tickets.prime()).isEmpty();
        assertThat(webhook.prime()).isEmpty();
        tickets.beforeCheckpoint(null);
        webhook.beforeCheckpoint(null);

        assertThat(aws.dynamoDb().scan(r -> r.tableName(resources.tableName())).items()).isEmpty();
        assertThat(zendesk.requests()).isEmpty();
    }

    @Test
    void primingWithDynamoDbUnreachableReportsTheReadAndDoesNotThrow() {
        var unreachable = settings(Map.of("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:1"));
        var tickets = new ZendeskFunction(unreachable);
        var webhook = new ZendeskWebhookFunction(unreachable);

        assertThatCode(() -> tickets.beforeCheckpoint(null)).doesNotThrowAnyException();
        assertThatCode(() -> webhook.beforeCheckpoint(null)).doesNotThrowAnyException();
        assertThat(tickets.prime()).singleElement().asString().startsWith("table:");
        assertThat(webhook.prime()).singleElement().asString().startsWith("table:");
    }

    @Test
    void aPrimedFunctionAnswersAsUsual() {
        var tickets = new ZendeskFunction(settings(Map.of()));
        tickets.beforeCheckpoint(null);
        var empty = new SQSEvent();
        empty.setRecords(List.of());

        assertThat(tickets.handleRequest(empty, new LocalContext("zendesk")).getBatchItemFailures()).isEmpty();
        assertThat(zendesk.tickets()).isEmpty();
    }
}

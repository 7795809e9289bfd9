package io.npsloop.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.npsloop.config.Settings;
import io.npsloop.local.LocalAws;
import io.npsloop.local.LocalContext;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The hook SnapStart runs before its snapshot, against DynamoDB Local: reads only, and never a reason to fail. */
class IngestPrimingIntegrationTest {

    private final LocalAws aws = LocalAws.shared();
    private LocalAws.Resources resources;

    @BeforeEach
    void setUp() {
        resources = aws.provision("prime-" + UUID.randomUUID().toString().substring(0, 8));
    }

    private Settings settings(Map<String, String> overrides) {
        var env = new HashMap<>(aws.environment());
        env.put("TABLE_NAME", resources.tableName());
        env.put("WEBHOOK_SECRET_GENERIC", Fixtures.GENERIC_SECRET);
        env.putAll(overrides);
        return new Settings(env);
    }

    @Test
    void primingReadsButLeavesNoItemAndNoStreamRecord() {
        var function = new IngestFunction(settings(Map.of()));

        assertThat(function.prime()).isEmpty();
        function.beforeCheckpoint(null);

        assertThat(aws.dynamoDb().scan(r -> r.tableName(resources.tableName())).items()).isEmpty();
        assertThat(aws.streamRecordCount(resources.streamArn())).isZero();
    }

    @Test
    void primingWithDynamoDbAndSsmUnreachableReportsTheFailedStepsAndDoesNotThrow() {
        var function = new IngestFunction(settings(Map.of(
                "AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:1",
                "AWS_ENDPOINT_URL_SSM", "http://127.0.0.1:1",
                "WEBHOOK_SECRET_PARAMETER_PREFIX", "/nps-loop/webhook-secrets/")));

        assertThatCode(() -> function.beforeCheckpoint(null)).doesNotThrowAnyException();
        assertThat(function.prime()).hasSize(2)
                .anySatisfy(failed -> assertThat(failed).startsWith("table:"))
                .anySatisfy(failed -> assertThat(failed).startsWith("secrets:"));
    }

    @Test
    void aPrimedFunctionStoresTheFirstWebhookAsUsual() {
        var function = new IngestFunction(settings(Map.of()));
        function.beforeCheckpoint(null);

        var body = Fixtures.webhook("generic-detractor.json");
        var answer = function.handleRequest(IngestFunctionIntegrationTest.webhook("generic",
                Fixtures.genericHeaders(body, "msg_" + UUID.randomUUID(), Instant.now()), body), new LocalContext("ingest"));

        assertThat(answer.getStatusCode()).isEqualTo(202);
        assertThat(answer.getBody()).contains("\"responseId\":\"resp-2026-11-0001\"");
        assertThat(aws.dynamoDb().getItem(r -> r.tableName(resources.tableName()).key(Map.of(
                "pk", AttributeValue.fromS("RESPONSE#generic#resp-2026-11-0001"),
                "sk", AttributeValue.fromS("RESPONSE")))).hasItem()).isTrue();
    }
}

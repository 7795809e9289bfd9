package io.npsloop.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.npsloop.aws.DynamoDbResponseStore;
import io.npsloop.config.Settings;
import io.npsloop.domain.intake.Respondent;
import io.npsloop.domain.intake.ResponseKey;
import io.npsloop.domain.intake.ResponseRecord;
import io.npsloop.domain.intake.Score;
import io.npsloop.domain.intake.SurveyResponse;
import io.npsloop.domain.intake.ValueTiers;
import io.npsloop.domain.policy.HoldoutAssignment;
import io.npsloop.domain.policy.PolicySettings;
import io.npsloop.domain.policy.RationedPolicy;
import io.npsloop.domain.policy.RespondentHistory;
import io.npsloop.local.LocalAws;
import io.npsloop.local.LocalContext;
import io.npsloop.local.StreamEventSource;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The hook SnapStart runs before its snapshot, against DynamoDB Local and fauxqs: reads only, never a publish. */
class DispatchPrimingIntegrationTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    private final LocalAws aws = LocalAws.shared();
    private LocalAws.Resources resources;

    @BeforeEach
    void setUp() {
        resources = aws.provision("prime-" + UUID.randomUUID().toString().substring(0, 8));
    }

    private DispatchFunction function(Map<String, String> overrides) {
        var env = new HashMap<>(aws.environment());
        env.put("TABLE_NAME", resources.tableName());
        env.put("TOPIC_ARN", resources.topicArn());
        env.putAll(overrides);
        return new DispatchFunction(new Settings(env));
    }

    @Test
    void primingReadsButLeavesNoItemNoStreamRecordAndNoMessage() {
        var function = function(Map.of());

        assertThat(function.prime()).isEmpty();
        function.beforeCheckpoint(null);

        assertThat(aws.dynamoDb().scan(r -> r.tableName(resources.tableName())).items()).isEmpty();
        assertThat(aws.streamRecordCount(resources.streamArn())).isZero();
        assertThat(aws.receiveAll(resources.followUpQueueUrl(), Duration.ofMillis(500))).isEmpty();
    }

    @Test
    void primingWithDynamoDbUnreachableReportsTheReadAndDoesNotThrow() {
        var function = function(Map.of("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:1"));

        assertThatCode(() -> function.beforeCheckpoint(null)).doesNotThrowAnyException();
        assertThat(function.prime()).singleElement().asString().startsWith("table:");
    }

    @Test
    void aPrimedFunctionPublishesThePendingFollowUpAsUsual() {
        var function = function(Map.of());
        function.beforeCheckpoint(null);
        var response = new SurveyResponse(new ResponseKey("generic", "r-primed"), "relationship-nps-q4",
                new Respondent("cust-primed", "primed@example.com", "Ana Ruiz", "acct-1", "es", new BigDecimal("25000")),
                new Score(2), "Nobody called me back", NOW.minusSeconds(3600));
        var policy = new RationedPolicy(PolicySettings.DEFAULTS.withHoldout(HoldoutAssignment.percent(0, "test")));
        new DynamoDbResponseStore(aws.dynamoDb(), resources.tableName(), Duration.ofDays(730), java.time.Clock.systemUTC()).store(new ResponseRecord(
                response, ValueTiers.DEFAULT.tierOf(response.respondent().annualValue()),
                policy.decide(response, RespondentHistory.NONE, NOW), NOW), RespondentHistory.NONE);

        try (var stream = new StreamEventSource(aws.dynamoDbStreams(), aws.sqs(), resources.streamArn(),
                event -> function.handleRequest(event, new LocalContext("dispatch")),
                StreamEventSource.Options.defaults(resources.deadLetterQueueUrl()))) {
            stream.drain(Duration.ofMillis(300));
        }

        assertThat(aws.receiveAll(resources.followUpQueueUrl(), Duration.ofMillis(700))).hasSize(1);
    }
}

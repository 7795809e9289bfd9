package io.npsloop.benchmarks;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.npsloop.aws.AwsClients;
import io.npsloop.aws.DynamoDbResponseStore;
import io.npsloop.config.Settings;
import io.npsloop.config.SharedSettings;
import io.npsloop.dispatch.DispatchSettings;
import io.npsloop.dispatch.DynamoDbFollowUpLedger;
import io.npsloop.dispatch.SnsFollowUpPublisher;
import io.npsloop.domain.intake.ResponseIntake;
import io.npsloop.domain.intake.ValueTiers;
import io.npsloop.domain.notices.FollowUpDispatcher;
import io.npsloop.domain.policy.Budget;
import io.npsloop.domain.policy.Budgets;
import io.npsloop.domain.policy.FollowUpStatus;
import io.npsloop.domain.policy.PolicySettings;
import io.npsloop.domain.policy.RationedPolicy;
import io.npsloop.ingest.EnvironmentWebhookSecrets;
import io.npsloop.ingest.IngestSettings;
import io.npsloop.ingest.WebhookReceiver;
import io.npsloop.ingest.sources.StandardWebhooks;
import io.npsloop.ingest.sources.generic.GenericSource;
import io.npsloop.local.LocalAws;
import io.npsloop.table.ResponseItem;
import io.npsloop.table.Table;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The functions' parts put together by hand, with the template's default settings, so a client
 * that records its calls can stand where the functions build their own.
 */
final class Wiring {

    private Wiring() {}

    /** Resources named after {@code name} and the environment the functions get for them. */
    record Stack(LocalAws.Resources resources, Map<String, String> env) {}

    static Stack provision(LocalAws aws, String name) {
        var resources = aws.provision(name);
        var env = new LinkedHashMap<>(aws.environment());
        env.put("TABLE_NAME", resources.tableName());
        env.put("TOPIC_ARN", resources.topicArn());
        env.put("WEBHOOK_SECRET_" + Webhooks.SOURCE.toUpperCase(java.util.Locale.ROOT), Webhooks.SECRET);
        return new Stack(resources, Map.copyOf(env));
    }

    /** A DynamoDB client configured as the functions configure theirs, plus the given interceptors. */
    static DynamoDbClient dynamoDb(Map<String, String> env, ExecutionInterceptor... interceptors) {
        var builder = new AwsClients(new Settings(env)).configure(DynamoDbClient.builder(), "DYNAMODB");
        if (interceptors.length > 0) {
            builder.overrideConfiguration(c -> {
                for (var interceptor : interceptors) {
                    c.addExecutionInterceptor(interceptor);
                }
            });
        }
        return builder.build();
    }

    /** The ingest path of IngestConfig with the template's defaults, generic source only. */
    static WebhookReceiver ingest(Map<String, String> env, DynamoDbClient dynamoDb) {
        var settings = new Settings(env);
        var clock = Clock.systemUTC();
        var store = new DynamoDbResponseStore(dynamoDb, settings.required(SharedSettings.TABLE_NAME),
                Duration.ofDays(settings.positiveInt(SharedSettings.RESPONSE_RETENTION_DAYS)), clock);
        var intake = new ResponseIntake(
                new RationedPolicy(PolicySettings.DEFAULTS),
                new Budgets(Budget.UNLIMITED, Budget.UNLIMITED),
                ValueTiers.DEFAULT,
                store,
                clock);
        return new WebhookReceiver(
                List.of(new GenericSource(new StandardWebhooks(
                        Duration.ofSeconds(settings.positiveInt(IngestSettings.WEBHOOK_TOLERANCE_SECONDS))))),
                new EnvironmentWebhookSecrets(settings),
                intake,
                settings.positiveInt(IngestSettings.MAX_BODY_BYTES),
                clock);
    }

    /**
     * What the dispatch function does with each follow-up record of a batch: the pending ones are
     * handed to the dispatcher, the first failure is reported and ends the batch.
     */
    static java.util.function.Function<DynamodbEvent, StreamsEventResponse> dispatch(
            LocalAws aws, Map<String, String> env, DynamoDbClient dynamoDb, BiConsumer<Long, Boolean> perRecord) {
        var settings = new Settings(env);
        var clock = Clock.systemUTC();
        var dispatcher = new FollowUpDispatcher(
                new DynamoDbFollowUpLedger(dynamoDb, settings.required(SharedSettings.TABLE_NAME),
                        Duration.ofSeconds(settings.positiveInt(DispatchSettings.CLAIM_LEASE_SECONDS)), clock),
                new SnsFollowUpPublisher(aws.sns(), settings.required(DispatchSettings.TOPIC_ARN)),
                clock);
        return event -> {
            var failures = new ArrayList<StreamsEventResponse.BatchItemFailure>();
            for (var record : event.getRecords()) {
                var change = record.getDynamodb();
                var status = change.getNewImage() == null ? null : change.getNewImage().get(ResponseItem.FOLLOW_UP_STATUS);
                if (status == null || !FollowUpStatus.PENDING.wireName().equals(status.getS())) {
                    continue;
                }
                long start = System.nanoTime();
                FollowUpDispatcher.Result outcome;
                try {
                    var keys = change.getKeys();
                    outcome = dispatcher.dispatch(ResponseItem.keyOf(Map.of(
                            Table.PK, AttributeValue.fromS(keys.get(Table.PK).getS()),
                            Table.SK, AttributeValue.fromS(keys.get(Table.SK).getS()))));
                } catch (RuntimeException e) {
                    failures.add(StreamsEventResponse.BatchItemFailure.builder()
                            .withItemIdentifier(change.getSequenceNumber()).build());
                    break;
                }
                perRecord.accept(System.nanoTime() - start, outcome == FollowUpDispatcher.Result.SENT);
            }
            return StreamsEventResponse.builder().withBatchItemFailures(failures).build();
        };
    }
}

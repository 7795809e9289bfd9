package io.npsloop.dispatch;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import io.npsloop.aws.ActionLinkKeyRing;
import io.npsloop.aws.AwsClients;
import io.npsloop.aws.Primed;
import io.npsloop.aws.Priming;
import io.npsloop.aws.StreamImages;
import io.npsloop.config.ActionLinkSettings;
import io.npsloop.config.Settings;
import io.npsloop.config.SharedSettings;
import io.npsloop.domain.cases.ActionLinks;
import io.npsloop.domain.cases.EscalationStatus;
import io.npsloop.domain.notices.FollowUpDispatcher;
import io.npsloop.domain.policy.FollowUpStatus;
import io.npsloop.observe.Log;
import io.npsloop.table.ResponseItem;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Runs on the table's stream, filtered to responses whose follow-up or escalation is pending,
 * and publishes each once; and to steps on cases, of which it publishes those that moved the
 * customer's relationship ({@link RelationshipChange}) for a CRM to show. On a failure it reports
 * that record and stops: Lambda retries from it, keeping each shard's order, and records before it
 * are not redelivered.
 */
public final class DispatchFunction implements RequestHandler<DynamodbEvent, StreamsEventResponse>, Primed {

    private final FollowUpDispatcher dispatcher;
    private final SnsRelationshipPublisher relationships;
    private final Priming priming;

    /** Used by Lambda: configuration from the environment, clients built once per container. */
    public DispatchFunction() {
        this(Settings.fromEnvironment());
    }

    /** The production wiring from explicit settings, e.g. the local stack's. */
    public DispatchFunction(Settings settings) {
        this(settings, new AwsClients(settings));
    }

    /** The production wiring over given clients; its start goes to standard output, as no invocation's logger exists yet. */
    public DispatchFunction(Settings settings, AwsClients clients) {
        this(settings, clients, System.out::println);
    }

    /**
     * The production wiring over given clients, logging at start to {@code startLog}. {@code CLAIM_LEASE_SECONDS}
     * bounds how long one attempt holds a follow-up; a publish call is cut off at half of it, so no
     * attempt outlives its lease.
     */
    DispatchFunction(Settings settings, AwsClients clients, Consumer<String> startLog) {
        var lease = Duration.ofSeconds(settings.positiveInt(DispatchSettings.CLAIM_LEASE_SECONDS));
        var dynamoDb = clients.dynamoDb();
        var sns = clients.configure(SnsClient.builder(), "SNS", lease.dividedBy(2)).build();
        this.relationships = new SnsRelationshipPublisher(sns, settings.required(DispatchSettings.TOPIC_ARN));
        this.dispatcher = new FollowUpDispatcher(
                new DynamoDbFollowUpLedger(dynamoDb, settings.required(SharedSettings.TABLE_NAME), lease, Clock.systemUTC()),
                new SnsFollowUpPublisher(sns, settings.required(DispatchSettings.TOPIC_ARN)),
                Clock.systemUTC(),
                actionLinks(settings, clients, new Log(startLog, "dispatch", null, Clock.systemUTC())));
        this.priming = DispatchPriming.of(dynamoDb, settings.required(SharedSettings.TABLE_NAME), Clock.systemUTC());
        registerPriming();
    }

    /**
     * The links each message carries: the case in the desk wherever the public base URL is set, and
     * signed step links where a key ring is configured (then the base URL must be set too). Without
     * a key ring it says so once, here, rather than leaving people to wonder why no message has
     * links. The ring is read when the first message is sent, not here.
     */
    static ActionLinks actionLinks(Settings settings, AwsClients clients, Log log) {
        var base = settings.optional(ActionLinkSettings.PUBLIC_BASE_URL).map(DispatchFunction::checkedBase);
        if (settings.optional(ActionLinkSettings.ACTION_LINK_KEYS).isEmpty()
                && settings.optional(ActionLinkSettings.ACTION_LINK_KEY_PARAMETER).isEmpty()) {
            log.log("WARN", "follow-ups carry no action links: no key ring is configured", null,
                    "set", ActionLinkSettings.ACTION_LINK_KEY_PARAMETER.variable() + " (or " + ActionLinkSettings.ACTION_LINK_KEYS.variable() + ")",
                    "deskLinks", base.isPresent());
            return base.map(ActionLinks::deskOnly).orElse(ActionLinks.NONE);
        }
        return new ActionLinks(ActionLinkKeyRing.of(settings, clients, Clock.systemUTC()),
                base.orElseGet(() -> settings.required(ActionLinkSettings.PUBLIC_BASE_URL)),
                Duration.ofDays(settings.positiveInt(ActionLinkSettings.ACTION_LINK_DAYS)),
                Duration.ofDays(settings.positiveInt(ActionLinkSettings.REFERRAL_LINK_DAYS)));
    }

    private static String checkedBase(String base) {
        if (!base.matches("https?://[^/?#\\s]+(/[^?#\\s]*)?")) {
            throw new IllegalStateException(ActionLinkSettings.PUBLIC_BASE_URL.variable() + " must be an http or https URL, was '" + base + "'");
        }
        return base;
    }

    @Override
    public Priming priming() {
        return priming;
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        var log = new Log(context.getLogger()::log, "dispatch", context.getAwsRequestId(), Clock.systemUTC());
        var failures = new ArrayList<StreamsEventResponse.BatchItemFailure>();
        var records = event.getRecords() == null ? List.<DynamodbEvent.DynamodbStreamRecord>of() : event.getRecords();
        for (var record : records) {
            var change = record.getDynamodb();
            var image = change == null ? null : change.getNewImage();
            boolean followUp = has(image, ResponseItem.FOLLOW_UP_STATUS, FollowUpStatus.PENDING.wireName());
            boolean escalation = has(image, ResponseItem.ESCALATION_STATUS, EscalationStatus.PENDING.wireName());
            String id = null;
            try {
                // A step that changed nothing a CRM shows (most of them) publishes nothing.
                var relationship = RelationshipChange.of(record);
                if (!followUp && !escalation && relationship.isEmpty()) {
                    continue;
                }
                var key = ResponseItem.keyOf(StreamImages.toSdk(change.getKeys()));
                id = key.value();
                if (followUp) {
                    published(log, id, "follow-up", dispatcher.dispatch(key));
                }
                if (escalation) {
                    published(log, id, "escalation", dispatcher.escalate(key));
                }
                if (relationship.isPresent()) {
                    relationships.publish(relationship.get());
                    log.info("relationship", id);
                    log.metric("RelationshipsPublished", 1, id);
                }
            } catch (RuntimeException e) {
                // Ids and types only: the image holds personal data.
                log.error("publish failed", id, "sequence", change.getSequenceNumber(), "error", e.getClass().getSimpleName());
                log.metric("PublishFailures", 1, id);
                failures.add(StreamsEventResponse.BatchItemFailure.builder()
                        .withItemIdentifier(change.getSequenceNumber())
                        .build());
                break;
            }
        }
        return StreamsEventResponse.builder().withBatchItemFailures(failures).build();
    }

    private static void published(Log log, String id, String kind, FollowUpDispatcher.Result outcome) {
        log.info(kind, id, "outcome", outcome.name().toLowerCase(Locale.ROOT));
        if (outcome != FollowUpDispatcher.Result.NOT_PENDING) {
            log.metric("FollowUpsPublished", 1, id, "kind", kind);
        }
        if (outcome == FollowUpDispatcher.Result.SENT_AGAIN) {
            log.metric("RepeatedAttempts", 1, id);
        }
    }

    private static boolean has(Map<String, AttributeValue> image, String attribute, String status) {
        return image != null && image.containsKey(attribute) && status.equals(image.get(attribute).getS());
    }
}

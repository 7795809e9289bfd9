package io.npsloop.chat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.npsloop.aws.AwsClients;
import io.npsloop.aws.Primed;
import io.npsloop.aws.Priming;
import io.npsloop.config.Settings;
import io.npsloop.config.SharedSettings;
import io.npsloop.observe.Log;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * Takes follow-ups from the topic through its own queue and posts each to the chat destination
 * its route names, or keeps it for that destination's daily digest. A chat outage only leaves
 * messages on this queue; the topic's publish never waits for Slack or Teams.
 *
 * <p>Throttling (429), server errors and no answer leave the message on the queue (a partial batch
 * failure) for the visibility timeout to bring back; once a destination throttles, the rest of the
 * batch for it waits too. A refusal that repeating never mends (another 4xx, no webhook, no kind)
 * moves the message to the dead-letter queue at once, logged with the route and the error word.
 */
public final class ChatFunction implements RequestHandler<SQSEvent, SQSBatchResponse>, Primed {

    /**
     * The queue's subscription to the topic: follow-ups and escalations, which are what routes name,
     * never the topic's other messages (a relationship change is for a CRM). template.yaml's
     * ChatSubscription and the local stack use it.
     */
    public static final String FILTER_POLICY = "{\"action\":[\"recovery\",\"referral\",\"nurture\",\"escalation\"]}";

    private final ChatRoutes routes;
    private final ChatWebhooks webhooks;
    private final ChatPoster poster;
    private final Optional<ChatDeadLetters> deadLetters;
    private final DynamoDbChatDigests digests;
    private final Clock clock;
    private final Priming priming;

    /** Used by Lambda: configuration from the environment, clients built once per container. */
    public ChatFunction() {
        this(Settings.fromEnvironment());
    }

    public ChatFunction(Settings settings) {
        this(settings, new AwsClients(settings), Clock.systemUTC());
    }

    /** Routes are checked here, so a bad CHAT_ROUTES fails the first invocation with the entry named. */
    public ChatFunction(Settings settings, AwsClients clients, Clock clock) {
        this.routes = ChatRoutes.parse(settings.string(ChatSettings.CHAT_ROUTES));
        this.webhooks = ChatWebhooks.of(settings, clients, clock);
        var timeout = Duration.ofSeconds(settings.positiveInt(ChatSettings.CHAT_TIMEOUT_SECONDS));
        this.poster = new ChatPoster(timeout);
        this.deadLetters = settings.optional(ChatSettings.CHAT_DEAD_LETTER_QUEUE_URL)
                .map(url -> new ChatDeadLetters(clients.sqs(timeout), url));
        var dynamoDb = clients.dynamoDb();
        var table = settings.required(SharedSettings.TABLE_NAME);
        this.digests = new DynamoDbChatDigests(dynamoDb, table, clock);
        this.clock = clock;
        this.priming = ChatPriming.forFollowUps(dynamoDb, table, clock);
        registerPriming();
    }

    @Override
    public Priming priming() {
        return priming;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        var log = new Log(context.getLogger()::log, "chat", context.getAwsRequestId(), clock);
        var failures = new ArrayList<SQSBatchResponse.BatchItemFailure>();
        var throttled = new HashSet<String>();
        var records = event.getRecords() == null ? List.<SQSEvent.SQSMessage>of() : event.getRecords();
        for (var record : records) {
            if (!handle(record, throttled, log)) {
                failures.add(new SQSBatchResponse.BatchItemFailure(record.getMessageId()));
            }
        }
        return new SQSBatchResponse(failures);
    }

    /** False to leave the message on the queue for another try. */
    private boolean handle(SQSEvent.SQSMessage record, java.util.Set<String> throttled, Log log) {
        FollowUpMessage message;
        try {
            message = FollowUpMessage.fromSqsBody(record.getBody());
        } catch (IllegalArgumentException e) {
            return deadLetter(record, null, "none", "not_a_follow_up", log);
        }
        var id = message.followUpId();
        var route = routes.routeFor(message.action(), message.valueTier());
        if (route.isEmpty()) {
            log.info("no route", id, "action", message.action());
            return true;
        }
        var name = route.get().name();
        try {
            if (route.get().mode() == ChatRoutes.Mode.DIGEST) {
                digests.keep(route.get(), message);
                log.info("kept for digest", id, "route", name);
                return true;
            }
            if (throttled.contains(name)) {
                return false; // the destination asked to slow down: the rest of its batch waits too
            }
            var url = webhooks.url(route.get().parameter());
            if (url.isEmpty()) {
                return deadLetter(record, id, name, "no_webhook", log);
            }
            var kind = Optional.ofNullable(route.get().kind()).or(() -> ChatKind.fromUrl(url.get()));
            if (kind.isEmpty()) {
                return deadLetter(record, id, name, "unknown_kind", log);
            }
            var payload = kind.get() == ChatKind.SLACK ? SlackMessages.followUp(message) : TeamsCards.followUp(message);
            var outcome = poster.post(url.get(), payload);
            if (outcome instanceof ChatPoster.Delivered) {
                log.info("posted", id, "route", name, "kind", kind.get().name().toLowerCase(java.util.Locale.ROOT));
                log.metric("ChatPosts", 1, id);
                return true;
            }
            if (outcome instanceof ChatPoster.TryLater later) {
                if (later.retryAfterSeconds().isPresent() || later.error().equals("http_429")) {
                    throttled.add(name);
                }
                log.info("post deferred", id, "route", name, "error", later.error(),
                        "retryAfter", later.retryAfterSeconds().isPresent() ? later.retryAfterSeconds().getAsLong() : null);
                log.metric("ChatRetries", 1, id);
                return false;
            }
            return deadLetter(record, id, name, ((ChatPoster.Refused) outcome).error(), log);
        } catch (RuntimeException e) {
            // SSM or the table unreachable: worth another try. The type only; a message could quote a URL.
            log.error("post failed", id, "route", name, "error", e.getClass().getSimpleName());
            return false;
        }
    }

    private boolean deadLetter(SQSEvent.SQSMessage record, String id, String route, String error, Log log) {
        log.error("refused", id, "route", route, "error", error);
        log.metric("ChatRefused", 1, id);
        if (deadLetters.isEmpty()) {
            return false; // the queue's redrive moves it after its last receive
        }
        try {
            deadLetters.get().send(record.getBody(), route, error);
            return true;
        } catch (RuntimeException e) {
            log.error("dead-letter failed", id, "route", route, "error", e.getClass().getSimpleName());
            return false;
        }
    }
}

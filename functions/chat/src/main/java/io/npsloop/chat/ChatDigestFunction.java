package io.npsloop.chat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.npsloop.aws.AwsClients;
import io.npsloop.aws.Primed;
import io.npsloop.aws.Priming;
import io.npsloop.cases.DynamoDbCases;
import io.npsloop.config.ActionLinkSettings;
import io.npsloop.config.Settings;
import io.npsloop.config.SharedSettings;
import io.npsloop.domain.cases.ActionLinks;
import io.npsloop.domain.cases.FollowUpCase;
import io.npsloop.domain.intake.ResponseKey;
import io.npsloop.domain.policy.Action;
import io.npsloop.observe.Log;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Runs once a day: for each destination whose route says {@code digest}, posts the follow-ups kept
 * since its last digest, the open cases routed to it that are past due, and the share of the
 * follow-ups due yesterday (UTC) that someone contacted by their due time. Names, scores and
 * comments are read from the responses now, so an answer erased meanwhile is left out. New
 * follow-ups carry the links their message carried; overdue cases link to the case in the desk,
 * made as the dispatch function makes it, where the public base URL is set.
 * A destination digested in the last {@link #MIN_GAP} is skipped, so a retried run posts nothing twice.
 */
public final class ChatDigestFunction implements RequestHandler<ScheduledEvent, Map<String, Integer>>, Primed {

    static final Duration MIN_GAP = Duration.ofHours(20);
    /** Overdue cases read per action and run. */
    static final int OVERDUE_LIMIT = 200;

    private final ChatRoutes routes;
    private final ChatWebhooks webhooks;
    private final ChatPoster poster;
    private final DynamoDbChatDigests digests;
    private final DynamoDbCases cases;
    private final Clock clock;
    /** Empty: no public base URL, so overdue cases go without a link. */
    private final Optional<ActionLinks> desk;
    private final Priming priming;

    public ChatDigestFunction() {
        this(Settings.fromEnvironment());
    }

    public ChatDigestFunction(Settings settings) {
        this(settings, new AwsClients(settings), Clock.systemUTC());
    }

    public ChatDigestFunction(Settings settings, AwsClients clients, Clock clock) {
        this.routes = ChatRoutes.parse(settings.string(ChatSettings.CHAT_ROUTES));
        this.webhooks = ChatWebhooks.of(settings, clients, clock);
        this.poster = new ChatPoster(Duration.ofSeconds(settings.positiveInt(ChatSettings.CHAT_TIMEOUT_SECONDS)));
        var dynamoDb = clients.dynamoDb();
        var table = settings.required(SharedSettings.TABLE_NAME);
        this.digests = new DynamoDbChatDigests(dynamoDb, table, clock);
        this.cases = new DynamoDbCases(dynamoDb, table);
        this.clock = clock;
        this.desk = settings.optional(ActionLinkSettings.PUBLIC_BASE_URL).map(ActionLinks::deskOnly);
        this.priming = ChatPriming.forDigests(dynamoDb, table, clock);
        registerPriming();
    }

    @Override
    public Priming priming() {
        return priming;
    }

    @Override
    public Map<String, Integer> handleRequest(ScheduledEvent event, Context context) {
        var log = new Log(context.getLogger()::log, "chat-digest", context.getAwsRequestId(), clock);
        int posted = 0;
        int failed = 0;
        for (var route : routes.digests()) {
            var name = route.name();
            try {
                var now = clock.instant();
                var last = digests.lastDigestAt(route.parameter());
                if (last.isPresent() && last.get().plus(MIN_GAP).isAfter(now)) {
                    log.info("digest skipped", null, "route", name, "lastDigestAt", last.get().toString());
                    continue;
                }
                var digest = digest(route, last.orElse(now.minus(Duration.ofDays(1))), now);
                var url = webhooks.url(route.parameter());
                if (url.isEmpty()) {
                    log.error("digest refused", null, "route", name, "error", "no_webhook");
                    failed++;
                    continue;
                }
                var kind = Optional.ofNullable(route.kind()).or(() -> ChatKind.fromUrl(url.get()));
                if (kind.isEmpty()) {
                    log.error("digest refused", null, "route", name, "error", "unknown_kind");
                    failed++;
                    continue;
                }
                var outcome = poster.post(url.get(), kind.get() == ChatKind.SLACK ? SlackMessages.digest(digest) : TeamsCards.digest(digest));
                if (outcome instanceof ChatPoster.Delivered) {
                    digests.markDigested(route.parameter(), now);
                    log.info("digest posted", null, "route", name, "kind", kind.get().name().toLowerCase(Locale.ROOT),
                            "new", digest.freshTotal(), "overdue", digest.overdueTotal());
                    posted++;
                } else {
                    var error = outcome instanceof ChatPoster.TryLater later ? later.error() : ((ChatPoster.Refused) outcome).error();
                    log.error("digest refused", null, "route", name, "error", error);
                    failed++;
                }
            } catch (RuntimeException e) {
                log.error("digest failed", null, "route", name, "error", e.getClass().getSimpleName());
                failed++;
            }
        }
        if (failed > 0) {
            log.metric("ChatDigestFailures", failed, null);
        }
        return Map.of("posted", posted, "failed", failed);
    }

    /** The digest for one destination, from the table as it is now. */
    Digest digest(ChatRoutes.Route route, Instant since, Instant now) {
        var kept = digests.kept(route.parameter());
        var fresh = new ArrayList<Digest.Entry>();
        for (var item : kept.stream().filter(k -> k.keptAt().isAfter(since) && !k.keptAt().isAfter(now))
                .sorted(Comparator.comparing(DynamoDbChatDigests.Kept::keptAt)).toList()) {
            find(item.followUpId()).ifPresent(found -> fresh.add(entry(found, item.action(), item.links(), item.caseLink())));
        }
        var overdue = new ArrayList<Digest.Entry>();
        for (var action : Action.values()) {
            for (var open : cases.open(action, now, OVERDUE_LIMIT)) {
                var tier = open.record().valueTier().wireName();
                if (routes.routeFor(action.wireName(), tier).filter(r -> r.parameter().equals(route.parameter())).isPresent()) {
                    overdue.add(entry(open, action.wireName(), Map.of(), desk.map(links -> links.caseUrl(open.id())).orElse(null)));
                }
            }
        }
        overdue.sort(Comparator.comparing(Digest.Entry::dueAt));
        // Yesterday, UTC: the follow-ups kept here that fell due then, and whether a step was taken by the due time.
        var today = now.truncatedTo(ChronoUnit.DAYS);
        var yesterday = today.minus(Duration.ofDays(1));
        int due = 0;
        int inTime = 0;
        for (var item : kept) {
            if (item.action().equals("escalation") || item.dueAt() == null
                    || item.dueAt().isBefore(yesterday) || !item.dueAt().isBefore(today)) {
                continue;
            }
            var found = find(item.followUpId());
            if (found.isEmpty()) {
                continue;
            }
            due++;
            if (found.get().events().stream().anyMatch(event -> !event.at().isAfter(item.dueAt()))) {
                inTime++;
            }
        }
        return new Digest(since, head(fresh), fresh.size(), head(overdue), overdue.size(),
                yesterday.atZone(ZoneOffset.UTC).toLocalDate(), due, inTime);
    }

    private Optional<FollowUpCase> find(String followUpId) {
        return ResponseKey.fromValue(followUpId).flatMap(cases::find);
    }

    private static Digest.Entry entry(FollowUpCase found, String action, Map<String, String> links, String caseLink) {
        var record = found.record();
        var response = record.response();
        var message = new FollowUpMessage(found.id(), action, null, 1, found.followUp().dueAt(),
                response.respondent().name(), response.respondent().accountId(), record.valueTier().wireName(),
                response.score().value(), response.category().wireName(), response.comment(), record.key().source(), links, null, caseLink);
        return new Digest.Entry(found.id(), action, ChatText.who(message), ChatText.tier(message), ChatText.score(message),
                ChatText.comment(message), found.followUp().dueAt(), new LinkedHashMap<>(links), caseLink);
    }

    private static <T> List<T> head(List<T> all) {
        return all.size() > Digest.SHOWN ? List.copyOf(all.subList(0, Digest.SHOWN)) : List.copyOf(all);
    }
}

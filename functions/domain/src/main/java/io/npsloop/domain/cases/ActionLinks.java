package io.npsloop.domain.cases;

import io.npsloop.domain.intake.ResponseRecord;
import io.npsloop.domain.policy.Action;
import io.npsloop.domain.policy.FollowUpDecision;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Makes the links a follow-up carries: for each step its action offers, a token signed with the
 * ring's first key, valid for {@code validity}, under {@code <base URL>/desk/act?t=}.
 */
public final class ActionLinks {

    /** Makes no links, as where no key ring is configured. */
    public static final ActionLinks NONE = new ActionLinks(Optional::empty, "http://localhost", Duration.ofDays(1));

    private final Supplier<Optional<ActionLinkKeys>> keys;
    private final String baseUrl;
    private final Duration validity;

    /**
     * @param keys the ring, read when a link is made, so a rotated ring is picked up; empty: no links
     * @param baseUrl where the HTTP API is reached from a mail client, e.g. {@code https://nps.example.com}
     */
    public ActionLinks(Supplier<Optional<ActionLinkKeys>> keys, String baseUrl, Duration validity) {
        this.keys = Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(baseUrl, "baseUrl");
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.validity = Objects.requireNonNull(validity, "validity");
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("links must be valid for some time");
        }
    }

    /**
     * The steps a follow-up's links offer: a recovery is contacted, then resolved or not; a
     * referral or a nurture is contacted, then done (recorded as resolved).
     */
    public static List<CaseEvent.Type> stepsFor(Action action) {
        return switch (action) {
            case RECOVERY -> List.of(CaseEvent.Type.CONTACTED, CaseEvent.Type.RESOLVED, CaseEvent.Type.UNRESOLVED);
            case REFERRAL, NURTURE -> List.of(CaseEvent.Type.CONTACTED, CaseEvent.Type.RESOLVED);
        };
    }

    /** The links for a stored response's follow-up, made at {@code now}; none without a key ring or a follow-up. */
    public FollowUpLinks forRecord(ResponseRecord record, Instant now) {
        var ring = keys.get();
        if (ring.isEmpty() || !(record.decision() instanceof FollowUpDecision.Contact contact)) {
            return FollowUpLinks.NONE;
        }
        var expiresAt = now.plus(validity).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        var links = new LinkedHashMap<CaseEvent.Type, String>();
        for (var step : stepsFor(contact.action())) {
            var token = ring.get().sign(new ActionLink(record.key().value(), step, expiresAt));
            links.put(step, url(token));
        }
        return new FollowUpLinks(links, expiresAt);
    }

    /** The page's address for a token. */
    public String url(String token) {
        return baseUrl + ActionLink.PATH + "?" + ActionLink.TOKEN_PARAMETER + "=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
    }
}

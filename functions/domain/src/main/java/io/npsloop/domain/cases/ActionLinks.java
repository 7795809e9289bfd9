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
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Makes the links a follow-up carries, all under one base URL: the case in the desk,
 * {@code <base URL>/desk/#/cases/<case id>}, and for each step its action offers a token signed
 * with the ring's first key, valid for {@code validity}, under {@code <base URL>/desk/act?t=}; a
 * referral also offers the promoter's own page ({@link ReferralLink}), valid for {@code referralValidity}.
 */
public final class ActionLinks {

    /** Makes no links, as where no base URL is known. */
    public static final ActionLinks NONE = new ActionLinks(Optional::empty, Optional.empty(), Duration.ofDays(1), Duration.ofDays(1));

    /** How long a referral's page works when nothing else is said. */
    public static final Duration REFERRAL_VALIDITY = Duration.ofDays(30);

    /** The desk's page; a case is a route in its fragment, see {@link #caseRoute}. */
    public static final String DESK_PATH = "/desk/";

    private final Supplier<Optional<ActionLinkKeys>> keys;
    /** Without its trailing slash; empty: no links at all. */
    private final Optional<String> baseUrl;
    private final Duration validity;
    private final Duration referralValidity;

    /**
     * @param keys the ring, read when a link is made, so a rotated ring is picked up; empty: no signed links
     * @param baseUrl where the HTTP API is reached from a mail client, e.g. {@code https://nps.example.com}
     */
    public ActionLinks(Supplier<Optional<ActionLinkKeys>> keys, String baseUrl, Duration validity) {
        this(keys, Optional.of(baseUrl), validity, REFERRAL_VALIDITY);
    }

    public ActionLinks(Supplier<Optional<ActionLinkKeys>> keys, String baseUrl, Duration validity, Duration referralValidity) {
        this(keys, Optional.of(baseUrl), validity, referralValidity);
    }

    /** Only the link to the case in the desk, which needs no key: where no key ring is configured. */
    public static ActionLinks deskOnly(String baseUrl) {
        return new ActionLinks(Optional::empty, baseUrl, Duration.ofDays(1));
    }

    private ActionLinks(Supplier<Optional<ActionLinkKeys>> keys, Optional<String> baseUrl, Duration validity, Duration referralValidity) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.baseUrl = baseUrl.map(base -> base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        this.validity = Objects.requireNonNull(validity, "validity");
        this.referralValidity = Objects.requireNonNull(referralValidity, "referralValidity");
        if (validity.isNegative() || validity.isZero() || referralValidity.isNegative() || referralValidity.isZero()) {
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

    /**
     * The links for a stored response's follow-up, made at {@code now}: none without a base URL or a
     * follow-up; the case in the desk only, without a key ring.
     */
    public FollowUpLinks forRecord(ResponseRecord record, Instant now) {
        if (baseUrl.isEmpty() || !(record.decision() instanceof FollowUpDecision.Contact contact)) {
            return FollowUpLinks.NONE;
        }
        var caseUrl = caseUrl(record.key().value());
        var ring = keys.get();
        if (ring.isEmpty()) {
            return new FollowUpLinks(Map.of(), null, caseUrl);
        }
        var expiresAt = now.plus(validity).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        var links = new LinkedHashMap<CaseEvent.Type, String>();
        for (var step : stepsFor(contact.action())) {
            var token = ring.get().sign(new ActionLink(record.key().value(), step, expiresAt));
            links.put(step, url(token));
        }
        var referralPage = contact.action() == Action.REFERRAL
                ? ReferralLink.url(base(), ReferralLink.of(record.key().value(), now, referralValidity).sign(ring.get())) : null;
        return new FollowUpLinks(links, expiresAt, caseUrl, referralPage);
    }

    /** The case in the desk. Not signed: the desk signs its users in, and the link grants nothing. */
    public String caseUrl(String caseId) {
        return base() + DESK_PATH + caseRoute(caseId);
    }

    /**
     * The desk's route to a case, the URL's fragment: {@code #/cases/} and the id, percent-encoded
     * ({@code generic:r-2} is {@code generic%3Ar-2}, a space {@code %20}), as the page decodes it.
     */
    public static String caseRoute(String caseId) {
        return "#/cases/" + URLEncoder.encode(caseId, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The page's address for a token. */
    public String url(String token) {
        return base() + ActionLink.PATH + "?" + ActionLink.TOKEN_PARAMETER + "=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
    }

    private String base() {
        return baseUrl.orElseThrow(() -> new IllegalStateException("no base URL to make links under"));
    }
}

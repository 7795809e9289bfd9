package io.npsloop.domain.cases;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A promoter's personal referral page: ONE referral case, until it expires, signed with the action
 * links' key ring ({@link ActionLinkKeys}) under a purpose no step has, so neither kind of token
 * can stand for the other. Staff pass its URL ({@code <base URL>/refer/<token>}) to the promoter;
 * the page's form carries a second statement, when it was shown, so a reply faster than a person
 * types is told apart.
 */
public record ReferralLink(String caseId, Instant expiresAt) {

    /** The page's path, the token follows it. */
    public static final String PATH = "/refer/";
    /** The route the HTTP API serves it under. */
    public static final String ROUTE = PATH + "{token}";
    static final String PURPOSE = "referral-page";
    static final String SHOWN = "referral-form-shown";

    public ReferralLink {
        Objects.requireNonNull(caseId, "caseId");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (caseId.isBlank()) {
            throw new IllegalArgumentException("a link names a case");
        }
    }

    /** The outcome of checking a token: the link, or why it was refused (a tampered and an unknown one alike). */
    public sealed interface Checked {}

    public record Valid(ReferralLink link) implements Checked {}

    public record Refused(ActionLinkKeys.Refusal reason) implements Checked {}

    /** The link for a case, valid for {@code validity} from {@code now}, to the second. */
    public static ReferralLink of(String caseId, Instant now, Duration validity) {
        return new ReferralLink(caseId, now.plus(validity).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }

    public String sign(ActionLinkKeys keys) {
        return keys.sign(new ActionLinkKeys.Statement(PURPOSE, expiresAt, caseId));
    }

    /** The page's address under the public base URL. The token is URL-safe as it stands. */
    public static String url(String baseUrl, String token) {
        return (baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl) + PATH + token;
    }

    /** The link a token carries if it is genuine, a referral page's, and not expired at {@code now}. */
    public static Checked check(ActionLinkKeys keys, String token, Instant now) {
        var opened = keys.open(token);
        if (opened instanceof ActionLinkKeys.Refused refused) {
            return new Refused(refused.reason());
        }
        var statement = ((ActionLinkKeys.Genuine) opened).statement();
        if (!statement.purpose().equals(PURPOSE) || statement.caseId().isBlank()) {
            return new Refused(ActionLinkKeys.Refusal.MALFORMED);
        }
        var link = new ReferralLink(statement.caseId(), statement.time());
        return now.isAfter(link.expiresAt()) ? new Refused(ActionLinkKeys.Refusal.EXPIRED) : new Valid(link);
    }

    /** The form's hidden stamp: this case's page was shown at {@code shownAt}. */
    public String stamp(ActionLinkKeys keys, Instant shownAt) {
        return keys.sign(new ActionLinkKeys.Statement(SHOWN, shownAt, caseId));
    }

    /** When this case's form was shown, if the stamp is genuine and this case's; empty otherwise. */
    public Optional<Instant> shownAt(ActionLinkKeys keys, String stamp) {
        if (keys.open(stamp) instanceof ActionLinkKeys.Genuine genuine && genuine.statement().purpose().equals(SHOWN)
                && genuine.statement().caseId().equals(caseId)) {
            return Optional.of(genuine.statement().time());
        }
        return Optional.empty();
    }
}

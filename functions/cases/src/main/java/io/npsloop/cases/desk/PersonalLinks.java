package io.npsloop.cases.desk;

import io.npsloop.config.ActionLinkSettings;
import io.npsloop.config.Settings;
import io.npsloop.domain.cases.ActionLinkKeys;
import io.npsloop.domain.cases.FollowUpCase;
import io.npsloop.domain.cases.ReferralLink;
import io.npsloop.domain.policy.Action;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A promoter's personal referral page as the desk shows it, so staff can pass it on by hand: a
 * fresh link to the referral case, made as the follow-up's own is ({@link ReferralLink}), where a
 * key ring and a public base URL are both set; none otherwise.
 */
public final class PersonalLinks {

    public static final PersonalLinks NONE = new PersonalLinks(Optional::empty, null, Duration.ofDays(1));

    private final Supplier<Optional<ActionLinkKeys>> ring;
    private final String baseUrl;
    private final Duration validity;

    public PersonalLinks(Supplier<Optional<ActionLinkKeys>> ring, String baseUrl, Duration validity) {
        this.ring = Objects.requireNonNull(ring, "ring");
        this.baseUrl = baseUrl;
        this.validity = Objects.requireNonNull(validity, "validity");
    }

    public static PersonalLinks of(Settings settings, Supplier<Optional<ActionLinkKeys>> ring) {
        return new PersonalLinks(ring, settings.optional(ActionLinkSettings.PUBLIC_BASE_URL).orElse(null),
                Duration.ofDays(settings.positiveInt(ActionLinkSettings.REFERRAL_LINK_DAYS)));
    }

    /** The case's page, valid for the referral link days from {@code now}; empty for other actions or without ring and base. */
    public Optional<String> of(FollowUpCase c, Instant now) {
        if (baseUrl == null || c.followUp().action() != Action.REFERRAL) {
            return Optional.empty();
        }
        return ring.get().map(keys -> ReferralLink.url(baseUrl, ReferralLink.of(c.id(), now, validity).sign(keys)));
    }
}

package io.npsloop.aws;

import io.npsloop.config.ActionLinkSettings;
import io.npsloop.config.Settings;
import io.npsloop.domain.cases.ActionLinkKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The action link key ring, from {@code ACTION_LINK_KEYS} if set, else from the SecureString named
 * by {@code ACTION_LINK_KEY_PARAMETER}, read on first use and kept for {@link #MAX_AGE}, so a
 * rotated ring reaches every container within minutes without a redeploy. If SSM cannot be asked
 * later, the ring already read is kept. A parameter not created yet means no ring.
 */
public final class ActionLinkKeyRing implements Supplier<Optional<ActionLinkKeys>> {

    /** How long a ring read from SSM is reused: the longest a rotation takes to reach every container. */
    public static final Duration MAX_AGE = Duration.ofMinutes(5);

    private record Read(Optional<ActionLinkKeys> ring, Instant at) {}

    private final Supplier<String> fetch;
    private final Clock clock;
    private volatile Read last;

    /** @param fetch the ring's text, null when there is none yet */
    ActionLinkKeyRing(Supplier<String> fetch, Clock clock) {
        this.fetch = fetch;
        this.clock = clock;
    }

    /** The ring a function's settings name: from the environment, from SSM, or none. */
    public static Supplier<Optional<ActionLinkKeys>> of(Settings settings, AwsClients clients, Clock clock) {
        var inline = settings.optional(ActionLinkSettings.ACTION_LINK_KEYS);
        if (inline.isPresent()) {
            var ring = Optional.of(parse(inline.get()));
            return () -> ring;
        }
        var name = settings.optional(ActionLinkSettings.ACTION_LINK_KEY_PARAMETER);
        if (name.isEmpty()) {
            return Optional::empty;
        }
        var ssm = clients.jsonCalls("SSM", "ssm", "AmazonSSM");
        return new ActionLinkKeyRing(() -> SsmParameters.secureString(ssm, name.get()), clock);
    }

    @Override
    public Optional<ActionLinkKeys> get() {
        var now = clock.instant();
        var read = last;
        if (read != null && read.at().plus(MAX_AGE).isAfter(now)) {
            return read.ring();
        }
        String text;
        try {
            text = fetch.get();
        } catch (RuntimeException unavailable) {
            if (read != null && read.ring().isPresent()) {
                return read.ring(); // a ring we had beats refusing every link
            }
            throw unavailable;
        }
        var ring = text == null ? Optional.<ActionLinkKeys>empty() : Optional.of(parse(text));
        last = new Read(ring, now);
        return ring;
    }

    private static ActionLinkKeys parse(String text) {
        try {
            return ActionLinkKeys.parse(text);
        } catch (IllegalArgumentException e) {
            // The message names the key's place and id, never the key.
            throw new IllegalStateException("the action link key ring cannot be used: " + e.getMessage());
        }
    }
}

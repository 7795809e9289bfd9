package io.npsloop.aws;

import io.npsloop.config.ActionLinkSettings;
import io.npsloop.config.Settings;
import io.npsloop.domain.cases.ActionLinkKeys;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The action link key ring, from {@code ACTION_LINK_KEYS} if set, else from the SecureString named
 * by {@code ACTION_LINK_KEY_PARAMETER}, read through {@link SsmParameters} and kept for
 * {@link #MAX_AGE}, so a rotated ring reaches every container within minutes without a redeploy.
 * If SSM cannot be asked later, the ring already read is kept. A parameter not created yet means no ring.
 */
public final class ActionLinkKeyRing implements Supplier<Optional<ActionLinkKeys>> {

    /** How long a ring read from SSM is reused: the longest a rotation takes to reach every container. */
    public static final Duration MAX_AGE = Duration.ofMinutes(5);

    /** The text last parsed and its ring: parsed again only when the text changes. */
    private record Parsed(String text, ActionLinkKeys ring) {}

    private final SsmParameters parameters;
    private final String name;
    private volatile Parsed parsed;

    /** @param fetch the ring's text, null when there is none yet */
    ActionLinkKeyRing(Supplier<String> fetch, Clock clock) {
        this(new SsmParameters(name -> fetch.get(), MAX_AGE, SsmParameters.Missing.REMEMBERED, clock), "ring");
    }

    private ActionLinkKeyRing(SsmParameters parameters, String name) {
        this.parameters = parameters;
        this.name = name;
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
        return new ActionLinkKeyRing(new SsmParameters(ssm, MAX_AGE, SsmParameters.Missing.REMEMBERED, clock), name.get());
    }

    @Override
    public Optional<ActionLinkKeys> get() {
        var text = parameters.get(name);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        var last = parsed;
        if (last != null && last.text().equals(text.get())) {
            return Optional.of(last.ring());
        }
        var ring = parse(text.get());
        parsed = new Parsed(text.get(), ring);
        return Optional.of(ring);
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

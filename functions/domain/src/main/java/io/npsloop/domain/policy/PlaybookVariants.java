package io.npsloop.domain.policy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Ways of carrying out one action (recovery by a call, by email, by a call with a concession), drawn
 * at random within the treated arm by their weights. The draw is a hash of the program's salt, the
 * action and the randomization unit, under its own prefix: the same unit always gets the same
 * variant, and the draw is independent of the holdout's, which hashes the same inputs without it.
 */
public final class PlaybookVariants {

    /** No variants for any action: the follow-up as it always was. */
    public static final PlaybookVariants NONE = new PlaybookVariants(Map.of(), "");

    /** Names go into message attributes, counter keys and page text: short, plain words. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9+_-]{0,31}");
    /** Kept apart from the holdout's hash, so a unit's arm tells nothing about its variant. */
    private static final String PREFIX = "variant";

    /** One way of doing an action, drawn with probability weight / total weight. */
    public record Variant(String name, int weight) {
        public Variant {
            Objects.requireNonNull(name, "name");
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("a variant is named by 1 to 32 lower-case letters, digits, '+', '_' or '-': '" + name + "'");
            }
            if (weight < 1 || weight > 1000) {
                throw new IllegalArgumentException("variant " + name + " needs a weight from 1 to 1000, was " + weight);
            }
        }
    }

    private final Map<Action, List<Variant>> byAction;
    private final String salt;

    public PlaybookVariants(Map<Action, List<Variant>> byAction, String salt) {
        this.salt = Objects.requireNonNull(salt, "salt");
        var copy = new EnumMap<Action, List<Variant>>(Action.class);
        byAction.forEach((action, variants) -> {
            if (variants.isEmpty()) {
                return;
            }
            if (variants.size() < 2) {
                throw new IllegalArgumentException(action.wireName() + " needs at least two variants to compare, or none");
            }
            if (variants.stream().map(Variant::name).distinct().count() != variants.size()) {
                throw new IllegalArgumentException(action.wireName() + " names a variant twice: " + variants);
            }
            copy.put(action, List.copyOf(variants));
        });
        this.byAction = copy;
    }

    /**
     * Variants as a setting writes them: {@code call:2,email:1,call+concession:1}, a name and its
     * weight each (a name alone weighs 1); blank for none.
     */
    public static List<Variant> parse(String text) {
        var variants = new ArrayList<Variant>();
        if (text == null || text.isBlank()) {
            return variants;
        }
        for (var part : text.split(",")) {
            var entry = part.strip();
            int colon = entry.lastIndexOf(':');
            try {
                variants.add(colon < 0 ? new Variant(entry, 1)
                        : new Variant(entry.substring(0, colon).strip(), Integer.parseInt(entry.substring(colon + 1).strip())));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("variant '" + entry + "' has a weight that is not a whole number");
            }
        }
        return variants;
    }

    /** The variants of {@code action}, empty when it has none. */
    public List<Variant> of(Action action) {
        return byAction.getOrDefault(action, List.of());
    }

    /** The variant of the unit's follow-ups of {@code action}, if the action has variants. */
    public Optional<String> variantOf(String unit, Action action) {
        var variants = of(action);
        if (variants.isEmpty()) {
            return Optional.empty();
        }
        int total = variants.stream().mapToInt(Variant::weight).sum();
        long draw = Long.remainderUnsigned(hash(unit, action), total);
        for (var variant : variants) {
            draw -= variant.weight();
            if (draw < 0) {
                return Optional.of(variant.name());
            }
        }
        throw new IllegalStateException("unreachable: a draw below the total weight");
    }

    /**
     * The decision with its unit's variant: a treated decision of an action with variants gets one;
     * a held-out one, or one in no arm, never does.
     */
    public FollowUpDecision assign(FollowUpDecision decision, String unit) {
        if (decision.arm().orElse(null) != Arm.TREATMENT) {
            return decision;
        }
        return decision.consideredAction().flatMap(action -> variantOf(unit, action)).map(decision::withVariant).orElse(decision);
    }

    /** The first 8 bytes of SHA-256: the total weights are small, so the remainder's bias is negligible. */
    private long hash(String unit, Action action) {
        try {
            var digest = MessageDigest.getInstance("SHA-256")
                    .digest((PREFIX + "\u0000" + salt + "\u0000" + action.wireName() + "\u0000" + unit).getBytes(StandardCharsets.UTF_8));
            long value = 0;
            for (int i = 0; i < 8; i++) {
                value = (value << 8) | (digest[i] & 0xff);
            }
            return value;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }
}

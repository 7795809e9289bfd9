package io.npsloop.chat;

import io.npsloop.domain.intake.ValueTier;
import io.npsloop.domain.policy.Action;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which chat destination takes a follow-up, by the same two attributes SNS subscriptions filter
 * on: its action and its value tier. Routes are tried in order; the first match wins, so a
 * narrow route goes before {@code *}. Checked whole at start-up, so a typo fails the deployment's
 * first invocation with the entry named, not a customer's follow-up later.
 */
public record ChatRoutes(List<Route> routes) {

    /** An action name as the topic carries it: the policy's actions and escalations. */
    static final Set<String> ACTIONS = actions();

    private static Set<String> actions() {
        var names = new LinkedHashSet<String>();
        Arrays.stream(Action.values()).map(Action::wireName).forEach(names::add);
        names.add("escalation");
        return Set.copyOf(names);
    }

    static final Set<String> TIERS = Arrays.stream(ValueTier.values()).map(ValueTier::wireName).collect(Collectors.toUnmodifiableSet());

    /** Post each follow-up as it comes, or keep it for the day's digest. */
    public enum Mode { EACH, DIGEST }

    /**
     * One destination: follow-ups of {@code action} (null: any) and {@code tier} (null: any) go to
     * the webhook kept in SSM under {@code parameter}, as {@code kind} (null: told from the URL).
     */
    public record Route(String action, String tier, String parameter, Mode mode, ChatKind kind) {

        public boolean matches(String followUpAction, String followUpTier) {
            return (action == null || action.equals(followUpAction)) && (tier == null || tier.equals(followUpTier));
        }

        /** What logs call it: its parameter's name, never the URL behind it. */
        public String name() {
            return parameter;
        }
    }

    public static final ChatRoutes NONE = new ChatRoutes(List.of());

    public ChatRoutes {
        routes = List.copyOf(routes);
    }

    public boolean isEmpty() {
        return routes.isEmpty();
    }

    public Optional<Route> routeFor(String action, String tier) {
        return routes.stream().filter(route -> route.matches(action, tier)).findFirst();
    }

    /** The destinations kept for a digest, one per parameter. */
    public List<Route> digests() {
        var seen = new LinkedHashSet<String>();
        return routes.stream().filter(route -> route.mode() == Mode.DIGEST && seen.add(route.parameter())).toList();
    }

    /** Parses {@code CHAT_ROUTES}; blank is no route. */
    public static ChatRoutes parse(String text) {
        if (text == null || text.isBlank()) {
            return NONE;
        }
        var routes = new ArrayList<Route>();
        for (var raw : text.split(";")) {
            var entry = raw.strip();
            if (entry.isEmpty()) {
                continue;
            }
            routes.add(route(entry));
        }
        return new ChatRoutes(routes);
    }

    private static Route route(String entry) {
        int equals = entry.indexOf('=');
        if (equals < 0) {
            throw invalid(entry, "expected <action>[:<tier>]=<parameter>");
        }
        var match = entry.substring(0, equals).strip().toLowerCase(Locale.ROOT);
        var target = entry.substring(equals + 1).split(",");
        var colon = match.indexOf(':');
        var action = colon < 0 ? match : match.substring(0, colon).strip();
        var tier = colon < 0 ? "*" : match.substring(colon + 1).strip();
        if (!action.equals("*") && !ACTIONS.contains(action)) {
            throw invalid(entry, "unknown action '" + action + "' (one of " + String.join(", ", sorted(ACTIONS)) + " or *)");
        }
        if (!tier.equals("*") && !TIERS.contains(tier)) {
            throw invalid(entry, "unknown value tier '" + tier + "' (one of " + String.join(", ", sorted(TIERS)) + " or *)");
        }
        var parameter = target[0].strip();
        if (!parameter.matches("/[A-Za-z0-9_./-]+")) {
            throw invalid(entry, "the webhook must be an SSM parameter name starting with '/'");
        }
        var mode = Mode.EACH;
        ChatKind kind = null;
        for (int i = 1; i < target.length; i++) {
            switch (target[i].strip().toLowerCase(Locale.ROOT)) {
                case "each" -> mode = Mode.EACH;
                case "digest" -> mode = Mode.DIGEST;
                case "slack" -> kind = ChatKind.SLACK;
                case "teams" -> kind = ChatKind.TEAMS;
                default -> throw invalid(entry, "unknown option '" + target[i].strip() + "' (each, digest, slack or teams)");
            }
        }
        return new Route(action.equals("*") ? null : action, tier.equals("*") ? null : tier, parameter, mode, kind);
    }

    private static List<String> sorted(Set<String> names) {
        return names.stream().sorted().toList();
    }

    private static IllegalStateException invalid(String entry, String why) {
        return new IllegalStateException(ChatSettings.CHAT_ROUTES.variable() + ": route '" + entry + "': " + why);
    }
}

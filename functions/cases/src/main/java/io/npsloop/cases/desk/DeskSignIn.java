package io.npsloop.cases.desk;

import io.npsloop.aws.DeskTokens;
import io.npsloop.config.DeskSettings;
import io.npsloop.config.Setting;
import io.npsloop.config.Settings;
import io.npsloop.domain.desk.DeskUser;
import io.npsloop.domain.desk.Permission;
import io.npsloop.http.Answer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The desk's sign-in routes: {@code GET /desk/config.json} (open) tells the desk's page where and
 * how to sign in, from the settings; {@code GET /desk/api/me} says who the bearer token names and
 * what they may do.
 */
public final class DeskSignIn {

    public static final String CONFIG_PATH = "/desk/config.json";
    public static final String ME_PATH = "/desk/api/me";
    /** What the page asks for: an id token for itself, the person's email and name. */
    public static final List<String> SCOPES = List.of("openid", "email", "profile");

    private final BearerDeskUsers users;
    private final Optional<Map<String, Object>> config;

    public DeskSignIn(BearerDeskUsers users, Settings settings) {
        this.users = users;
        this.config = config(settings);
    }

    private static Optional<Map<String, Object>> config(Settings settings) {
        var fields = new LinkedHashMap<String, Setting>();
        fields.put("issuer", DeskSettings.DESK_ISSUER);
        fields.put("clientId", DeskSettings.DESK_CLIENT_ID);
        fields.put("authorizeUrl", DeskSettings.DESK_AUTHORIZE_URL);
        fields.put("tokenUrl", DeskSettings.DESK_TOKEN_URL);
        fields.put("logoutUrl", DeskSettings.DESK_LOGOUT_URL);
        fields.put("redirectUri", DeskSettings.DESK_REDIRECT_URI);
        var config = new LinkedHashMap<String, Object>();
        for (var field : fields.entrySet()) {
            var value = settings.optional(field.getValue());
            if (value.isEmpty()) {
                return Optional.empty();
            }
            config.put(field.getKey(), value.get());
        }
        config.put("scopes", SCOPES);
        config.put("responseType", "code");
        config.put("codeChallengeMethod", "S256");
        return Optional.of(java.util.Collections.unmodifiableMap(config));
    }

    /** Where and how the page signs in; 503 where the sign-in settings are missing. */
    public Answer config() {
        return config.map(body -> Answer.json(200, "config", body))
                .orElseGet(() -> Answer.problem(503, "sign-in-not-configured", "Desk sign-in is not configured."));
    }

    /** The person the token names, their roles, teams and permissions; 401 or 403 otherwise. */
    public Answer me(Map<String, String> headers) {
        var result = users.check(headers);
        if (!(result instanceof DeskTokens.Valid valid)) {
            return DeskAnswers.refused(result);
        }
        var user = valid.user();
        if (!user.hasRole()) {
            return DeskAnswers.notAllowed();
        }
        return Answer.json(200, "me", describe(user));
    }

    /** The user as the desk's routes show them: roles and permissions in lower case, as the groups spell them. */
    public static Map<String, Object> describe(DeskUser user) {
        var body = new LinkedHashMap<String, Object>();
        body.put("subject", user.subject());
        body.put("email", user.email());
        body.put("name", user.name());
        body.put("roles", user.roles().stream().map(role -> role.group()).sorted().toList());
        body.put("teams", user.teams().stream().sorted().toList());
        body.put("permissions", user.permissions().stream().map(DeskSignIn::word).toList());
        return body;
    }

    /** {@code SEE_LEAD_VIEW} as {@code see-lead-view}. */
    public static String word(Permission permission) {
        return permission.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}

package io.npsloop.cases.desk;

import io.npsloop.aws.DeskTokens;
import io.npsloop.config.Settings;
import io.npsloop.domain.desk.DeskUser;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The desk's users from the {@code Authorization: Bearer <access token>} header, checked by
 * {@link DeskTokens} whether or not API Gateway's JWT authorizer already did: the function does not
 * rely on the route being configured right. Without a configured issuer, nobody is signed in.
 */
public final class BearerDeskUsers implements DeskUsers {

    private final Optional<DeskTokens> tokens;

    public BearerDeskUsers(Optional<DeskTokens> tokens) {
        this.tokens = tokens;
    }

    public static BearerDeskUsers of(Settings settings) {
        return new BearerDeskUsers(DeskTokens.of(settings));
    }

    @Override
    public Optional<DeskUser> of(Map<String, String> headers) {
        return check(headers) instanceof DeskTokens.Valid valid ? Optional.of(valid.user()) : Optional.empty();
    }

    /** The check with its reason, for routes that log why someone was turned away. */
    public DeskTokens.Result check(Map<String, String> headers) {
        var token = bearer(headers);
        if (token.isEmpty()) {
            return new DeskTokens.Refused("no-token");
        }
        if (tokens.isEmpty()) {
            return new DeskTokens.Refused("no-issuer");
        }
        return tokens.get().check(token.get());
    }

    /** The token of an {@code Authorization: Bearer} header (any case of the header's name and of the scheme). */
    static Optional<String> bearer(Map<String, String> headers) {
        if (headers == null) {
            return Optional.empty();
        }
        for (var header : headers.entrySet()) {
            if (header.getKey() != null && header.getKey().equalsIgnoreCase("authorization") && header.getValue() != null) {
                var value = header.getValue().strip();
                if (value.length() > 7 && value.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
                    var token = value.substring(7).strip();
                    return token.isEmpty() ? Optional.empty() : Optional.of(token);
                }
            }
        }
        return Optional.empty();
    }
}

package io.npsloop.aws;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.ExpiredJWTException;
import io.npsloop.config.DeskSettings;
import io.npsloop.config.Settings;
import io.npsloop.domain.desk.DeskUser;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The one check of a desk access token, in AWS and locally alike: RS256 only (an unsigned or
 * HMAC token is refused whatever its header says), signed by a key of the issuer's JWKS (cached,
 * read again when a token names a key it has not seen, at most once per {@code minRefresh}), from
 * the configured issuer, for the desk's client ({@code client_id}, as Cognito's access tokens carry
 * it), an access token ({@code token_use}), within its {@code nbf}/{@code exp} give or take
 * {@link #SKEW}.
 *
 * <p>Why the access token and not the id token: it is the one meant for calling an API, it is what
 * API Gateway's JWT authorizer checks in front of the same routes (by {@code client_id}), and it
 * can be revoked with the session; the id token is for the page to know who signed in.
 */
public final class DeskTokens {

    /** Clock difference tolerated between the issuer and this function. */
    public static final Duration SKEW = Duration.ofSeconds(60);
    /** How long a JWKS read is used before it is read again, whatever the tokens say. */
    static final Duration KEYS_MAX_AGE = Duration.ofHours(1);
    /** A token naming an unknown key reads the JWKS again, at most this often (a flood of made-up kids costs one read). */
    static final Duration MIN_REFRESH = Duration.ofSeconds(30);

    /** What the check says; {@code why} is a word for the logs, never shown to the caller. */
    public sealed interface Result {}

    public record Valid(DeskUser user) implements Result {}

    /** Not a token this desk accepts: the caller is not signed in (401). */
    public record Refused(String why) implements Result {}

    /** The issuer's keys could not be read: nobody can be checked just now (503). */
    public record Unavailable(String why) implements Result {}

    private final DefaultJWTProcessor<SecurityContext> processor;

    public DeskTokens(URI issuer, String clientId) {
        this(issuer, clientId, MIN_REFRESH);
    }

    DeskTokens(URI issuer, String clientId, Duration minRefresh) {
        var keys = JWKSourceBuilder.<SecurityContext>create(jwksUrl(issuer), new DefaultResourceRetriever(2_000, 2_000, 100_000))
                .cache(KEYS_MAX_AGE.toMillis(), 5_000)
                .rateLimited(minRefresh.toMillis())
                .retrying(true)
                .refreshAheadCache(false)
                .build();
        processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS256), keys));
        var verifier = new DefaultJWTClaimsVerifier<SecurityContext>(
                new JWTClaimsSet.Builder()
                        .issuer(issuer.toString())
                        .claim("client_id", clientId)
                        .claim("token_use", "access")
                        .build(),
                Set.of("sub", "exp", "iat"));
        verifier.setMaxClockSkew((int) SKEW.toSeconds());
        processor.setJWTClaimsSetVerifier(verifier);
    }

    /** The check the settings configure; empty where the issuer or the client is not set (then nobody is signed in). */
    public static Optional<DeskTokens> of(Settings settings) {
        var issuer = settings.optional(DeskSettings.DESK_ISSUER);
        var client = settings.optional(DeskSettings.DESK_CLIENT_ID);
        if (issuer.isEmpty() || client.isEmpty()) {
            return Optional.empty();
        }
        var uri = URI.create(issuer.get());
        if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
            throw new IllegalStateException(DeskSettings.DESK_ISSUER.variable() + " must be an http or https URL");
        }
        return Optional.of(new DeskTokens(uri, client.get()));
    }

    /** Where an issuer publishes its keys: Cognito's and the local issuer's alike. */
    public static URI jwksUri(URI issuer) {
        var text = issuer.toString();
        return URI.create((text.endsWith("/") ? text.substring(0, text.length() - 1) : text) + "/.well-known/jwks.json");
    }

    private static java.net.URL jwksUrl(URI issuer) {
        try {
            return jwksUri(issuer).toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("not a URL: " + issuer, e);
        }
    }

    public Result check(String token) {
        if (token == null || token.isBlank()) {
            return new Refused("no-token");
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (ParseException e) {
            return new Refused("malformed");
        } catch (RateLimitReachedException e) {
            // A kid not in the keys read moments ago: the JWKS is not read again for it.
            return new Refused("unknown-key");
        } catch (KeySourceException e) {
            return new Unavailable("keys-unreadable");
        } catch (ExpiredJWTException e) {
            return new Refused("expired");
        } catch (BadJWSException e) {
            return new Refused("bad-signature");
        } catch (BadJWTException e) {
            return new Refused("bad-claims");
        } catch (BadJOSEException e) {
            // An unsigned token, another algorithm, a key the JWKS does not have.
            return new Refused("not-acceptable");
        } catch (JOSEException e) {
            return new Refused("unverifiable");
        }
        try {
            return new Valid(DeskUser.fromClaims(claims.getSubject(),
                    claims.getStringClaim("email"),
                    // Cognito's access tokens carry the user name but neither email nor name unless a trigger adds them.
                    Optional.ofNullable(claims.getStringClaim("name")).orElse(claims.getStringClaim("username")),
                    Optional.ofNullable(claims.getStringListClaim("cognito:groups")).orElse(List.of())));
        } catch (ParseException | IllegalArgumentException e) {
            return new Refused("bad-claims");
        }
    }
}

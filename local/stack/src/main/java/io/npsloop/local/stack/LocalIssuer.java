package io.npsloop.local.stack;

import static io.npsloop.cases.desk.DeskHtml.escape;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import io.npsloop.cases.desk.DeskHtml;
import io.npsloop.cases.desk.DeskTokenClaims;
import io.npsloop.local.LocalContext;
import io.npsloop.http.Answer;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A tiny OpenID Connect issuer for the local stack, under {@code /local-auth/}, shaped like a
 * Cognito user pool's hosted UI so the desk signs in here exactly as in AWS: the authorization
 * code flow with PKCE (S256 only), codes good once and for a minute, access and id tokens signed
 * RS256 with a key generated at start-up, Cognito's claims ({@code client_id}, {@code token_use},
 * {@code cognito:groups}). Its users and their passwords are printed at start-up; never for
 * production.
 *
 * <p>Its access tokens carry what Cognito's carry and no more, then what the pool's pre token
 * generation trigger adds: before signing one it hands the same {@link DeskTokenClaims} handler the
 * {@code V2_0} event Cognito would send and applies its answer, so the desk reads the person's
 * email from the trigger here as in AWS. Id tokens carry email and name, as Cognito's do.
 *
 * <p>It also stands in for the user pool's admin API, because no Cognito emulator can be installed
 * here: under {@code /local-auth/cognito-idp} it answers the few actions of Cognito's JSON protocol
 * the desk's directory uses ({@code X-Amz-Target: AWSCognitoIdentityProviderService.<Action>}), with
 * the shapes and errors of the API reference, so the same adapter and its signed calls run here as in
 * AWS. Its users are its pool; their groups change there and reach a token at the next sign-in, as
 * in Cognito. Requests are not checked for a signature: it listens on this machine only.
 */
final class LocalIssuer {

    static final String PATH = "/local-auth";
    static final String CLIENT_ID = "local-desk";
    static final Duration CODE_LIFETIME = Duration.ofMinutes(1);
    static final Duration TOKEN_LIFETIME = Duration.ofHours(1);
    /** The local pool's id, as DESK_USER_POOL_ID names it; shaped like Cognito's {@code <region>_<id>}. */
    static final String POOL_ID = "local-1_desk";
    static final String COGNITO_PATH = "/cognito-idp";
    /** Claims a pre token generation trigger cannot change (Cognito's documented list, and what it changes otherwise). */
    static final Set<String> FIXED_CLAIMS = Set.of("acr", "amr", "aud", "at_hash", "auth_time", "azp", "cognito:username", "exp",
            "iat", "identities", "iss", "jti", "nbf", "nonce", "origin_jti", "sub", "token_use",
            // Changed through scopesToAdd/scopesToSuppress and groupOverrideDetails, not as claims.
            "client_id", "scope", "cognito:groups");

    /** A local user: email, password, the groups they are in. */
    record User(String subject, String email, String name, String password, List<String> groups) {}

    /** One of each desk role; their passwords are as public as this file. */
    static final List<User> USERS = List.of(
            new User("local-agent-0001", "agent@example.com", "Alex Agent", "agent-local-password", List.of("agent", "team-support")),
            new User("local-lead-0001", "lead@example.com", "Lee Lead", "lead-local-password", List.of("lead", "team-support")),
            new User("local-admin-0001", "admin@example.com", "Ada Admin", "admin-local-password", List.of("admin")));

    private record Grant(User user, String redirectUri, String challenge, String scope, Instant expires) {}

    private final URI issuer;
    private final String redirectUri;
    private final List<User> users;
    private final RSAKey key;
    private final Clock clock;
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final LocalPool pool;
    private final RequestHandler<Map<String, Object>, Map<String, Object>> trigger;

    /** @param base the local stack's own URL, e.g. http://localhost:3000 */
    LocalIssuer(URI base, List<User> users, Clock clock) {
        this(base, users, clock, new DeskTokenClaims());
    }

    /** @param trigger the pool's pre token generation trigger, handed {@code V2_0} events */
    LocalIssuer(URI base, List<User> users, Clock clock, RequestHandler<Map<String, Object>, Map<String, Object>> trigger) {
        this.trigger = trigger;
        this.issuer = URI.create(base + PATH);
        this.redirectUri = base + "/desk/";
        this.users = List.copyOf(users);
        this.clock = clock;
        this.pool = new LocalPool(POOL_ID, this.users, clock.instant());
        try {
            this.key = new RSAKeyGenerator(2048).keyID("local-" + UUID.randomUUID().toString().substring(0, 8)).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate the local issuer's key", e);
        }
    }

    URI issuer() {
        return issuer;
    }

    String redirectUri() {
        return redirectUri;
    }

    List<User> users() {
        return users;
    }

    /** The settings that point the functions and the desk's page at this issuer. */
    Map<String, String> environment() {
        var env = new LinkedHashMap<String, String>();
        env.put("DESK_ISSUER", issuer.toString());
        env.put("DESK_CLIENT_ID", CLIENT_ID);
        env.put("DESK_AUTHORIZE_URL", issuer + "/authorize");
        env.put("DESK_TOKEN_URL", issuer + "/token");
        env.put("DESK_LOGOUT_URL", issuer + "/logout");
        env.put("DESK_REDIRECT_URI", redirectUri);
        env.put("DESK_USER_POOL_ID", POOL_ID);
        env.put("AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER", issuer + COGNITO_PATH);
        return env;
    }

    void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            var path = exchange.getRequestURI().getRawPath().substring(PATH.length());
            var method = exchange.getRequestMethod();
            Answer answer;
            if (path.equals("/authorize") && method.equals("GET")) {
                answer = authorizePage(query(exchange.getRequestURI().getRawQuery()));
            } else if (path.equals("/authorize") && method.equals("POST")) {
                answer = signIn(form(exchange));
            } else if (path.equals("/token") && method.equals("POST")) {
                answer = token(form(exchange));
            } else if (path.equals("/logout") && method.equals("GET")) {
                answer = logout(query(exchange.getRequestURI().getRawQuery()));
            } else if (path.equals("/.well-known/jwks.json") && method.equals("GET")) {
                answer = new Answer(200, Map.of("content-type", "application/json"), new JWKSet(key.toPublicJWK()).toString(), "jwks", null);
            } else if ((path.equals(COGNITO_PATH) || path.equals(COGNITO_PATH + "/")) && method.equals("POST")) {
                answer = pool.call(exchange.getRequestHeaders().getFirst("x-amz-target"),
                        new String(exchange.getRequestBody().readNBytes(64 * 1024), StandardCharsets.UTF_8));
            } else if (path.equals("/.well-known/openid-configuration") && method.equals("GET")) {
                answer = Answer.json(200, "discovery", discovery());
            } else {
                answer = Answer.problem(404, "unknown-route", "No such page.");
            }
            var bytes = answer.body() == null ? new byte[0] : answer.body().getBytes(StandardCharsets.UTF_8);
            answer.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
        }
    }

    private Map<String, Object> discovery() {
        var doc = new LinkedHashMap<String, Object>();
        doc.put("issuer", issuer.toString());
        doc.put("authorization_endpoint", issuer + "/authorize");
        doc.put("token_endpoint", issuer + "/token");
        doc.put("end_session_endpoint", issuer + "/logout");
        doc.put("jwks_uri", issuer + "/.well-known/jwks.json");
        doc.put("response_types_supported", List.of("code"));
        doc.put("grant_types_supported", List.of("authorization_code"));
        doc.put("code_challenge_methods_supported", List.of("S256"));
        doc.put("scopes_supported", List.of("openid", "email", "profile"));
        doc.put("subject_types_supported", List.of("public"));
        doc.put("id_token_signing_alg_values_supported", List.of("RS256"));
        doc.put("token_endpoint_auth_methods_supported", List.of("none"));
        return doc;
    }

    // ---- authorize: the sign-in form, and its post

    /** A request to sign in that this issuer serves; else why not (never redirected: the redirect URI may be anyone's). */
    private String refusal(Map<String, String> p) {
        if (!CLIENT_ID.equals(p.get("client_id"))) {
            return "Unknown client.";
        }
        if (!redirectUri.equals(p.get("redirect_uri"))) {
            return "This redirect URI is not registered for the desk.";
        }
        if (!"code".equals(p.get("response_type"))) {
            return "Only the authorization code flow is served.";
        }
        if (!"S256".equals(p.get("code_challenge_method")) || !p.getOrDefault("code_challenge", "").matches("[A-Za-z0-9_-]{43}")) {
            return "A PKCE code challenge (S256) is required.";
        }
        return null;
    }

    private Answer authorizePage(Map<String, String> p) {
        var refused = refusal(p);
        return refused != null ? page(400, "refused", refused, null) : page(200, "form", null, p);
    }

    private Answer signIn(Map<String, String> p) {
        var refused = refusal(p);
        if (refused != null) {
            return page(400, "refused", refused, null);
        }
        var email = p.getOrDefault("email", "").strip();
        var user = users.stream()
                .filter(u -> u.email().equalsIgnoreCase(email) && MessageDigest.isEqual(bytes(u.password()), bytes(p.getOrDefault("password", ""))))
                .findFirst();
        if (user.isEmpty()) {
            return page(401, "wrong-password", "Email or password is not right.", p);
        }
        var code = randomToken();
        // The groups they are in now: a change made at the desk shows in the tokens of their next sign-in.
        var signedIn = user.get();
        signedIn = new User(signedIn.subject(), signedIn.email(), signedIn.name(), signedIn.password(), pool.groupsOf(signedIn.subject()));
        codes.put(code, new Grant(signedIn, redirectUri, p.get("code_challenge"), p.getOrDefault("scope", "openid"),
                clock.instant().plus(CODE_LIFETIME)));
        var location = redirectUri + "?code=" + code
                + (p.containsKey("state") ? "&state=" + URLEncoder.encode(p.get("state"), StandardCharsets.UTF_8) : "");
        return new Answer(302, Map.of("location", location, "cache-control", "no-store"), "", "code", null);
    }

    private Answer page(int status, String outcome, String notice, Map<String, String> request) {
        var body = new StringBuilder();
        if (notice != null) {
            body.append("<p class=\"notice refused\" role=\"alert\">").append(escape(notice)).append("</p>\n");
        }
        if (request != null) {
            body.append("<form method=\"post\" action=\"authorize\">\n");
            for (var name : List.of("client_id", "redirect_uri", "response_type", "scope", "state", "code_challenge", "code_challenge_method")) {
                if (request.containsKey(name)) {
                    body.append("<input type=\"hidden\" name=\"").append(name).append("\" value=\"").append(escape(request.get(name)))
                            .append("\">\n");
                }
            }
            body.append("<p><label for=\"email\">Email</label><br><input id=\"email\" name=\"email\" type=\"email\" autocomplete=\"username\" ")
                    .append("required autofocus value=\"").append(escape(request.getOrDefault("email", ""))).append("\"></p>\n")
                    .append("<p><label for=\"password\">Password</label><br><input id=\"password\" name=\"password\" type=\"password\" ")
                    .append("autocomplete=\"current-password\" required></p>\n")
                    .append("<button type=\"submit\">Sign in</button>\n</form>\n")
                    .append("<small>Local sign-in for the NPS Loop desk. Its users are printed when the local stack starts.</small>\n");
        }
        return DeskHtml.page(status, outcome, "en", "Sign in to the desk", body.toString());
    }

    // ---- token: the code, once, with its verifier

    private Answer token(Map<String, String> p) {
        if (!"authorization_code".equals(p.get("grant_type"))) {
            return oauthError("unsupported_grant_type");
        }
        // Taken out whatever happens next: a code is good once, even for a failed try.
        var grant = p.get("code") == null ? null : codes.remove(p.get("code"));
        if (grant == null || grant.expires().isBefore(clock.instant())) {
            return oauthError("invalid_grant");
        }
        if (!CLIENT_ID.equals(p.get("client_id"))) {
            return oauthError("invalid_client");
        }
        var verifier = p.getOrDefault("code_verifier", "");
        if (!grant.redirectUri().equals(p.get("redirect_uri")) || !verifier.matches("[A-Za-z0-9._~-]{43,128}")
                || !MessageDigest.isEqual(bytes(s256(verifier)), bytes(grant.challenge()))) {
            return oauthError("invalid_grant");
        }
        var now = clock.instant();
        var body = new LinkedHashMap<String, Object>();
        body.put("access_token", sign(accessClaims(grant.user(), grant.scope(), now)));
        body.put("id_token", sign(idClaims(grant, now)));
        body.put("token_type", "Bearer");
        body.put("expires_in", TOKEN_LIFETIME.toSeconds());
        var answer = Answer.json(200, "tokens", body);
        return new Answer(200, Map.of("content-type", "application/json", "cache-control", "no-store"), answer.body(), "tokens", null);
    }

    private JWTClaimsSet.Builder common(User user, Instant now, String use) {
        return new JWTClaimsSet.Builder()
                .issuer(issuer.toString())
                .subject(user.subject())
                .claim("token_use", use)
                .claim("cognito:groups", user.groups())
                .claim("auth_time", now.getEpochSecond())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(TOKEN_LIFETIME)))
                .jwtID(UUID.randomUUID().toString());
    }

    /** Cognito's access token claims (its user name is the subject, as in a pool signing in by email), then the trigger's answer. */
    JWTClaimsSet accessClaims(User user, String scope, Instant now) {
        var claims = new LinkedHashMap<>(common(user, now, "access")
                .claim("version", 2)
                .claim("client_id", CLIENT_ID)
                .claim("scope", scope)
                .claim("username", user.subject())
                .build().getClaims());
        var answered = trigger.handleRequest(tokenGenerationEvent(user, scope), new LocalContext("DeskTokenClaimsFunction"));
        var details = map(map(answered.get("response")).get("claimsAndScopeOverrideDetails"));
        var access = map(details.get("accessTokenGeneration"));
        // Groups the trigger names replace the user's, in both tokens in Cognito; the desk reads them from this one.
        if (map(details.get("groupOverrideDetails")).get("groupsToOverride") instanceof List<?> groups) {
            claims.put("cognito:groups", groups.stream().map(String::valueOf).toList());
        }
        map(access.get("claimsToAddOrOverride")).forEach((name, value) -> {
            if (!FIXED_CLAIMS.contains(name)) {
                claims.put(name, value);
            }
        });
        // A claim both added and suppressed is suppressed, as in Cognito.
        if (access.get("claimsToSuppress") instanceof List<?> suppressed) {
            suppressed.stream().map(String::valueOf).filter(name -> !FIXED_CLAIMS.contains(name)).forEach(claims::remove);
        }
        var token = new JWTClaimsSet.Builder();
        claims.forEach(token::claim);
        return token.build();
    }

    /** The {@code V2_0} pre token generation event Cognito sends when {@code user} signs in through its hosted pages. */
    Map<String, Object> tokenGenerationEvent(User user, String scope) {
        var attributes = new LinkedHashMap<String, Object>();
        attributes.put("sub", user.subject());
        attributes.put("cognito:user_status", "CONFIRMED");
        attributes.put("email_verified", "true");
        attributes.put("name", user.name());
        attributes.put("email", user.email());
        var groups = new LinkedHashMap<String, Object>();
        groups.put("groupsToOverride", user.groups());
        groups.put("iamRolesToOverride", List.of());
        var request = new LinkedHashMap<String, Object>();
        request.put("userAttributes", attributes);
        request.put("groupConfiguration", groups);
        request.put("scopes", List.of(scope.trim().split("\\s+")));
        var event = new LinkedHashMap<String, Object>();
        event.put("version", "2");
        event.put("triggerSource", "TokenGeneration_HostedAuth");
        event.put("region", "local");
        event.put("userPoolId", POOL_ID);
        event.put("userName", user.subject());
        event.put("callerContext", Map.of("awsSdkVersion", "aws-sdk-unknown-unknown", "clientId", CLIENT_ID));
        event.put("request", request);
        event.put("response", new LinkedHashMap<String, Object>());
        return event;
    }

    private JWTClaimsSet idClaims(Grant grant, Instant now) {
        var user = grant.user();
        return common(user, now, "id").audience(CLIENT_ID)
                .claim("cognito:username", user.subject())
                .claim("email", user.email())
                .claim("email_verified", true)
                .claim("name", user.name())
                .build();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private String sign(JWTClaimsSet claims) {
        try {
            var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a local token", e);
        }
    }

    private static Answer oauthError(String error) {
        return new Answer(400, Map.of("content-type", "application/json", "cache-control", "no-store"),
                "{\"error\":\"" + error + "\"}", error, null);
    }

    // ---- logout: back to the desk

    private Answer logout(Map<String, String> p) {
        var back = p.get("logout_uri");
        if (!CLIENT_ID.equals(p.get("client_id")) || back == null || !back.equals(redirectUri)) {
            return page(400, "refused", "This sign-out URI is not registered for the desk.", null);
        }
        return new Answer(302, Map.of("location", back, "cache-control", "no-store"), "", "logout", null);
    }

    // ---- helpers

    /** PKCE's S256: base64url of SHA-256 of the verifier, without padding. */
    static String s256(String verifier) {
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String randomToken() {
        var bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static byte[] bytes(String text) {
        return text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, String> form(HttpExchange exchange) throws IOException {
        var body = new String(exchange.getRequestBody().readNBytes(64 * 1024), StandardCharsets.UTF_8);
        return query(body);
    }

    private static Map<String, String> query(String raw) {
        var params = new LinkedHashMap<String, String>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (var pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            var name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            var value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.putIfAbsent(name, value);
        }
        return params;
    }
}

package io.npsloop.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.npsloop.aws.DeskTokens.Refused;
import io.npsloop.aws.DeskTokens.Unavailable;
import io.npsloop.aws.DeskTokens.Valid;
import io.npsloop.config.Settings;
import io.npsloop.domain.desk.Permission;
import io.npsloop.domain.desk.Role;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The desk's token check against an issuer made here: an RSA key generated for the test, its
 * public half served as JWKS by a JDK HTTP server, tokens shaped as Cognito's access tokens.
 */
class DeskTokensTest {

    private static final String CLIENT = "desk-client-1";
    private static HttpServer server;
    private static URI issuer;
    private static volatile JWKSet published;
    private static final AtomicInteger READS = new AtomicInteger();
    private static RSAKey key;

    private DeskTokens tokens;

    @BeforeAll
    static void serveKeys() throws Exception {
        key = rsa("key-1");
        published = new JWKSet(key.toPublicJWK());
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/pool/.well-known/jwks.json", exchange -> {
            try (exchange) {
                READS.incrementAndGet();
                var body = published.toString().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("content-type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        server.start();
        issuer = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/pool");
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    @BeforeEach
    void fresh() {
        published = new JWKSet(key.toPublicJWK());
        tokens = new DeskTokens(issuer, CLIENT, Duration.ZERO);
    }

    private static RSAKey rsa(String kid) throws Exception {
        return new RSAKeyGenerator(2048).keyID(kid).generate();
    }

    /** An access token as Cognito issues it, changed by {@code change}. */
    private static JWTClaimsSet.Builder access() {
        var now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(issuer.toString())
                .subject("7c4f0e52-0000-4000-8000-000000000001")
                .claim("client_id", CLIENT)
                .claim("token_use", "access")
                .claim("scope", "openid email profile")
                .claim("username", "7c4f0e52")
                .claim("email", "lead@example.com")
                .claim("cognito:groups", List.of("lead", "team-billing"))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofHours(1))))
                .jwtID(UUID.randomUUID().toString());
    }

    private static String sign(RSAKey with, JWTClaimsSet claims) throws Exception {
        var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(with.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(with));
        return jwt.serialize();
    }

    private static String signed(Consumer<JWTClaimsSet.Builder> change) throws Exception {
        var claims = access();
        change.accept(claims);
        return sign(key, claims.build());
    }

    @Test
    void aValidAccessTokenNamesThePersonTheirRolesAndTeams() throws Exception {
        var result = tokens.check(signed(c -> {}));
        assertThat(result).isInstanceOf(Valid.class);
        var user = ((Valid) result).user();
        assertThat(user.subject()).isEqualTo("7c4f0e52-0000-4000-8000-000000000001");
        assertThat(user.email()).isEqualTo("lead@example.com");
        assertThat(user.name()).as("Cognito's user name where no name is given").isEqualTo("7c4f0e52");
        assertThat(user.roles()).containsExactly(Role.LEAD);
        assertThat(user.teams()).containsExactly("billing");
        assertThat(user.may(Permission.REASSIGN)).isTrue();
    }

    @Test
    void anExpiredTokenIsRefusedOutsideTheSkewAndAcceptedWithinIt() throws Exception {
        var past = Instant.now().minus(DeskTokens.SKEW).minusSeconds(5);
        assertThat(tokens.check(signed(c -> c.issueTime(Date.from(past.minusSeconds(3600))).expirationTime(Date.from(past)))))
                .isEqualTo(new Refused("expired"));
        var justNow = Instant.now().minusSeconds(10);
        assertThat(tokens.check(signed(c -> c.expirationTime(Date.from(justNow))))).isInstanceOf(Valid.class);
        var later = Instant.now().plus(DeskTokens.SKEW).plusSeconds(60);
        assertThat(tokens.check(signed(c -> c.notBeforeTime(Date.from(later))))).as("not valid yet").isInstanceOf(Refused.class);
    }

    @Test
    void anotherIssuerOrAnotherClientIsRefused() throws Exception {
        assertThat(tokens.check(signed(c -> c.issuer("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_other"))))
                .isEqualTo(new Refused("bad-claims"));
        assertThat(tokens.check(signed(c -> c.claim("client_id", "another-client")))).isEqualTo(new Refused("bad-claims"));
        assertThat(tokens.check(signed(c -> c.claim("client_id", null)))).isEqualTo(new Refused("bad-claims"));
        assertThat(tokens.check(signed(c -> c.subject(null)))).isEqualTo(new Refused("bad-claims"));
        assertThat(tokens.check(signed(c -> c.expirationTime(null)))).as("a token that never expires").isEqualTo(new Refused("bad-claims"));
    }

    @Test
    void anIdTokenIsNotAnAccessToken() throws Exception {
        var id = signed(c -> c.claim("token_use", "id").claim("client_id", null).audience(CLIENT));
        assertThat(tokens.check(id)).isEqualTo(new Refused("bad-claims"));
        // Even one that claims its client as both.
        assertThat(tokens.check(signed(c -> c.claim("token_use", "id")))).isEqualTo(new Refused("bad-claims"));
    }

    @Test
    void anUnsignedTokenIsRefused() throws Exception {
        var none = new PlainJWT(access().build()).serialize();
        assertThat(none).endsWith(".");
        assertThat(tokens.check(none)).isInstanceOf(Refused.class);
        // The same with a header that names RS256 and no signature.
        var parts = signed(c -> {}).split("\\.");
        assertThat(tokens.check(parts[0] + "." + parts[1] + ".")).isInstanceOf(Refused.class);
    }

    @Test
    void anHmacTokenKeyedWithThePublicKeyIsRefused() throws Exception {
        // The classic confusion: HS256 with the RSA public key's bytes as the shared secret.
        var secret = key.toPublicJWK().toRSAPublicKey().getEncoded();
        var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(key.getKeyID()).build(), access().build());
        jwt.sign(new MACSigner(secret));
        assertThat(tokens.check(jwt.serialize())).isEqualTo(new Refused("not-acceptable"));
    }

    @Test
    void aTamperedPayloadIsRefused() throws Exception {
        var parts = signed(c -> {}).split("\\.");
        var payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"lead\"", "\"admin\"");
        var forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];
        assertThat(tokens.check(forged)).isEqualTo(new Refused("bad-signature"));
        assertThat(tokens.check("not.a.token")).isEqualTo(new Refused("malformed"));
        assertThat(tokens.check("")).isEqualTo(new Refused("no-token"));
    }

    @Test
    void aKeyNotPublishedIsRefusedAndAcceptedOnceTheIssuerRotatesToIt() throws Exception {
        var next = rsa("key-2");
        var early = sign(next, access().build());
        assertThat(tokens.check(signed(c -> {}))).isInstanceOf(Valid.class);
        assertThat(tokens.check(early)).as("a kid the JWKS does not have").isEqualTo(new Refused("not-acceptable"));

        int before = READS.get();
        published = new JWKSet(List.of(next.toPublicJWK(), key.toPublicJWK()));
        assertThat(tokens.check(early)).as("the unknown kid makes it read the JWKS again").isInstanceOf(Valid.class);
        assertThat(READS.get()).isGreaterThan(before);
        assertThat(tokens.check(signed(c -> {}))).as("the old key still verifies").isInstanceOf(Valid.class);
        // A key of the right kid but another modulus is not the published one.
        var impostor = rsa("key-2");
        assertThat(tokens.check(sign(impostor, access().build()))).isEqualTo(new Refused("bad-signature"));
    }

    @Test
    void unknownKidsReadTheKeysAtMostOncePerInterval() throws Exception {
        var limited = new DeskTokens(issuer, CLIENT, Duration.ofMinutes(5));
        assertThat(limited.check(signed(c -> {}))).isInstanceOf(Valid.class);
        int before = READS.get();
        for (int i = 0; i < 20; i++) {
            assertThat(limited.check(sign(rsa("made-up-" + i), access().build()))).isInstanceOf(Refused.class);
        }
        assertThat(READS.get() - before).isLessThanOrEqualTo(1);
    }

    @Test
    void unreadableKeysMakeTheCheckUnavailableNotTheTokenValid() throws Exception {
        var nowhere = new DeskTokens(URI.create("http://127.0.0.1:9/pool"), CLIENT, Duration.ZERO);
        assertThat(nowhere.check(signed(c -> {}))).isInstanceOf(Unavailable.class);
    }

    @Test
    void withoutAnIssuerOrAClientThereIsNoCheckAndSoNobodySignsIn() {
        assertThat(DeskTokens.of(new Settings(Map.of()))).isEmpty();
        assertThat(DeskTokens.of(new Settings(Map.of("DESK_ISSUER", issuer.toString())))).isEmpty();
        assertThat(DeskTokens.of(new Settings(Map.of("DESK_ISSUER", issuer.toString(), "DESK_CLIENT_ID", CLIENT)))).isPresent();
        assertThat(DeskTokens.jwksUri(URI.create("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc")))
                .hasToString("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc/.well-known/jwks.json");
    }
}

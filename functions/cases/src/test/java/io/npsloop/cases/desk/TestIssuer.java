package io.npsloop.cases.desk;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * An issuer made for a test: an RSA key whose JWKS a local server publishes under {@code /pool},
 * and access tokens for client {@code desk} shaped as Cognito's. The server takes more contexts.
 */
final class TestIssuer implements AutoCloseable {

    static final String CLIENT_ID = "desk";

    private final RSAKey key;
    private final HttpServer server;

    TestIssuer() throws IOException, JOSEException {
        key = new RSAKeyGenerator(2048).keyID("k1").generate();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/pool/.well-known/jwks.json", exchange -> {
            try (exchange) {
                var body = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        server.start();
    }

    HttpServer server() {
        return server;
    }

    /** The server's base URL, e.g. for a context added to it. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** What DESK_ISSUER names. */
    String issuer() {
        return baseUrl() + "/pool";
    }

    /** An access token for {@code subject} in {@code groups}, good for five minutes. */
    String accessToken(String subject, List<String> groups) throws JOSEException {
        var now = Instant.now();
        var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(), new JWTClaimsSet.Builder()
                .issuer(issuer()).subject(subject).claim("client_id", CLIENT_ID).claim("token_use", "access")
                .claim("username", subject).claim("cognito:groups", groups)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofMinutes(5)))).build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

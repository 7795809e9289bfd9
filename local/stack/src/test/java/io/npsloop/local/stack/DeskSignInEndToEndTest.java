package io.npsloop.local.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import io.npsloop.local.LocalAws;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The desk's sign-in over HTTP as its page does it: the settings from /desk/config.json, the local
 * issuer's form, the code with its PKCE verifier exchanged for tokens, then GET /desk/api/me with
 * the access token. The functions check the token themselves, so a request without one, or with a
 * bad one, is 401 here as behind API Gateway's authorizer.
 */
class DeskSignInEndToEndTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private static final ByteArrayOutputStream LOG = new ByteArrayOutputStream();
    private static LocalStack stack;
    private static Map<String, Object> config;

    @BeforeAll
    static void start() throws Exception {
        stack = LocalStack.start(LocalAws.shared(), "desk-" + UUID.randomUUID().toString().substring(0, 8), "127.0.0.1", 0,
                Map.of("LOCAL_DATA_DIR", java.nio.file.Files.createTempDirectory("desk-data").toString()),
                new PrintStream(LOG, true, StandardCharsets.UTF_8));
        var answer = get(stack.baseUrl() + "/desk/config.json", Map.of());
        assertThat(answer.statusCode()).isEqualTo(200);
        config = JSON.std.mapFrom(answer.body());
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    private record Pkce(String verifier, String challenge) {
        static Pkce fresh() {
            var bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            var verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            return new Pkce(verifier, LocalIssuer.s256(verifier));
        }
    }

    @Test
    void theConfigurationPointsThePageAtTheLocalIssuer() {
        var base = stack.baseUrl().toString().replace("127.0.0.1", "localhost");
        assertThat(config).containsEntry("issuer", base + "/local-auth")
                .containsEntry("clientId", "local-desk")
                .containsEntry("authorizeUrl", base + "/local-auth/authorize")
                .containsEntry("tokenUrl", base + "/local-auth/token")
                .containsEntry("logoutUrl", base + "/local-auth/logout")
                .containsEntry("redirectUri", base + "/desk/")
                .containsEntry("scopes", List.of("openid", "email", "profile"))
                .containsEntry("codeChallengeMethod", "S256");
    }

    @Test
    void theWholeCodeFlowWithPkceSignsALeadInAndMeSaysWhatTheyMayDo() throws Exception {
        var pkce = Pkce.fresh();
        var form = get(authorizeUrl(pkce, "state-123"), Map.of());
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.body()).contains("<form method=\"post\" action=\"authorize\">", "name=\"password\"").doesNotContain("<script");
        var csp = form.headers().firstValue("content-security-policy").orElseThrow();
        assertThat(csp).startsWith("default-src 'none'").doesNotContain("script-src").doesNotContain("unsafe-inline");

        var code = signIn(pkce, "state-123", "lead@example.com", "lead-local-password");
        var tokens = exchange(code, pkce.verifier(), (String) config.get("redirectUri"));
        assertThat(tokens.statusCode()).isEqualTo(200);
        var issued = JSON.std.mapFrom(tokens.body());
        assertThat(issued).containsKeys("access_token", "id_token").containsEntry("token_type", "Bearer");

        var me = get(stack.baseUrl() + "/desk/api/me", Map.of("authorization", "Bearer " + issued.get("access_token")));
        assertThat(me.statusCode()).isEqualTo(200);
        var user = JSON.std.mapFrom(me.body());
        assertThat(user).containsEntry("email", "lead@example.com").containsEntry("roles", List.of("lead"))
                .containsEntry("teams", List.of("support"))
                .containsEntry("permissions", List.of("see-cases", "change-cases", "reassign", "see-lead-view"));

        // The id token is for the page, not for the API.
        var withIdToken = get(stack.baseUrl() + "/desk/api/me", Map.of("authorization", "Bearer " + issued.get("id_token")));
        assertThat(withIdToken.statusCode()).isEqualTo(401);

        // The code was good once.
        var again = exchange(code, pkce.verifier(), (String) config.get("redirectUri"));
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(again.body()).contains("invalid_grant");
    }

    @Test
    void eachLocalUserHasTheirOwnRole() throws Exception {
        for (var user : Map.of("agent@example.com", List.of("agent"), "admin@example.com", List.of("admin")).entrySet()) {
            var pkce = Pkce.fresh();
            var password = user.getKey().substring(0, user.getKey().indexOf('@')) + "-local-password";
            var code = signIn(pkce, "s", user.getKey(), password);
            var access = JSON.std.mapFrom(exchange(code, pkce.verifier(), (String) config.get("redirectUri")).body()).get("access_token");
            var me = JSON.std.mapFrom(get(stack.baseUrl() + "/desk/api/me", Map.of("authorization", "Bearer " + access)).body());
            assertThat(me).as(user.getKey()).containsEntry("roles", user.getValue());
        }
    }

    @Test
    void aWrongVerifierIsRefusedAndSpendsTheCode() throws Exception {
        var pkce = Pkce.fresh();
        var code = signIn(pkce, "s", "agent@example.com", "agent-local-password");
        var wrong = exchange(code, Pkce.fresh().verifier(), (String) config.get("redirectUri"));
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(wrong.body()).contains("invalid_grant");
        assertThat(exchange(code, pkce.verifier(), (String) config.get("redirectUri")).statusCode()).as("then even the right one").isEqualTo(400);

        var other = Pkce.fresh();
        var second = signIn(other, "s", "agent@example.com", "agent-local-password");
        assertThat(exchange(second, other.verifier(), "http://evil.example/desk/").statusCode()).as("another redirect URI").isEqualTo(400);
    }

    @Test
    void aWrongPasswordOrAnUnregisteredRedirectGetsNoCode() throws Exception {
        var pkce = Pkce.fresh();
        var refused = post(stack.baseUrl() + "/local-auth/authorize",
                formOf(authorizeParameters(pkce, "s", "lead@example.com", "not-the-password")));
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("location")).isEmpty();
        assertThat(refused.body()).contains("not right").doesNotContain("not-the-password");

        var params = authorizeParameters(pkce, "s", "lead@example.com", "lead-local-password");
        params.put("redirect_uri", "https://evil.example/desk/");
        var elsewhere = post(stack.baseUrl() + "/local-auth/authorize", formOf(params));
        assertThat(elsewhere.statusCode()).isEqualTo(400);
        assertThat(elsewhere.headers().firstValue("location")).isEmpty();

        params = authorizeParameters(pkce, "s", "lead@example.com", "lead-local-password");
        params.remove("code_challenge");
        assertThat(post(stack.baseUrl() + "/local-auth/authorize", formOf(params)).statusCode()).as("PKCE is required").isEqualTo(400);
    }

    @Test
    void withoutATokenOrWithAGarbageOneMeIs401AndSaysBearer() throws Exception {
        var none = get(stack.baseUrl() + "/desk/api/me", Map.of());
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("content-type")).hasValue("application/problem+json");
        assertThat(none.headers().firstValue("www-authenticate").orElseThrow()).startsWith("Bearer");

        for (var garbage : List.of("Bearer garbage", "Bearer a.b.c", "Basic YWdlbnQ6cGFzcw==", "Bearer ")) {
            var answer = get(stack.baseUrl() + "/desk/api/me", Map.of("authorization", garbage));
            assertThat(answer.statusCode()).as(garbage).isEqualTo(401);
            assertThat(answer.headers().firstValue("www-authenticate").orElseThrow()).as(garbage).startsWith("Bearer");
        }
    }

    @Test
    void theIssuerPublishesItsKeysAndDiscoveryDocument() throws Exception {
        var jwks = JSON.std.mapFrom(get(stack.baseUrl() + "/local-auth/.well-known/jwks.json", Map.of()).body());
        @SuppressWarnings("unchecked")
        var keys = (List<Map<String, Object>>) jwks.get("keys");
        assertThat(keys).hasSize(1).allSatisfy(key -> assertThat(key).containsEntry("kty", "RSA").containsKeys("kid", "n", "e")
                .doesNotContainKeys("d", "p", "q"));
        var discovery = JSON.std.mapFrom(get(stack.baseUrl() + "/local-auth/.well-known/openid-configuration", Map.of()).body());
        assertThat(discovery).containsEntry("issuer", config.get("issuer")).containsEntry("code_challenge_methods_supported", List.of("S256"));
        var logout = get(config.get("logoutUrl") + "?client_id=local-desk&logout_uri="
                + URLEncoder.encode((String) config.get("redirectUri"), StandardCharsets.UTF_8), Map.of());
        assertThat(logout.statusCode()).isEqualTo(302);
        assertThat(get(config.get("logoutUrl") + "?client_id=local-desk&logout_uri=https://evil.example/", Map.of()).statusCode())
                .isEqualTo(400);
    }

    // ---- helpers

    private static String authorizeUrl(Pkce pkce, String state) {
        var params = authorizeParameters(pkce, state, null, null);
        return config.get("authorizeUrl") + "?" + formOf(params);
    }

    private static Map<String, String> authorizeParameters(Pkce pkce, String state, String email, String password) {
        var params = new LinkedHashMap<String, String>();
        params.put("response_type", "code");
        params.put("client_id", (String) config.get("clientId"));
        params.put("redirect_uri", (String) config.get("redirectUri"));
        params.put("scope", "openid email profile");
        params.put("state", state);
        params.put("code_challenge", pkce.challenge());
        params.put("code_challenge_method", "S256");
        if (email != null) {
            params.put("email", email);
            params.put("password", password);
        }
        return params;
    }

    /** Posts the sign-in form as the browser would; the code from the redirect, with the state handed back. */
    private static String signIn(Pkce pkce, String state, String email, String password) throws Exception {
        var answer = post(stack.baseUrl() + "/local-auth/authorize", formOf(authorizeParameters(pkce, state, email, password)));
        assertThat(answer.statusCode()).as("sign-in of %s", email).isEqualTo(302);
        var location = URI.create(answer.headers().firstValue("location").orElseThrow());
        assertThat(location.toString()).startsWith((String) config.get("redirectUri"));
        var query = java.util.Arrays.stream(location.getRawQuery().split("&"))
                .collect(Collectors.toMap(p -> p.substring(0, p.indexOf('=')), p -> p.substring(p.indexOf('=') + 1)));
        assertThat(query).containsEntry("state", state);
        return query.get("code");
    }

    private static HttpResponse<String> exchange(String code, String verifier, String redirectUri) throws Exception {
        var params = new LinkedHashMap<String, String>();
        params.put("grant_type", "authorization_code");
        params.put("client_id", (String) config.get("clientId"));
        params.put("code", code);
        params.put("redirect_uri", redirectUri);
        params.put("code_verifier", verifier);
        return post((String) config.get("tokenUrl"), formOf(params));
    }

    private static String formOf(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static HttpResponse<String> get(String url, Map<String, String> headers) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(url)).GET();
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String url, String form) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(url)).header("content-type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}

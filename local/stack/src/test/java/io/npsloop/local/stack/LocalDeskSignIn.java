package io.npsloop.local.stack;

import com.fasterxml.jackson.jr.ob.JSON;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Signs a local user in at the local issuer as the desk's page does (code flow, PKCE), for tests that need an access token. */
final class LocalDeskSignIn {

    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private LocalDeskSignIn() {}

    static String accessToken(URI base, String email, String password) throws Exception {
        var config = JSON.std.mapFrom(HTTP.send(HttpRequest.newBuilder(URI.create(base + "/desk/config.json")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        var bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        var verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        var form = new LinkedHashMap<String, String>();
        form.put("response_type", "code");
        form.put("client_id", (String) config.get("clientId"));
        form.put("redirect_uri", (String) config.get("redirectUri"));
        form.put("scope", "openid email profile");
        form.put("state", "s");
        form.put("code_challenge", LocalIssuer.s256(verifier));
        form.put("code_challenge_method", "S256");
        form.put("email", email);
        form.put("password", password);
        var redirect = post(config.get("authorizeUrl").toString(), form);
        var location = URI.create(redirect.headers().firstValue("location").orElseThrow(
                () -> new AssertionError("no code for " + email + ": " + redirect.statusCode())));
        var code = location.getRawQuery().replaceAll("^.*?code=([^&]+).*$", "$1");
        var exchange = new LinkedHashMap<String, String>();
        exchange.put("grant_type", "authorization_code");
        exchange.put("client_id", (String) config.get("clientId"));
        exchange.put("code", code);
        exchange.put("redirect_uri", (String) config.get("redirectUri"));
        exchange.put("code_verifier", verifier);
        return (String) JSON.std.mapFrom(post(config.get("tokenUrl").toString(), exchange).body()).get("access_token");
    }

    private static HttpResponse<String> post(String url, Map<String, String> form) throws Exception {
        var body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("content-type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}

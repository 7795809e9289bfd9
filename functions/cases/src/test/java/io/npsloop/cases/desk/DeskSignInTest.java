package io.npsloop.cases.desk;

import static org.assertj.core.api.Assertions.assertThat;

import io.npsloop.config.Settings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The desk's sign-in routes as the cases function answers them, with tokens of an issuer made here. */
class DeskSignInTest {

    private static TestIssuer issuer;
    private static Map<String, String> env;

    @BeforeAll
    static void issuer() throws Exception {
        issuer = new TestIssuer();
        env = new HashMap<>();
        env.put("DESK_ISSUER", issuer.issuer());
        env.put("DESK_CLIENT_ID", TestIssuer.CLIENT_ID);
        env.put("DESK_AUTHORIZE_URL", "https://desk.auth.eu-west-1.amazoncognito.com/oauth2/authorize");
        env.put("DESK_TOKEN_URL", "https://desk.auth.eu-west-1.amazoncognito.com/oauth2/token");
        env.put("DESK_LOGOUT_URL", "https://desk.auth.eu-west-1.amazoncognito.com/logout");
        env.put("DESK_REDIRECT_URI", "https://nps.example.com/desk/");
    }

    @AfterAll
    static void stop() {
        issuer.close();
    }

    private static DeskSignIn signIn(Map<String, String> env) {
        var settings = new Settings(env);
        return new DeskSignIn(BearerDeskUsers.of(settings), settings);
    }

    private static String token(List<String> groups) throws Exception {
        return issuer.accessToken("sub-1", groups);
    }

    @Test
    void aPersonInNoDeskGroupIsSignedInButMayDoNothing() throws Exception {
        var answer = signIn(env).me(Map.of("authorization", "Bearer " + token(List.of("team-billing", "everyone"))));
        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.headers()).containsEntry("content-type", "application/problem+json");
        assertThat(answer.body()).contains("\"title\":\"Forbidden\"").doesNotContain("sub-1", "billing");
    }

    @Test
    void aLeadIsDescribedWithTheirPermissions() throws Exception {
        var answer = signIn(env).me(Map.of("Authorization", "bearer " + token(List.of("lead", "team-billing"))));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).contains("\"subject\":\"sub-1\"", "\"email\":null", "\"name\":\"sub-1\"", "\"roles\":[\"lead\"]",
                "\"teams\":[\"billing\"]", "\"permissions\":[\"see-cases\",\"change-cases\",\"reassign\",\"see-lead-view\"]");
        assertThat(new BearerDeskUsers(io.npsloop.aws.DeskTokens.of(new Settings(env))).of(Map.of("authorization", "Bearer " + token(List.of("agent")))))
                .hasValueSatisfying(user -> assertThat(user.subject()).isEqualTo("sub-1"));
    }

    @Test
    void withoutATokenOrWithABadOneIt401sWithBearer() throws Exception {
        var none = signIn(env).me(Map.of());
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.headers()).containsEntry("www-authenticate", "Bearer realm=\"desk\"");
        var bad = signIn(env).me(Map.of("authorization", "Bearer " + token(List.of("lead")).replace('.', '!')));
        assertThat(bad.status()).isEqualTo(401);
        assertThat(bad.headers().get("www-authenticate")).contains("invalid_token");
        assertThat(bad.outcome()).isEqualTo("not-signed-in:malformed");
    }

    @Test
    void withoutAnIssuerNobodyIsSignedInAndTheConfigSaysSignInIsNotConfigured() throws Exception {
        var unconfigured = signIn(Map.of());
        assertThat(unconfigured.me(Map.of("authorization", "Bearer " + token(List.of("admin")))).status()).isEqualTo(401);
        assertThat(unconfigured.config().status()).isEqualTo(503);
    }

    @Test
    void theConfigGivesThePageEverythingItNeedsToSignIn() {
        var config = signIn(env).config();
        assertThat(config.status()).isEqualTo(200);
        assertThat(config.body()).contains("\"clientId\":\"desk\"", "\"redirectUri\":\"https://nps.example.com/desk/\"",
                "\"scopes\":[\"openid\",\"email\",\"profile\"]", "\"codeChallengeMethod\":\"S256\"",
                "oauth2/authorize", "oauth2/token", "/logout");
    }

    @Test
    void onlyABearerAuthorizationHeaderCarriesAToken() {
        assertThat(BearerDeskUsers.bearer(Map.of("authorization", "Basic abc"))).isEmpty();
        assertThat(BearerDeskUsers.bearer(Map.of("authorization", "Bearer   "))).isEmpty();
        assertThat(BearerDeskUsers.bearer(Map.of("AUTHORIZATION", "BEARER t.o.k"))).hasValue("t.o.k");
        assertThat(BearerDeskUsers.bearer(null)).isEmpty();
    }
}

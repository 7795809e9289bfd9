package io.npsloop.local.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The local issuer's access tokens get their email and name from the pool's trigger, as Cognito's do. */
class LocalIssuerTokenClaimsTest {

    private static final URI BASE = URI.create("http://localhost:3000");
    private static final LocalIssuer.User LEAD = LocalIssuer.USERS.get(1);
    private static final String SCOPE = "openid email profile";

    @Test
    void theTriggerIsHandedTheV2EventCognitoSendsForTheUser() {
        var handed = new java.util.ArrayList<Map<String, Object>>();
        var issuer = new LocalIssuer(BASE, LocalIssuer.USERS, Clock.systemUTC(), (event, context) -> {
            handed.add(event);
            return event;
        });

        issuer.accessClaims(LEAD, SCOPE, Instant.now());

        assertThat(handed).hasSize(1);
        var event = handed.get(0);
        assertThat(event).containsEntry("version", "2").containsEntry("triggerSource", "TokenGeneration_HostedAuth")
                .containsEntry("userPoolId", LocalIssuer.POOL_ID).containsEntry("userName", "local-lead-0001");
        assertThat(event.get("callerContext")).isEqualTo(Map.of("awsSdkVersion", "aws-sdk-unknown-unknown", "clientId", "local-desk"));
        var request = map(event.get("request"));
        assertThat(map(request.get("userAttributes"))).containsEntry("sub", "local-lead-0001")
                .containsEntry("email", "lead@example.com").containsEntry("name", "Lee Lead").containsEntry("email_verified", "true");
        assertThat(map(request.get("groupConfiguration"))).containsEntry("groupsToOverride", List.of("lead", "team-support"));
        assertThat(request).containsEntry("scopes", List.of("openid", "email", "profile"));
    }

    @Test
    void withTheDesksTriggerTheAccessTokenCarriesEmailAndNameBesideCognitosOwnClaims() throws Exception {
        var claims = new LocalIssuer(BASE, LocalIssuer.USERS, Clock.systemUTC()).accessClaims(LEAD, SCOPE, Instant.now());

        assertThat(claims.getStringClaim("email")).isEqualTo("lead@example.com");
        assertThat(claims.getStringClaim("name")).isEqualTo("Lee Lead");
        assertThat(claims.getSubject()).isEqualTo("local-lead-0001");
        assertThat(claims.getStringClaim("username")).isEqualTo("local-lead-0001");
        assertThat(claims.getClaims()).containsEntry("token_use", "access").containsEntry("client_id", "local-desk")
                .containsEntry("scope", SCOPE).containsEntry("cognito:groups", List.of("lead", "team-support"));
    }

    @Test
    void withoutATriggerTheAccessTokenHasNoEmailNorNameAsCognitosDefault() {
        var claims = new LocalIssuer(BASE, LocalIssuer.USERS, Clock.systemUTC(), (event, context) -> event)
                .accessClaims(LEAD, SCOPE, Instant.now());

        assertThat(claims.getClaims()).doesNotContainKeys("email", "name", "email_verified")
                .containsKeys("sub", "username", "cognito:groups", "client_id", "scope", "token_use", "iss", "exp", "iat", "jti");
    }

    @Test
    void whatTheTriggerAnswersIsWhatTheTokenSaysButItCannotChangeTheSubjectOrTheTokensUse() {
        RequestHandler<Map<String, Object>, Map<String, Object>> other = (event, context) -> {
            var access = new LinkedHashMap<String, Object>();
            access.put("claimsToAddOrOverride", Map.of("email", "someone.else@example.com", "name", "Not Lee", "sub", "forged",
                    "token_use", "id"));
            access.put("claimsToSuppress", List.of("name"));
            var answered = new LinkedHashMap<>(event);
            answered.put("response", Map.of("claimsAndScopeOverrideDetails", Map.of("accessTokenGeneration", access)));
            return answered;
        };

        var claims = new LocalIssuer(BASE, LocalIssuer.USERS, Clock.systemUTC(), other).accessClaims(LEAD, SCOPE, Instant.now());

        assertThat(claims.getClaims()).containsEntry("email", "someone.else@example.com").doesNotContainKey("name")
                .containsEntry("sub", "local-lead-0001").containsEntry("token_use", "access");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }
}

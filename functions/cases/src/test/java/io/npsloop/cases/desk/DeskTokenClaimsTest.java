package io.npsloop.cases.desk;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeskTokenClaimsTest {

    private final DeskTokenClaims trigger = new DeskTokenClaims();

    @Test
    @SuppressWarnings("unchecked")
    void cognitosSampleEventGetsItsEmailInTheAccessTokenAndNothingElseOfWhatItsResponseHeld() {
        // A published V2_0 event whose response is already filled in: none of that is passed back.
        Map<String, Object> event = EventLoader.loadEvent("../../events/desk-token-claims-authentication.json", Map.class);
        var request = event.get("request");

        var answered = trigger.handleRequest(event, null);

        // Its groups (none) come back as they came.
        assertThat(answered.get("response")).isEqualTo(Map.of("claimsAndScopeOverrideDetails",
                Map.of("accessTokenGeneration", Map.of("claimsToAddOrOverride", Map.of("email", "testuser@example.com")),
                        "groupOverrideDetails", Map.of("groupsToOverride", List.of()))));
        assertThat(answered).containsEntry("request", request).containsEntry("version", "2")
                .containsEntry("userName", "brcotter").containsEntry("triggerSource", "TokenGeneration_Authentication");
    }

    @Test
    void emailAndNameComeFromTheUserAttributesAndNoOtherAttributeIsAdded() {
        var attributes = new LinkedHashMap<String, Object>();
        attributes.put("sub", "0f6b1c52-8f3e-4a55-9d1c-2b7f0c1e9a01");
        attributes.put("email", "maria@example.com");
        attributes.put("email_verified", "true");
        attributes.put("name", "Maria Gomez");
        attributes.put("phone_number", "+15555550100");
        attributes.put("custom:tier", "gold");

        var claims = claims(trigger.handleRequest(event(attributes), null));

        assertThat(claims).containsExactly(Map.entry("email", "maria@example.com"), Map.entry("name", "Maria Gomez"));
    }

    @SuppressWarnings("unchecked")
    @Test
    void theGroupsAreHandedBackAsTheyCameSoTheRolesAndTeamsStayInTheToken() {
        var answered = trigger.handleRequest(event(Map.of("email", "lee@example.com")), null);
        var details = (Map<String, Object>) ((Map<String, Object>) answered.get("response")).get("claimsAndScopeOverrideDetails");

        assertThat(details.get("groupOverrideDetails")).isEqualTo(Map.of("groupsToOverride", List.of("agent")));
    }

    @Test
    void anAttributeThePersonLacksOrLeftBlankIsLeftOut() {
        assertThat(claims(trigger.handleRequest(event(Map.of("email", "lee@example.com", "name", " ")), null)))
                .containsExactly(Map.entry("email", "lee@example.com"));
        assertThat(claims(trigger.handleRequest(event(Map.of("sub", "x")), null))).isEmpty();
    }

    private static Map<String, Object> event(Map<String, Object> attributes) {
        var event = new LinkedHashMap<String, Object>();
        event.put("version", "2");
        event.put("triggerSource", "TokenGeneration_HostedAuth");
        event.put("request", Map.of("userAttributes", attributes,
                "groupConfiguration", Map.of("groupsToOverride", List.of("agent"), "iamRolesToOverride", List.of()),
                "scopes", List.of("openid", "email", "profile")));
        event.put("response", Map.of());
        return event;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> claims(Map<String, Object> answered) {
        var details = (Map<String, Object>) ((Map<String, Object>) answered.get("response")).get("claimsAndScopeOverrideDetails");
        return (Map<String, Object>) ((Map<String, Object>) details.get("accessTokenGeneration")).get("claimsToAddOrOverride");
    }
}

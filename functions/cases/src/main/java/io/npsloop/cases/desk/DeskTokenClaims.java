package io.npsloop.cases.desk;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The desk pool's pre token generation trigger, event version {@code V2_0}: puts the person's
 * {@code email} and {@code name} user attributes in their access token. Cognito's access tokens
 * carry neither (only {@code sub}, {@code username}, groups, client and scope), yet the desk knows
 * people by email: case owners, assignments, the lead view. Nothing else is changed (no claim
 * suppressed, no scope, the groups handed back as they came); an attribute the person lacks is left out.
 *
 * <p>The local issuer runs this same handler before it signs an access token, so the local desk gets
 * its email from here as in AWS.
 */
public final class DeskTokenClaims implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    /** The user attributes copied into the access token, under the same names. */
    public static final List<String> ATTRIBUTES = List.of("email", "name");

    /** The event as Cognito sent it, its response replaced by the access token's added claims. */
    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        var attributes = map(map(event.get("request")).get("userAttributes"));
        var claims = new LinkedHashMap<String, Object>();
        for (var attribute : ATTRIBUTES) {
            if (attributes.get(attribute) instanceof String value && !value.isBlank()) {
                claims.put(attribute, value);
            }
        }
        var details = new LinkedHashMap<String, Object>();
        details.put("accessTokenGeneration", Map.of("claimsToAddOrOverride", claims));
        // The groups are the desk's roles and teams: handed back as they came, so that no reading of an
        // absent override (kept, or emptied) can take them out of the tokens.
        var groups = map(map(event.get("request")).get("groupConfiguration"));
        if (groups.get("groupsToOverride") instanceof List<?> names) {
            details.put("groupOverrideDetails", Map.of("groupsToOverride", names));
        }
        var answered = new LinkedHashMap<>(event);
        // A fresh response: whatever the event's response held is not passed back as ours.
        answered.put("response", Map.of("claimsAndScopeOverrideDetails", details));
        return answered;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}

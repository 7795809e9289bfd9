package io.npsloop.connectors.hubspot;

import io.npsloop.aws.AwsClients;
import io.npsloop.config.Settings;
import io.npsloop.connectors.ConnectorParameters;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * The HubSpot app's credentials, SecureStrings under {@code HUBSPOT_PARAMETER_PATH} read through
 * {@link ConnectorParameters} (kept five minutes, never logged): the private app's access token,
 * the app's client secret that signs its webhooks, and the owner a task falls back to.
 */
public final class HubSpotAccount {

    /** The connector's name in the table's items ({@code CONNECTOR#hubspot#<case id>}, {@code SEEN#hubspot#...}). */
    public static final String CONNECTOR = "hubspot";

    static final String TOKEN = "private-app-token";
    static final String CLIENT_SECRET = "client-secret";
    static final String FALLBACK_OWNER = "fallback-owner-id";

    private final ConnectorParameters parameters;

    HubSpotAccount(ConnectorParameters parameters) {
        this.parameters = parameters;
    }

    /** Checks the path at start-up; the values themselves are read when first needed. */
    public static HubSpotAccount of(Settings settings, AwsClients clients, Clock clock) {
        return new HubSpotAccount(ConnectorParameters.of(settings, HubSpotSettings.HUBSPOT_PARAMETER_PATH,
                HubSpotSettings.HUBSPOT_SECRETS, "/nps-loop/hubspot/", clients, clock));
    }

    /** A private app's access token, sent as a bearer token. */
    public String authorization() {
        var token = parameters.value(TOKEN);
        if (token.chars().anyMatch(c -> c <= ' ')) {
            throw new IllegalStateException("SSM parameter " + parameters.path() + TOKEN + " must be the token alone, without spaces");
        }
        return "Bearer " + token;
    }

    public byte[] clientSecret() {
        return parameters.value(CLIENT_SECRET).getBytes(StandardCharsets.UTF_8);
    }

    /** A HubSpot user's owner id (Settings, Users, or {@code GET /crm/v3/owners}): digits only. */
    public String fallbackOwner() {
        var owner = parameters.value(FALLBACK_OWNER);
        if (!owner.matches("[0-9]{1,20}")) {
            throw new IllegalStateException("SSM parameter " + parameters.path() + FALLBACK_OWNER
                    + " must be a HubSpot owner id (digits, from GET /crm/v3/owners), not a name or an email");
        }
        return owner;
    }
}

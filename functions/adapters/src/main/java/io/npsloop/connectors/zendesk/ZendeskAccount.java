package io.npsloop.connectors.zendesk;

import io.npsloop.aws.AwsClients;
import io.npsloop.config.Settings;
import io.npsloop.connectors.ConnectorParameters;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The Zendesk account's credentials, SecureStrings under {@code ZENDESK_PARAMETER_PATH} read
 * through {@link ConnectorParameters} (kept five minutes, never logged).
 */
public final class ZendeskAccount {

    /** The connector's name in the table's items ({@code CONNECTOR#zendesk#<case id>}, {@code SEEN#zendesk#...}). */
    public static final String CONNECTOR = "zendesk";
    public static final Duration MAX_AGE = ConnectorParameters.MAX_AGE;
    static final String SUBDOMAIN = "subdomain";
    static final String EMAIL = "email";
    static final String API_TOKEN = "api-token";
    static final String GROUP_ID = "group-id";
    static final String WEBHOOK_SECRET = "webhook-secret";

    private static final Pattern SUBDOMAIN_SHAPE = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");

    private final ConnectorParameters parameters;
    private final URI baseUrl;

    ZendeskAccount(ConnectorParameters parameters, URI baseUrl) {
        this.parameters = parameters;
        this.baseUrl = baseUrl;
    }

    /** Checks the path at start-up; the values themselves are read when first needed. */
    public static ZendeskAccount of(Settings settings, AwsClients clients, Clock clock) {
        var parameters = ConnectorParameters.of(settings, ZendeskSettings.ZENDESK_PARAMETER_PATH, ZendeskSettings.ZENDESK_SECRETS,
                "/nps-loop/zendesk/", clients, clock);
        var base = settings.optional(ZendeskSettings.ZENDESK_BASE_URL).map(URI::create).orElse(null);
        return new ZendeskAccount(parameters, base);
    }

    /** {@code https://<subdomain>.zendesk.com}, or {@code ZENDESK_BASE_URL} where set. */
    public URI baseUrl() {
        if (baseUrl != null) {
            return baseUrl;
        }
        var subdomain = value(SUBDOMAIN);
        if (!SUBDOMAIN_SHAPE.matcher(subdomain).matches()) {
            throw new IllegalStateException("SSM parameter " + parameters.path() + SUBDOMAIN
                    + " must be the account's subdomain alone, e.g. acme for acme.zendesk.com");
        }
        return URI.create("https://" + subdomain + ".zendesk.com");
    }

    /** Basic authentication with an API token: {@code <email>/token:<token>}. */
    public String authorization() {
        var pair = value(EMAIL) + "/token:" + value(API_TOKEN);
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    public long groupId() {
        var text = value(GROUP_ID);
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("SSM parameter " + parameters.path() + GROUP_ID + " must be the group's number");
        }
    }

    public byte[] webhookSecret() {
        return value(WEBHOOK_SECRET).getBytes(StandardCharsets.UTF_8);
    }

    private String value(String name) {
        return parameters.value(name);
    }
}

package io.npsloop.connectors.zendesk;

import io.npsloop.aws.AwsClients;
import io.npsloop.aws.SsmParameters;
import io.npsloop.config.Settings;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The Zendesk account's credentials, SecureStrings under {@code ZENDESK_PARAMETER_PATH} read
 * through {@link SsmParameters} and kept five minutes, so a rotated token reaches every container
 * within minutes. Values are never logged; a message here names the parameter, never its value.
 */
public final class ZendeskAccount {

    /** The connector's name in the table's items ({@code CONNECTOR#zendesk#<case id>}, {@code SEEN#zendesk#...}). */
    public static final String CONNECTOR = "zendesk";
    public static final Duration MAX_AGE = Duration.ofMinutes(5);
    static final String SUBDOMAIN = "subdomain";
    static final String EMAIL = "email";
    static final String API_TOKEN = "api-token";
    static final String GROUP_ID = "group-id";
    static final String WEBHOOK_SECRET = "webhook-secret";

    private static final Pattern SUBDOMAIN_SHAPE = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");

    private final SsmParameters parameters;
    private final String path;
    private final URI baseUrl;

    ZendeskAccount(SsmParameters parameters, String path, URI baseUrl) {
        this.parameters = parameters;
        this.path = path;
        this.baseUrl = baseUrl;
    }

    /** Checks the path at start-up; the values themselves are read when first needed. */
    public static ZendeskAccount of(Settings settings, AwsClients clients, Clock clock) {
        var path = settings.optional(ZendeskSettings.ZENDESK_PARAMETER_PATH).orElse("");
        if (!path.matches("/([A-Za-z0-9_.-]+/)+")) {
            throw new IllegalStateException(ZendeskSettings.ZENDESK_PARAMETER_PATH.variable()
                    + " must start and end with '/' and name at least one path segment, e.g. /nps-loop/zendesk/, was '" + path + "'");
        }
        var base = settings.optional(ZendeskSettings.ZENDESK_BASE_URL).map(URI::create).orElse(null);
        var inline = settings.optional(ZendeskSettings.ZENDESK_SECRETS);
        Function<String, String> fetch;
        if (inline.isPresent()) {
            var values = parse(inline.get());
            fetch = name -> name.startsWith(path) ? values.get(name.substring(path.length())) : null;
        } else {
            var ssm = new SsmParameters(clients.jsonCalls("SSM", "ssm", "AmazonSSM"), MAX_AGE, SsmParameters.Missing.ASKED_AGAIN, clock);
            fetch = name -> ssm.get(name).orElse(null);
        }
        return new ZendeskAccount(new SsmParameters(fetch, MAX_AGE, SsmParameters.Missing.ASKED_AGAIN, clock), path, base);
    }

    /** {@code https://<subdomain>.zendesk.com}, or {@code ZENDESK_BASE_URL} where set. */
    public URI baseUrl() {
        if (baseUrl != null) {
            return baseUrl;
        }
        var subdomain = value(SUBDOMAIN);
        if (!SUBDOMAIN_SHAPE.matcher(subdomain).matches()) {
            throw new IllegalStateException("SSM parameter " + path + SUBDOMAIN + " must be the account's subdomain alone, e.g. acme for acme.zendesk.com");
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
            throw new IllegalStateException("SSM parameter " + path + GROUP_ID + " must be the group's number");
        }
    }

    public byte[] webhookSecret() {
        return value(WEBHOOK_SECRET).getBytes(StandardCharsets.UTF_8);
    }

    private String value(String name) {
        return parameters.get(path + name).map(String::strip).filter(v -> !v.isEmpty())
                .orElseThrow(() -> new IllegalStateException("SSM parameter " + path + name + " is missing or empty"));
    }

    /** The values of {@code ZENDESK_SECRETS}: {@code <name>=<value>} pairs separated by {@code ;}. */
    public static Map<String, String> parse(String text) {
        var values = new HashMap<String, String>();
        for (var pair : text.split(";")) {
            var equals = pair.indexOf('=');
            if (equals > 0) {
                values.put(pair.substring(0, equals).strip(), pair.substring(equals + 1).strip());
            } else if (!pair.isBlank()) {
                // Names the variable only: the pair may hold a token.
                throw new IllegalStateException(ZendeskSettings.ZENDESK_SECRETS.variable() + " must be <name>=<value> pairs separated by ';'");
            }
        }
        return Map.copyOf(values);
    }
}

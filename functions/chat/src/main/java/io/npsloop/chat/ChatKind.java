package io.npsloop.chat;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/** Which chat tool a webhook belongs to, which decides the payload's shape. */
public enum ChatKind {
    SLACK,
    TEAMS;

    /**
     * Told from the webhook's host: Slack's incoming webhooks, or Microsoft's Workflows (Power
     * Automate / Logic Apps) and the older Office connector hosts. Any other host needs the kind named in its route.
     */
    public static Optional<ChatKind> fromUrl(String url) {
        String host;
        try {
            host = URI.create(url).getHost();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (host == null) {
            return Optional.empty();
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.equals("hooks.slack.com") || host.equals("hooks.slack-gov.com")) {
            return Optional.of(SLACK);
        }
        if (host.endsWith(".logic.azure.com") || host.endsWith(".powerplatform.com") || host.endsWith(".powerautomate.com")
                || host.equals("flow.microsoft.com") || host.endsWith(".webhook.office.com")) {
            return Optional.of(TEAMS);
        }
        return Optional.empty();
    }
}

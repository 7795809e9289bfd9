package io.npsloop.chat;

import io.npsloop.aws.AwsClients;
import io.npsloop.aws.SsmParameters;
import io.npsloop.config.Settings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The webhook URL behind each route's parameter: from {@code CHAT_WEBHOOKS} if set (local use),
 * else the SecureString in SSM, read on first use and kept for {@link #MAX_AGE}, so a replaced
 * webhook reaches every container within minutes. A URL is a credential: it is never logged, and
 * no message here quotes it.
 */
public final class ChatWebhooks {

    public static final Duration MAX_AGE = Duration.ofMinutes(5);

    private record Read(Optional<String> url, Instant at) {}

    private final Function<String, String> fetch;
    private final Clock clock;
    private final Map<String, Read> cache = new ConcurrentHashMap<>();

    /** @param fetch a parameter's value, null when it does not exist */
    public ChatWebhooks(Function<String, String> fetch, Clock clock) {
        this.fetch = fetch;
        this.clock = clock;
    }

    public static ChatWebhooks of(Settings settings, AwsClients clients, Clock clock) {
        var inline = settings.optional(ChatSettings.CHAT_WEBHOOKS);
        if (inline.isPresent()) {
            var urls = parse(inline.get());
            return new ChatWebhooks(urls::get, clock);
        }
        var ssm = clients.jsonCalls("SSM", "ssm", "AmazonSSM");
        return new ChatWebhooks(name -> SsmParameters.secureString(ssm, name), clock);
    }

    /** The URL, or empty when the parameter is not there. */
    public Optional<String> url(String parameter) {
        var now = clock.instant();
        var read = cache.get(parameter);
        if (read != null && read.at().plus(MAX_AGE).isAfter(now)) {
            return read.url();
        }
        String value;
        try {
            value = fetch.apply(parameter);
        } catch (RuntimeException unavailable) {
            if (read != null && read.url().isPresent()) {
                return read.url(); // a webhook we had beats holding every message back
            }
            throw unavailable;
        }
        var url = Optional.ofNullable(value).map(String::strip).filter(text -> !text.isEmpty());
        cache.put(parameter, new Read(url, now));
        return url;
    }

    static Map<String, String> parse(String text) {
        var urls = new HashMap<String, String>();
        for (var pair : text.split(";")) {
            var equals = pair.indexOf('=');
            if (equals > 0) {
                urls.put(pair.substring(0, equals).strip(), pair.substring(equals + 1).strip());
            } else if (!pair.isBlank()) {
                // Names the variable only: the pair may hold a URL.
                throw new IllegalStateException(ChatSettings.CHAT_WEBHOOKS.variable() + " must be <parameter>=<URL> pairs separated by ';'");
            }
        }
        return Map.copyOf(urls);
    }
}

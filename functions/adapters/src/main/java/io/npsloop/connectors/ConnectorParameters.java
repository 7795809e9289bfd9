package io.npsloop.connectors;

import io.npsloop.aws.AwsClients;
import io.npsloop.aws.SsmParameters;
import io.npsloop.config.Setting;
import io.npsloop.config.Settings;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A connector's credentials: SecureStrings under one SSM path, read through {@link SsmParameters}
 * and kept five minutes, so a rotated token reaches every container within minutes; or, for local
 * use, the same values straight from one environment variable. Values are never logged; a message
 * here names the parameter, never its value.
 */
public final class ConnectorParameters {

    public static final Duration MAX_AGE = Duration.ofMinutes(5);

    private final SsmParameters parameters;
    private final String path;

    private ConnectorParameters(SsmParameters parameters, String path) {
        this.parameters = parameters;
        this.path = path;
    }

    /** Checks the path at start-up; the values themselves are read when first needed. */
    public static ConnectorParameters of(Settings settings, Setting pathSetting, Setting inlineSetting, String example,
            AwsClients clients, Clock clock) {
        var path = settings.optional(pathSetting).orElse("");
        if (!path.matches("/([A-Za-z0-9_.-]+/)+")) {
            throw new IllegalStateException(pathSetting.variable()
                    + " must start and end with '/' and name at least one path segment, e.g. " + example + ", was '" + path + "'");
        }
        var inline = settings.optional(inlineSetting);
        Function<String, String> fetch;
        if (inline.isPresent()) {
            var values = parse(inline.get(), inlineSetting);
            fetch = name -> name.startsWith(path) ? values.get(name.substring(path.length())) : null;
        } else {
            var ssm = new SsmParameters(clients.jsonCalls("SSM", "ssm", "AmazonSSM"), MAX_AGE, SsmParameters.Missing.ASKED_AGAIN, clock);
            fetch = name -> ssm.get(name).orElse(null);
        }
        return new ConnectorParameters(new SsmParameters(fetch, MAX_AGE, SsmParameters.Missing.ASKED_AGAIN, clock), path);
    }

    public String path() {
        return path;
    }

    /** The value of {@code <path><name>}, stripped; IllegalStateException naming the parameter when missing or empty. */
    public String value(String name) {
        return parameters.get(path + name).map(String::strip).filter(v -> !v.isEmpty())
                .orElseThrow(() -> new IllegalStateException("SSM parameter " + path + name + " is missing or empty"));
    }

    /** {@code <name>=<value>} pairs separated by {@code ;}, as the inline setting holds them (local use). */
    public static Map<String, String> parse(String text, Setting setting) {
        var values = new HashMap<String, String>();
        for (var pair : text.split(";")) {
            var equals = pair.indexOf('=');
            if (equals > 0) {
                values.put(pair.substring(0, equals).strip(), pair.substring(equals + 1).strip());
            } else if (!pair.isBlank()) {
                // Names the variable only: the pair may hold a token.
                throw new IllegalStateException(setting.variable() + " must be <name>=<value> pairs separated by ';'");
            }
        }
        return Map.copyOf(values);
    }
}

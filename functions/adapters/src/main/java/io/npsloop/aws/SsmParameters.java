package io.npsloop.aws;

import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * SecureStrings from SSM Parameter Store, read decrypted through a signed call (without the SSM
 * client's 5 MB) on first use and kept for {@code maxAge}, so a container asks SSM once per
 * parameter rather than once per request, and a rotated value arrives without a redeploy. Every
 * function that reads SSM reads it through here.
 *
 * <p>When SSM cannot be asked, a value already read is kept, however old: a secret we had beats
 * refusing every request. A parameter that does not exist is remembered as missing for
 * {@code maxAge}, or asked for again each time where it should be found the moment an operator
 * creates it.
 */
public final class SsmParameters {

    /** SSM could not be asked, or answered an error other than "not found". */
    public static final class UnavailableException extends IllegalStateException {
        UnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Whether a parameter found missing is remembered as missing for the max age. */
    public enum Missing {
        REMEMBERED,
        ASKED_AGAIN
    }

    private record Read(Optional<String> value, Instant at) {}

    private final Function<String, String> fetch;
    private final Duration maxAge;
    private final Missing missing;
    private final Clock clock;
    private final Map<String, Read> cache = new ConcurrentHashMap<>();

    public SsmParameters(SignedJsonCalls ssm, Duration maxAge, Missing missing, Clock clock) {
        this(name -> secureString(ssm, name), maxAge, missing, clock);
    }

    /**
     * The same cache over another source of values, e.g. the environment where no SSM is used.
     *
     * @param fetch a parameter's value, null when it does not exist
     */
    public SsmParameters(Function<String, String> fetch, Duration maxAge, Missing missing, Clock clock) {
        this.fetch = Objects.requireNonNull(fetch, "fetch");
        this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
        this.missing = Objects.requireNonNull(missing, "missing");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The parameter's value, empty when it does not exist; fetched when none is kept or it is older than the max age. */
    public Optional<String> get(String name) {
        var now = clock.instant();
        var read = cache.get(name);
        if (read != null && read.at().plus(maxAge).isAfter(now)) {
            return read.value();
        }
        String value;
        try {
            value = fetch.apply(name);
        } catch (RuntimeException unavailable) {
            if (read != null && read.value().isPresent()) {
                return read.value();
            }
            throw unavailable;
        }
        if (value == null && missing == Missing.ASKED_AGAIN) {
            cache.remove(name);
            return Optional.empty();
        }
        var fresh = new Read(Optional.ofNullable(value), now);
        cache.put(name, fresh);
        return fresh.value();
    }

    /** One read, uncached: the parameter's decrypted value; null when the parameter does not exist. */
    private static String secureString(SignedJsonCalls ssm, String name) {
        try {
            var answer = ssm.call("GetParameter", Map.of("Name", name, "WithDecryption", true));
            if (answer.status() == 200 && answer.body().get("Parameter") instanceof Map<?, ?> parameter
                    && parameter.get("Value") instanceof String value) {
                return value;
            }
            if (answer.status() == 400 && answer.errorType().equals("ParameterNotFound")) {
                return null;
            }
            // Throttled, denied or failing: the type names it; the message could quote the parameter.
            throw new UnavailableException("SSM GetParameter answered " + answer.status() + " " + answer.errorType(), null);
        } catch (UncheckedIOException e) {
            throw new UnavailableException("SSM unreachable", e);
        }
    }
}

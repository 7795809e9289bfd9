package io.npsloop.aws;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads a function's configuration from its environment. A bad value fails at start-up with a
 * message naming the variable, not later on a customer's response.
 */
public final class Settings {

    private final Map<String, String> env;

    public Settings(Map<String, String> env) {
        this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
    }

    public static Settings fromEnvironment() {
        return new Settings(System.getenv());
    }

    public Optional<String> optional(String name) {
        var value = env.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    public String required(String name) {
        return optional(name).orElseThrow(() -> new IllegalStateException("environment variable " + name + " is not set"));
    }

    public String string(String name, String defaultValue) {
        return optional(name).orElse(defaultValue);
    }

    public int positiveInt(String name, int defaultValue) {
        var raw = optional(name);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(raw.get());
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below with the variable's name
        }
        throw new IllegalStateException(name + " must be a positive whole number, was '" + raw.get() + "'");
    }

    public Duration hours(String name, int defaultHours) {
        return Duration.ofHours(positiveInt(name, defaultHours));
    }

    public BigDecimal amount(String name, String defaultValue) {
        var raw = optional(name).orElse(defaultValue);
        try {
            var value = new BigDecimal(raw);
            if (value.signum() >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below with the variable's name
        }
        throw new IllegalStateException(name + " must be a non-negative number, was '" + raw + "'");
    }

    Map<String, String> asMap() {
        return env;
    }
}

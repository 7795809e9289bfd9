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

    /** Whole days, zero allowed (zero turns a waiting period off). */
    public Duration days(String name, int defaultDays) {
        var raw = optional(name);
        if (raw.isEmpty()) {
            return Duration.ofDays(defaultDays);
        }
        try {
            int value = Integer.parseInt(raw.get());
            if (value >= 0) {
                return Duration.ofDays(value);
            }
        } catch (NumberFormatException e) {
            // reported below with the variable's name
        }
        throw new IllegalStateException(name + " must be a whole number of days, 0 or more, was '" + raw.get() + "'");
    }

    /** A percentage from 0 to 100, decimals allowed. */
    public double percent(String name, double defaultValue) {
        var raw = optional(name);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        try {
            double value = Double.parseDouble(raw.get());
            if (value >= 0 && value <= 100) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below with the variable's name
        }
        throw new IllegalStateException(name + " must be a percentage from 0 to 100, was '" + raw.get() + "'");
    }

    /** A whole percentage from 0 to {@code max}. */
    public int percentInt(String name, int defaultValue, int max) {
        var raw = optional(name);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(raw.get());
            if (value >= 0 && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below with the variable's name
        }
        throw new IllegalStateException(name + " must be a whole percentage from 0 to " + max + ", was '" + raw.get() + "'");
    }

    /** A non-negative amount, or null where the variable is unset or empty (meaning: no limit). */
    public BigDecimal optionalAmount(String name) {
        return optional(name).isEmpty() ? null : amount(name, "0");
    }

    public boolean flag(String name, boolean defaultValue) {
        var raw = optional(name);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        return switch (raw.get().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new IllegalStateException(name + " must be true or false, was '" + raw.get() + "'");
        };
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

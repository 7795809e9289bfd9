package io.npsloop.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads a function's configuration from its environment, each {@link Setting} with its declared
 * default. A bad value fails at start-up with a message naming the variable, not later on a
 * customer's response.
 */
public final class Settings {

    private final Map<String, String> env;

    public Settings(Map<String, String> env) {
        this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
    }

    public static Settings fromEnvironment() {
        return new Settings(System.getenv());
    }

    public Optional<String> optional(Setting setting) {
        return optional(setting.variable());
    }

    public String required(Setting setting) {
        return optional(setting).orElseThrow(() -> new IllegalStateException("environment variable " + setting.variable() + " is not set"));
    }

    /** The value, else the default (null where there is none). */
    public String string(Setting setting) {
        return optional(setting).orElse(setting.defaultValue());
    }

    public int positiveInt(Setting setting) {
        var name = setting.variable();
        var raw = optional(name);
        if (raw.isEmpty()) {
            return Integer.parseInt(defaultOf(setting));
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

    public Duration hours(Setting setting) {
        return Duration.ofHours(positiveInt(setting));
    }

    /** Whole days, zero allowed (zero turns a waiting period off). */
    public Duration days(Setting setting) {
        var name = setting.variable();
        var raw = optional(name);
        if (raw.isEmpty()) {
            return Duration.ofDays(Integer.parseInt(defaultOf(setting)));
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
    public double percent(Setting setting) {
        var name = setting.variable();
        var raw = optional(name);
        if (raw.isEmpty()) {
            return Double.parseDouble(defaultOf(setting));
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
    public int percentInt(Setting setting, int max) {
        var name = setting.variable();
        var raw = optional(name);
        if (raw.isEmpty()) {
            return Integer.parseInt(defaultOf(setting));
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
    public BigDecimal optionalAmount(Setting setting) {
        return optional(setting).isEmpty() ? null : amount(setting.variable(), "0");
    }

    public boolean flag(Setting setting) {
        var name = setting.variable();
        var raw = optional(name);
        if (raw.isEmpty()) {
            return Boolean.parseBoolean(defaultOf(setting));
        }
        return switch (raw.get().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new IllegalStateException(name + " must be true or false, was '" + raw.get() + "'");
        };
    }

    public BigDecimal amount(Setting setting) {
        return amount(setting.variable(), defaultOf(setting));
    }

    private Optional<String> optional(String name) {
        var value = env.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    private BigDecimal amount(String name, String defaultValue) {
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

    /** Only settings with a default reach here unset; one without is a mistake in the catalogue. */
    private static String defaultOf(Setting setting) {
        if (setting.defaultValue() == null) {
            throw new IllegalStateException("environment variable " + setting.variable() + " is not set");
        }
        return setting.defaultValue();
    }
}

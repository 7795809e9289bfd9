package io.npsloop.ingest.sources;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Reading the loosely typed parts of survey apps' payloads: custom properties named by people (so
 * matched without regard to case), ids and times sent as either numbers or strings.
 */
public final class Payloads {

    /** Bounds on what a tool may send as an id or a name, and as a comment. */
    public static final int MAX_ID_LENGTH = 200;
    public static final int MAX_COMMENT_LENGTH = 5_000;

    /** Far enough ahead for any real response, small enough that {@link Instant} never overflows. */
    private static final long MAX_EPOCH_SECOND = 253_402_300_799L; // 9999-12-31T23:59:59Z

    private Payloads() {}

    /** The value under {@code name}, or else under a key equal to it ignoring case. */
    public static Object lookup(Map<String, Object> object, String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        var exact = object.get(name);
        if (exact != null) {
            return exact;
        }
        return object.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name) && e.getValue() != null)
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
    }

    /** A string, or a number written out plainly; blank is absent. */
    public static String text(JsonBody json, Object value, String field, int maxLength) {
        if (value == null) {
            return null;
        }
        String text;
        if (value instanceof String s) {
            text = s;
        } else if (value instanceof Number n && !(n instanceof Double d && !Double.isFinite(d))) {
            var number = n instanceof BigDecimal b ? b : new BigDecimal(n.toString());
            // Written out plainly, 1e999999999 is a billion characters: judge the length by the exponent first.
            if (Math.abs((long) number.scale()) > maxLength) {
                json.fail(field, "must be at most " + maxLength + " characters");
                return null;
            }
            text = number.toPlainString();
        } else {
            json.fail(field, "must be a string");
            return null;
        }
        if (text.length() > maxLength) {
            json.fail(field, "must be at most " + maxLength + " characters");
            return null;
        }
        return text.isBlank() ? null : text.strip();
    }

    public static String requiredText(JsonBody json, Object value, String field, int maxLength) {
        var text = text(json, value, field, maxLength);
        if (text == null && json.violations().stream().noneMatch(v -> v.field().equals(field))) {
            json.fail(field, "is required");
        }
        return text;
    }

    /** Seconds since the epoch, as a JSON number or a string of digits. */
    public static Instant epochSeconds(JsonBody json, Object value, String field) {
        if (value == null || value instanceof String s && s.isBlank()) {
            json.fail(field, "is required: seconds since the epoch");
            return null;
        }
        BigDecimal seconds = null;
        if (value instanceof Number n) {
            seconds = n instanceof Double d && !Double.isFinite(d) ? null : new BigDecimal(n.toString());
        } else if (value instanceof String s && s.strip().matches("[0-9]{1,19}")) {
            seconds = new BigDecimal(s.strip());
        }
        if (seconds == null
                || seconds.stripTrailingZeros().scale() > 0
                || seconds.signum() < 0
                || seconds.compareTo(BigDecimal.valueOf(MAX_EPOCH_SECOND)) > 0) {
            json.fail(field, "must be seconds since the epoch");
            return null;
        }
        return Instant.ofEpochSecond(seconds.longValueExact());
    }

    /** The customer id the payload carried, else the email, which identifies a customer across survey apps. */
    public static String customerId(String carried, String email) {
        return carried != null ? carried : email == null ? null : email.toLowerCase(java.util.Locale.ROOT);
    }

    public static String joinName(String first, String last) {
        var joined = String.join(" ", java.util.stream.Stream.of(first, last).filter(Objects::nonNull).toList());
        return joined.isBlank() ? null : joined;
    }

    /** Ids go into an API's URL path; nothing but letters, digits, '-' and '_' may travel there. */
    public static void requireIdChars(JsonBody json, String field, String id) {
        if (id != null && !id.matches("[A-Za-z0-9_-]+")) {
            json.fail(field, "must contain only letters, digits, '-' and '_'");
        }
    }
}

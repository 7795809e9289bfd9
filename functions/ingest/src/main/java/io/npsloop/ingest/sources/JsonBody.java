package io.npsloop.ingest.sources;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a webhook body as JSON within bounds (nesting depth, string length, duplicate keys
 * rejected) and pulls typed fields out of it, collecting every problem rather than stopping at
 * the first, so the sender sees all there is to fix.
 */
public final class JsonBody {

    static final int MAX_DEPTH = 32;
    static final int MAX_STRING_LENGTH = 100_000;
    /** For JSON numbers and amounts sent as strings alike. */
    static final int MAX_NUMBER_LENGTH = 64;
    /** Together 38 significant digits at most, what a DynamoDB number holds. */
    static final BigDecimal MAX_AMOUNT = BigDecimal.TEN.pow(18);
    static final int MAX_AMOUNT_DECIMALS = 20;
    private static final Pattern LOCALE = Pattern.compile("[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*");

    private static final JSON READER = JSON.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_DEPTH)
                            .maxStringLength(MAX_STRING_LENGTH)
                            .maxNumberLength(MAX_NUMBER_LENGTH)
                            .build())
                    .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .enable(JSON.Feature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private final List<Violation> violations = new ArrayList<>();

    /** Parses the body, which must be a JSON object. */
    public static Map<String, Object> object(byte[] body) throws InvalidPayloadException {
        return object(any(body));
    }

    /** The body's object, also when it comes inside an array of just that one object. */
    public static Map<String, Object> objectOrOnlyElement(byte[] body) throws InvalidPayloadException {
        var root = any(body);
        return object(root instanceof List<?> list && list.size() == 1 ? list.get(0) : root);
    }

    private static Object any(byte[] body) throws InvalidPayloadException {
        try {
            return READER.anyFrom(body);
        } catch (IOException | RuntimeException e) {
            throw new InvalidPayloadException("body", "is not valid JSON: " + describe(e));
        }
    }

    private static Map<String, Object> object(Object root) throws InvalidPayloadException {
        if (!(root instanceof Map<?, ?> map)) {
            throw new InvalidPayloadException("body", "must be a JSON object");
        }
        @SuppressWarnings("unchecked")
        var object = (Map<String, Object>) map;
        return object;
    }

    /** Only the parser's own words about where the JSON broke; never the body's content. */
    private static String describe(Exception e) {
        if (e instanceof com.fasterxml.jackson.core.exc.StreamConstraintsException) {
            return "it is nested deeper than " + MAX_DEPTH + " levels or has an oversized value";
        }
        if (e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe && jpe.getLocation() != null) {
            var reason = jpe.getOriginalMessage();
            var firstLine = reason == null ? "unreadable" : reason.lines().findFirst().orElse("unreadable");
            // Jackson quotes the offending token; keep only its kind of complaint.
            var kind = firstLine.replaceAll("['\"].*", "").replaceAll("\\(.*", "").strip();
            return kind + " at line " + jpe.getLocation().getLineNr() + ", column " + jpe.getLocation().getColumnNr();
        }
        return "unreadable";
    }

    public List<Violation> violations() {
        return violations;
    }

    public void fail(String field, String message) {
        violations.add(new Violation(field, message));
    }

    public void throwIfInvalid() throws InvalidPayloadException {
        if (!violations.isEmpty()) {
            throw new InvalidPayloadException(violations);
        }
    }

    public Map<String, Object> optionalObject(Map<String, Object> parent, String key, String field) {
        var value = parent.get(key);
        if (value == null) {
            return Map.of();
        }
        if (value instanceof Map<?, ?> map) {
            @SuppressWarnings("unchecked")
            var object = (Map<String, Object>) map;
            return object;
        }
        fail(field, "must be an object");
        return Map.of();
    }

    public List<Object> optionalArray(Map<String, Object> parent, String key, String field) {
        var value = parent.get(key);
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            return List.copyOf(list.stream().map(Object.class::cast).toList());
        }
        fail(field, "must be an array");
        return List.of();
    }

    public String requiredString(Map<String, Object> parent, String key, String field, int maxLength) {
        var value = optionalString(parent, key, field, maxLength);
        if (value == null && !hasViolation(field)) {
            fail(field, "is required");
        }
        return value;
    }

    public String optionalString(Map<String, Object> parent, String key, String field, int maxLength) {
        var value = parent.get(key);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            fail(field, "must be a string");
            return null;
        }
        if (text.length() > maxLength) {
            fail(field, "must be at most " + maxLength + " characters");
            return null;
        }
        return text.isBlank() ? null : text.strip();
    }

    /** The NPS score: a whole number from 0 to 10, as a JSON number or, if {@code lenient}, a numeric string. */
    public Integer score(Object value, String field, boolean lenient) {
        if (value == null) {
            fail(field, "is required: a whole number from 0 to 10");
            return null;
        }
        BigDecimal number = null;
        if (value instanceof Number n) {
            number = decimal(n);
        } else if (lenient && value instanceof String text) {
            try {
                number = new BigDecimal(text.strip());
            } catch (NumberFormatException e) {
                number = null;
            }
        }
        if (number == null
                || number.stripTrailingZeros().scale() > 0
                || number.compareTo(BigDecimal.ZERO) < 0
                || number.compareTo(BigDecimal.TEN) > 0) {
            fail(field, "must be a whole number from 0 to 10");
            return null;
        }
        return number.intValueExact();
    }

    public BigDecimal optionalAmount(Object value, String field, boolean lenient) {
        if (value == null || value instanceof String s && s.isBlank()) {
            return null;
        }
        BigDecimal amount = null;
        if (value instanceof Number n) {
            amount = decimal(n);
        } else if (lenient && value instanceof String text && text.strip().length() <= MAX_NUMBER_LENGTH) {
            try {
                amount = new BigDecimal(text.strip());
            } catch (NumberFormatException e) {
                amount = null;
            }
        }
        if (amount == null || amount.signum() < 0) {
            fail(field, "must be a non-negative number");
            return null;
        }
        // 1e999999999 takes the policy's rounding minutes; past 38 digits the table refuses the number.
        if (amount.compareTo(MAX_AMOUNT) >= 0 || amount.stripTrailingZeros().scale() > MAX_AMOUNT_DECIMALS) {
            fail(field, "must be below 10^18 with at most " + MAX_AMOUNT_DECIMALS + " decimals");
            return null;
        }
        return amount;
    }

    public Instant instant(Map<String, Object> parent, String key, String field) {
        var text = requiredString(parent, key, field, 64);
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            fail(field, "must be an ISO-8601 date-time with offset, e.g. 2026-11-20T09:30:00Z");
            return null;
        }
    }

    public String optionalLocale(String locale, String field) {
        if (locale == null) {
            return null;
        }
        if (!LOCALE.matcher(locale).matches()) {
            fail(field, "must be a language tag such as en, es or pt-BR");
            return null;
        }
        return locale.replace('_', '-');
    }

    public String optionalEmail(String email, String field) {
        if (email == null) {
            return null;
        }
        int at = email.indexOf('@');
        if (at <= 0 || at != email.lastIndexOf('@') || at == email.length() - 1 || email.chars().anyMatch(Character::isWhitespace)) {
            fail(field, "must be an email address");
            return null;
        }
        return email;
    }

    private boolean hasViolation(String field) {
        return violations.stream().anyMatch(v -> v.field().equals(field));
    }

    private static BigDecimal decimal(Number n) {
        if (n instanceof BigDecimal d) {
            return d;
        }
        if (n instanceof BigInteger i) {
            return new BigDecimal(i);
        }
        if (n instanceof Double || n instanceof Float) {
            double d = n.doubleValue();
            return Double.isFinite(d) ? BigDecimal.valueOf(d) : null;
        }
        return BigDecimal.valueOf(n.longValue());
    }
}

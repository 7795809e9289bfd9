package io.npsloop.report;

import com.fasterxml.jackson.jr.ob.JSON;
import io.npsloop.domain.roi.Attribution;
import io.npsloop.domain.roi.Outcome;
import io.npsloop.domain.roi.OutcomeType;
import io.npsloop.http.Answer;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code POST /outcomes}: a batch of outcome events. Each event is checked on its own: the valid
 * ones are kept, the others come back with what to fix, and a batch with no valid event is a 400.
 * The CSV import records its rows through {@link #record(List)} the same way.
 */
public final class OutcomesApi {

    public static final int MAX_EVENTS = 500;
    static final int MAX_ID = 200;
    static final BigDecimal MAX_VALUE = new BigDecimal("1000000000000");
    /** Clocks differ; an outcome further ahead than this is a mistake, not a forecast. */
    private static final Duration FUTURE_SKEW = Duration.ofDays(1);
    private static final JSON READER = JSON.std.with(JSON.Feature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final DynamoDbOutcomes outcomes;
    private final Clock clock;

    OutcomesApi(DynamoDbOutcomes outcomes, Clock clock) {
        this.outcomes = Objects.requireNonNull(outcomes, "outcomes");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    Answer post(String body) {
        Object events;
        try {
            var json = READER.mapFrom(body == null ? "" : body);
            events = json == null ? null : json.get("events");
        } catch (IOException | RuntimeException e) {
            return Answer.problem(400, "invalid", "The body must be a JSON object like "
                    + "{\"events\":[{\"eventId\":\"crm-1\",\"customerId\":\"cust-1\",\"type\":\"churned\",\"occurredAt\":\"2026-05-01T00:00:00Z\"}]}.");
        }
        if (!(events instanceof List<?> list) || list.isEmpty()) {
            return Answer.problem(400, "invalid", "\"events\" must be a non-empty array of outcome events.");
        }
        if (list.size() > MAX_EVENTS) {
            return Answer.problem(413, "too-many", "At most " + MAX_EVENTS + " events per request; this one has "
                    + list.size() + ". Split the batch, or import a CSV file.");
        }
        var answer = record(list);
        int recorded = (int) answer.get("recorded");
        int duplicates = (int) answer.get("duplicates");
        int rejected = (int) answer.get("rejected");
        if (recorded + duplicates == 0) {
            var errors = new ArrayList<Map<String, String>>();
            for (var result : results(answer)) {
                @SuppressWarnings("unchecked")
                var eventErrors = (List<Map<String, String>>) result.get("errors");
                for (var error : eventErrors) {
                    errors.add(Map.of("field", "events[" + result.get("index") + "]." + error.get("field"), "message", error.get("message")));
                }
            }
            return Answer.problem(400, "invalid", "No event in the batch is valid; nothing was kept.", errors);
        }
        return Answer.json(200, rejected == 0 ? "recorded" : "partly-recorded", answer);
    }

    /**
     * Checks and keeps each event on its own.
     *
     * @return {@code recorded}, {@code duplicates}, {@code rejected} and one result per event
     */
    public Map<String, Object> record(List<?> list) {
        var results = new ArrayList<Map<String, Object>>();
        int recorded = 0;
        int duplicates = 0;
        int rejected = 0;
        for (int i = 0; i < list.size(); i++) {
            var result = new LinkedHashMap<String, Object>();
            result.put("index", i);
            var errors = new ArrayList<Map<String, String>>();
            var outcome = parse(list.get(i), errors);
            if (list.get(i) instanceof Map<?, ?> raw && raw.get("eventId") instanceof String id) {
                result.put("eventId", id);
            }
            if (outcome == null) {
                result.put("status", "rejected");
                result.put("errors", errors);
                rejected++;
            } else {
                var kept = outcomes.record(outcome);
                if (kept instanceof DynamoDbOutcomes.Stored stored) {
                    result.put("status", "recorded");
                    describe(stored.attributions(), result);
                    recorded++;
                } else if (kept instanceof DynamoDbOutcomes.ErasedCustomer) {
                    result.put("status", "rejected");
                    result.put("errors", List.of(error("customerId", "was erased on request; outcomes of this customer are not kept")));
                    rejected++;
                } else {
                    result.put("status", "duplicate");
                    duplicates++;
                }
            }
            results.add(result);
        }
        var answer = new LinkedHashMap<String, Object>();
        answer.put("recorded", recorded);
        answer.put("duplicates", duplicates);
        answer.put("rejected", rejected);
        answer.put("results", results);
        return answer;
    }

    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> results(Map<String, Object> recorded) {
        return (List<Map<String, Object>>) recorded.get("results");
    }

    /** The first cohort as {@code cohort}; a churn counted in a second experiment names it in {@code alsoCohorts}. */
    private static void describe(List<Attribution> attributions, Map<String, Object> result) {
        if (attributions.get(0) instanceof Attribution.Unattributed unattributed) {
            result.put("unattributed", unattributed.reason());
            return;
        }
        var cohorts = attributions.stream().map(a -> ((Attribution.Attributed) a).target()).map(cohort -> Map.of(
                "action", cohort.action().wireName(),
                "arm", cohort.arm().wireName(),
                "day", cohort.cohortDay().toString())).toList();
        result.put("cohort", cohorts.get(0));
        if (cohorts.size() > 1) {
            result.put("alsoCohorts", cohorts.subList(1, cohorts.size()));
        }
    }

    private Outcome parse(Object raw, List<Map<String, String>> errors) {
        if (!(raw instanceof Map<?, ?> event)) {
            errors.add(error("", "must be an object"));
            return null;
        }
        var eventId = id(event.get("eventId"), "eventId", errors);
        String customerId = null;
        String accountId = null;
        if (event.get("accountId") != null && event.get("customerId") == null) {
            accountId = id(event.get("accountId"), "accountId", errors);
        } else if (event.get("accountId") != null) {
            errors.add(error("accountId", "names an account instead of a customer: give customerId or accountId, not both"));
        } else if (event.get("customerId") == null) {
            errors.add(error("customerId", "is required, or accountId for an outcome of a whole account"));
        } else {
            customerId = id(event.get("customerId"), "customerId", errors);
        }
        OutcomeType type = null;
        if (event.get("type") instanceof String name) {
            type = OutcomeType.fromWireName(name).orElse(null);
        }
        if (type == null) {
            errors.add(error("type", "must be one of churned, renewed, referral_lead, referral_converted, concession"));
        }
        Instant occurredAt = null;
        if (event.get("occurredAt") instanceof String at) {
            try {
                occurredAt = OffsetDateTime.parse(at).toInstant();
            } catch (DateTimeParseException e) {
                occurredAt = null;
            }
        }
        if (occurredAt == null) {
            errors.add(error("occurredAt", "must be a date-time with its offset, e.g. 2026-05-01T09:30:00Z"));
        } else if (occurredAt.isAfter(clock.instant().plus(FUTURE_SKEW))) {
            errors.add(error("occurredAt", "is in the future"));
        }
        var value = value(event.get("value"), type, errors);
        if (!errors.isEmpty()) {
            return null;
        }
        return new Outcome(eventId, customerId, accountId, type, occurredAt, value);
    }

    private static String id(Object raw, String field, List<Map<String, String>> errors) {
        if (raw instanceof String id && !id.isBlank() && id.length() <= MAX_ID && id.chars().noneMatch(Character::isISOControl)) {
            return id;
        }
        errors.add(error(field, "is required: a string of 1 to " + MAX_ID + " characters without control characters"));
        return null;
    }

    private static BigDecimal value(Object raw, OutcomeType type, List<Map<String, String>> errors) {
        if (raw == null) {
            if (type != null && type.needsValue()) {
                errors.add(error("value", "is required for " + type.wireName() + ": the amount, e.g. 120.50"));
            }
            return BigDecimal.ZERO;
        }
        BigDecimal value = null;
        if (raw instanceof BigDecimal decimal) {
            value = decimal;
        } else if (raw instanceof Number number) {
            value = new BigDecimal(number.toString());
        }
        if (value == null || value.signum() < 0 || value.compareTo(MAX_VALUE) > 0 || value.scale() > 6) {
            errors.add(error("value", "must be a number from 0 to " + MAX_VALUE.toPlainString() + " with at most 6 decimals"));
            return null;
        }
        return value;
    }

    private static Map<String, String> error(String field, String message) {
        return Map.of("field", field, "message", message);
    }
}

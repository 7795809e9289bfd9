package io.npsloop.cases.desk;

import java.util.List;
import java.util.Map;

/**
 * Where the desk records outcomes: the outcome intake of {@code POST /outcomes}, so they count in
 * the report the same way. Takes events as that route's JSON does; answers its per-event results.
 */
@FunctionalInterface
public interface OutcomeRecorder {

    Map<String, Object> record(List<?> events);
}

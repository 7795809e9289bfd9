package io.npsloop.ingest.sources;

import java.util.List;

/** Question ids as configured: blank entries dropped, so a setting such as "a, b," means a and b. */
public final class QuestionIds {

    private QuestionIds() {}

    public static List<String> of(List<String> ids) {
        return ids.stream().map(String::strip).filter(id -> !id.isEmpty()).toList();
    }

    /** The ids as a message names them: 'a', or (any of 'a', 'b'). */
    public static String quoted(List<String> ids) {
        var each = ids.stream().map(id -> "'" + id + "'").toList();
        return each.size() == 1 ? each.get(0) : "(any of " + String.join(", ", each) + ")";
    }
}

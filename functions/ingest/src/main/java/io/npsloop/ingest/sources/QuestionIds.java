package io.npsloop.ingest.sources;

import java.util.List;

/** Question ids as configured: blank entries dropped, so a setting such as "a, b," means a and b. */
final class QuestionIds {

    private QuestionIds() {}

    static List<String> of(List<String> ids) {
        return ids.stream().map(String::strip).filter(id -> !id.isEmpty()).toList();
    }
}

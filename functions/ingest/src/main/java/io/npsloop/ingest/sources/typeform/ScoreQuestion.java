package io.npsloop.ingest.sources.typeform;

import io.npsloop.ingest.sources.Payloads;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which answer of a Typeform response is the NPS score. Only a 0-10 scale may be: the {@code nps}
 * question, the question the operator named by ref, or an {@code opinion_scale} whose definition
 * proves 0-10 ({@code steps} 11, not starting at one). Webhook definitions usually carry empty
 * properties, so a plain opinion scale, often 1-5, is never taken for NPS on a guess.
 */
final class ScoreQuestion {

    /** Enough refs for the operator to pick from without echoing a whole form back. */
    static final int MAX_REFS_NAMED = 10;
    private static final List<String> NUMBER_LIKE = List.of("opinion_scale", "number");

    /** The chosen answer and where it is in {@code form_response.answers}. */
    record Found(int index, Map<String, Object> answer) {}

    /** Either the answer found or what the sender must fix. */
    record Choice(Optional<Found> found, String problem) {}

    private final Optional<String> configuredRef;

    ScoreQuestion(Optional<String> configuredRef) {
        this.configuredRef = configuredRef;
    }

    /** @param answers {@code form_response.answers} as sent, entries that are no object included, so indexes match */
    Choice choose(List<Object> answers, List<Map<String, Object>> definition) {
        var questions = byId(definition);
        if (configuredRef.isPresent()) {
            var ref = configuredRef.get();
            return first(answers, a -> ref.equals(refOf(a, questions)))
                    .map(ScoreQuestion::found)
                    .orElseGet(() -> problem("has no answer to the question with ref '" + ref + "' set in "
                            + Typeform.TYPEFORM_SCORE_FIELD_REF.variable()));
        }
        var nps = first(answers, a -> "nps".equals(fieldOf(a).get("type")));
        if (nps.isPresent()) {
            return found(nps.get());
        }
        var zeroToTen = first(answers, a -> "opinion_scale".equals(fieldOf(a).get("type")) && provesZeroToTen(questions.get(idOf(a))));
        if (zeroToTen.isPresent()) {
            return found(zeroToTen.get());
        }
        if (definition.stream().anyMatch(q -> "nps".equals(q.get("type")))) {
            return problem("has no answer to the form's nps question");
        }
        return problem("has no nps question; set " + Typeform.TYPEFORM_SCORE_FIELD_REF.variable()
                + " to the ref of the 0-10 question (" + numberLike(answers, definition, questions) + ")");
    }

    /** Typeform's opinion scale counts {@code steps} points from 0, or from 1 if {@code start_at_one}. */
    private static boolean provesZeroToTen(Map<String, Object> question) {
        if (question == null || !(question.get("properties") instanceof Map<?, ?> properties)) {
            return false;
        }
        var steps = properties.get("steps");
        return steps instanceof Number n && n.doubleValue() == 11 && !Boolean.TRUE.equals(properties.get("start_at_one"));
    }

    /** The refs of the form's questions that may hold a 0-10 answer, by type; refs are ids, not answers. */
    private static String numberLike(List<Object> answers, List<Map<String, Object>> definition,
            Map<String, Map<String, Object>> questions) {
        var refs = new LinkedHashMap<String, List<String>>();
        var seen = new HashSet<String>();
        definition.forEach(q -> add(refs, seen, q.get("type"), q.get("ref")));
        objects(answers).forEach(a -> add(refs, seen, fieldOf(a).get("type"), refOf(a, questions)));
        if (refs.isEmpty()) {
            return "this form has no opinion_scale or number question";
        }
        var parts = new ArrayList<String>();
        NUMBER_LIKE.stream().filter(refs::containsKey)
                .forEach(type -> parts.add(type + " fields here: " + String.join(", ", refs.get(type))));
        int more = seen.size() - refs.values().stream().mapToInt(List::size).sum();
        return String.join("; ", parts) + (more > 0 ? "; and " + more + " more" : "");
    }

    private static void add(Map<String, List<String>> refs, Set<String> seen, Object type, Object ref) {
        if (!(type instanceof String t) || !NUMBER_LIKE.contains(t) || !(ref instanceof String r) || r.isBlank()
                || r.length() > Payloads.MAX_ID_LENGTH || !seen.add(r)) {
            return;
        }
        if (seen.size() <= MAX_REFS_NAMED) {
            refs.computeIfAbsent(t, k -> new ArrayList<>()).add(r);
        }
    }

    private static Optional<Found> first(List<Object> answers, Predicate<Map<String, Object>> test) {
        for (int i = 0; i < answers.size(); i++) {
            if (answers.get(i) instanceof Map<?, ?> map) {
                @SuppressWarnings("unchecked")
                var answer = (Map<String, Object>) map;
                if (test.test(answer)) {
                    return Optional.of(new Found(i, answer));
                }
            }
        }
        return Optional.empty();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> objects(List<Object> list) {
        return list.stream().filter(Map.class::isInstance).map(a -> (Map<String, Object>) a).toList();
    }

    private static Choice found(Found found) {
        return new Choice(Optional.of(found), null);
    }

    private static Choice problem(String problem) {
        return new Choice(Optional.empty(), problem);
    }

    /** An answer's ref: its own, or, as in older deliveries whose answers name only the id, its question's. */
    static Object refOf(Map<String, Object> answer, Map<String, Map<String, Object>> questions) {
        var field = fieldOf(answer);
        if (field.get("ref") != null) {
            return field.get("ref");
        }
        var question = questions.get(idOf(answer));
        return question == null ? null : question.get("ref");
    }

    static Map<String, Map<String, Object>> byId(List<Map<String, Object>> definition) {
        var questions = new LinkedHashMap<String, Map<String, Object>>();
        definition.forEach(q -> {
            if (q.get("id") instanceof String id) {
                questions.putIfAbsent(id, q);
            }
        });
        return questions;
    }

    private static String idOf(Map<String, Object> answer) {
        return fieldOf(answer).get("id") instanceof String id ? id : null;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> fieldOf(Map<String, Object> answer) {
        return answer.get("field") instanceof Map<?, ?> field ? (Map<String, Object>) field : Map.of();
    }
}

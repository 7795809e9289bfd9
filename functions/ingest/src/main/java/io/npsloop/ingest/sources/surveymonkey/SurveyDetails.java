package io.npsloop.ingest.sources.surveymonkey;

import io.npsloop.ingest.sources.InvalidPayloadException;
import io.npsloop.ingest.sources.JsonBody;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The choices of a survey's questions, from {@code GET /v3/surveys/{survey_id}/details}: what an
 * answer carrying only a {@code choice_id} means. Answers read without {@code simple=true}, and
 * those of choice questions, name the choice and not its text, so the score is the chosen choice's
 * place on the question's 0 to 10 scale.
 */
public record SurveyDetails(Map<String, List<Choice>> choicesByQuestion) {

    /** A choice as the details list it; {@code text}, {@code weight} and {@code position} may each be missing. */
    public record Choice(String id, String text, Integer weight, Integer position) {}

    public SurveyDetails {
        choicesByQuestion = Map.copyOf(choicesByQuestion);
    }

    public static SurveyDetails parse(byte[] body) throws InvalidPayloadException {
        var root = JsonBody.object(body);
        var json = new JsonBody();
        var questions = new LinkedHashMap<String, List<Choice>>();
        for (var page : maps(json.optionalArray(root, "pages", "pages"))) {
            for (var question : maps(json.optionalArray(page, "questions", "pages[].questions"))) {
                var answers = json.optionalObject(question, "answers", "pages[].questions[].answers");
                var choices = new ArrayList<Choice>();
                for (var choice : maps(json.optionalArray(answers, "choices", "pages[].questions[].answers.choices"))) {
                    if (choice.get("id") != null) {
                        choices.add(new Choice(String.valueOf(choice.get("id")),
                                choice.get("text") instanceof String text ? text : null,
                                whole(choice.get("weight")), whole(choice.get("position"))));
                    }
                }
                if (question.get("id") != null && !choices.isEmpty()) {
                    questions.putIfAbsent(String.valueOf(question.get("id")), List.copyOf(choices));
                }
            }
        }
        json.throwIfInvalid();
        return new SurveyDetails(questions);
    }

    public boolean hasChoice(String questionId, String choiceId) {
        return choicesByQuestion.getOrDefault(questionId, List.of()).stream().anyMatch(c -> c.id().equals(choiceId));
    }

    /**
     * The score the choice stands for: the choices' numeric texts if they are 0 to 10, else their
     * weights if those are, else their positions 1 to 11 less one. Anything else is no NPS scale,
     * and a guess would store a wrong score, so it is refused with the reason.
     */
    public Score score(String questionId, String choiceId) {
        var choices = choicesByQuestion.get(questionId);
        if (choices == null) {
            return new Score(null, "the survey's details list no choices for question " + questionId);
        }
        if (choices.size() != 11) {
            return new Score(null, "question " + questionId + " has " + choices.size()
                    + " choices in the survey's details; an NPS question has 11, from 0 to 10");
        }
        var scale = scale(choices, c -> number(c.text()), 0)
                .or(() -> scale(choices, Choice::weight, 0))
                .or(() -> scale(choices, Choice::position, 1));
        if (scale.isEmpty()) {
            return new Score(null, "the choices of question " + questionId
                    + " are not 0 to 10 by text, weight or position in the survey's details");
        }
        var value = scale.get().get(choiceId);
        return value != null ? new Score(value, null)
                : new Score(null, "the chosen choice is not one of question " + questionId + "'s choices in the survey's details");
    }

    /** A score, or why there is none. */
    public record Score(Integer value, String problem) {}

    /** Choice id to score, when every choice's value less {@code first} is a different one of 0 to 10. */
    private static Optional<Map<String, Integer>> scale(List<Choice> choices, Function<Choice, Integer> value, int first) {
        var scores = new LinkedHashMap<String, Integer>();
        var seen = new HashSet<Integer>();
        for (var choice : choices) {
            var v = value.apply(choice);
            if (v == null || v - first < 0 || v - first > 10 || !seen.add(v - first)) {
                return Optional.empty();
            }
            scores.put(choice.id(), v - first);
        }
        return Optional.of(scores);
    }

    private static Integer number(String text) {
        return text != null && text.strip().matches("[0-9]{1,2}") ? Integer.valueOf(text.strip()) : null;
    }

    private static Integer whole(Object value) {
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && Math.abs(n.doubleValue()) < 1_000_000) {
            return n.intValue();
        }
        return value instanceof String text && text.strip().matches("-?[0-9]{1,6}") ? Integer.valueOf(text.strip()) : null;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(List<Object> items) {
        return items.stream().filter(Map.class::isInstance).map(item -> (Map<String, Object>) item).toList();
    }
}

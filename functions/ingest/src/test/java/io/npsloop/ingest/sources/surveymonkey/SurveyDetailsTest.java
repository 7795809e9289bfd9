package io.npsloop.ingest.sources.surveymonkey;

import static org.assertj.core.api.Assertions.assertThat;

import io.npsloop.ingest.Fixtures;
import io.npsloop.ingest.sources.surveymonkey.SurveyDetails.Choice;
import io.npsloop.local.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class SurveyDetailsTest {

    private static final String QUESTION = "319352786";

    private static SurveyDetails of(IntFunction<Choice> choice, int count) {
        var choices = new ArrayList<Choice>();
        for (int i = 0; i < count; i++) {
            choices.add(choice.apply(i));
        }
        return new SurveyDetails(Map.of(QUESTION, List.copyOf(choices)));
    }

    @Test
    void readsTheChoicesOfTheDocumentedSurveyAndScoresByWeightWhenTheTextsAreLabels() throws Exception {
        var details = SurveyDetails.parse(Fixtures.api("surveymonkey-docs-survey-details.json").getBytes(StandardCharsets.UTF_8));

        assertThat(details.choicesByQuestion().get(QUESTION)).hasSize(11)
                .first().isEqualTo(new Choice("3057839042", "Not at all likely", 0, 1));
        assertThat(details.score(QUESTION, "3057839051")).isEqualTo(new SurveyDetails.Score(9, null));
        assertThat(details.score(QUESTION, "3057839042").value()).isZero();
    }

    @Test
    void numericTextsComeFirstThenWeightsThenPositions() {
        // Texts 0..10 win over weights that are a 1..5 scale.
        var byText = of(i -> new Choice("c" + i, String.valueOf(i), i % 5 + 1, 11 - i), 11);
        // Texts are labels: weights 10..0 (reversed) count.
        var byWeight = of(i -> new Choice("c" + i, "", 10 - i, i + 1), 11);
        // Neither: positions 1..11.
        var byPosition = of(i -> new Choice("c" + i, null, 1, i + 1), 11);

        assertThat(byText.score(QUESTION, "c7").value()).isEqualTo(7);
        assertThat(byWeight.score(QUESTION, "c7").value()).isEqualTo(3);
        assertThat(byPosition.score(QUESTION, "c7").value()).isEqualTo(7);
    }

    @Test
    void anythingButElevenChoicesFromZeroToTenIsRefusedNamingTheQuestion() {
        var five = of(i -> new Choice("c" + i, String.valueOf(i + 1), i + 1, i + 1), 5);
        var noScale = of(i -> new Choice("c" + i, "", 1, null), 11);
        var fine = of(i -> new Choice("c" + i, "", i, i + 1), 11);

        assertThat(five.score(QUESTION, "c1").problem())
                .isEqualTo("question 319352786 has 5 choices in the survey's details; an NPS question has 11, from 0 to 10");
        assertThat(noScale.score(QUESTION, "c1").problem())
                .isEqualTo("the choices of question 319352786 are not 0 to 10 by text, weight or position in the survey's details");
        assertThat(fine.score(QUESTION, "c99").problem()).contains("the chosen choice is not one of question 319352786's choices");
        assertThat(fine.score("42", "c1").problem()).contains("no choices for question 42");
    }

    @Test
    void theCacheKeepsAFewSurveysForAnHour() {
        var clock = new MutableClock(Instant.parse("2026-11-22T12:00:00Z"));
        var cache = new SurveyDetailsCache(2, Duration.ofHours(1), clock);
        var details = new SurveyDetails(Map.of());

        cache.put("a", details);
        cache.put("b", details);
        assertThat(cache.get("a")).contains(details);
        cache.put("c", details);

        assertThat(cache.get("b")).as("least recently used, out").isEmpty();
        assertThat(cache.get("a")).isPresent();
        clock.advance(Duration.ofMinutes(61));
        assertThat(cache.get("a")).as("aged out").isEmpty();
        assertThat(cache.size()).isEqualTo(1);
    }
}

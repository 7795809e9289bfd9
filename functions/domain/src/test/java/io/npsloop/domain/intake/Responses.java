package io.npsloop.domain.intake;

import java.math.BigDecimal;
import java.time.Instant;

/** Builds responses for tests. */
public final class Responses {

    public static final Instant SUBMITTED = Instant.parse("2026-11-20T09:30:00Z");

    private Responses() {}

    public static SurveyResponse withScore(int score) {
        return new SurveyResponse(
                new ResponseKey("generic", "r-" + score),
                "s-1",
                new Respondent("c-42", "ana@example.com", "Ana Pérez", "acme", "es", new BigDecimal("12000")),
                new Score(score),
                "Support never called back",
                SUBMITTED);
    }

    public static SurveyResponse anonymousWithScore(int score) {
        return new SurveyResponse(
                new ResponseKey("typeform", "anon-" + score), "s-1", Respondent.anonymous(), new Score(score), null, SUBMITTED);
    }
}

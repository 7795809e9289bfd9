package io.npsloop.domain;

import java.math.BigDecimal;
import java.time.Instant;

/** Builds responses for tests. */
final class Responses {

    static final Instant SUBMITTED = Instant.parse("2026-11-20T09:30:00Z");

    private Responses() {}

    static SurveyResponse withScore(int score) {
        return new SurveyResponse(
                new ResponseKey("generic", "r-" + score),
                "s-1",
                new Respondent("c-42", "ana@example.com", "Ana Pérez", "acme", "es", new BigDecimal("12000")),
                new Score(score),
                "Support never called back",
                SUBMITTED);
    }

    static SurveyResponse anonymousWithScore(int score) {
        return new SurveyResponse(
                new ResponseKey("typeform", "anon-" + score), "s-1", Respondent.anonymous(), new Score(score), null, SUBMITTED);
    }
}

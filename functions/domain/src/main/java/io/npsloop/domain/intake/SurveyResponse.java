package io.npsloop.domain.intake;

import java.time.Instant;
import java.util.Objects;

/** One NPS answer in the shape every survey tool's webhook is translated into. */
public record SurveyResponse(
        ResponseKey key, String surveyId, Respondent respondent, Score score, String comment, Instant submittedAt) {

    public SurveyResponse {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(surveyId, "surveyId");
        Objects.requireNonNull(respondent, "respondent");
        Objects.requireNonNull(score, "score");
        Objects.requireNonNull(submittedAt, "submittedAt");
        comment = comment == null || comment.isBlank() ? null : comment.strip();
    }

    public Category category() {
        return score.category();
    }
}

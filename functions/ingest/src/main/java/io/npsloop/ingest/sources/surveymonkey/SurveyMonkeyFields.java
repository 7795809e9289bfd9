package io.npsloop.ingest.sources.surveymonkey;

import io.npsloop.ingest.sources.QuestionIds;
import java.util.List;

/**
 * Where a SurveyMonkey response carries what the product needs. The NPS question is named by id
 * (its family and subtype, a rating matrix, are shared with other rating questions), as is the
 * optional comment question. Customer data comes from the survey's custom variables, set in the
 * survey link (e.g. {@code ?customer_id=c-123}); email and name also from the email collector's
 * contact metadata.
 */
public record SurveyMonkeyFields(
        List<String> scoreQuestionIds,
        List<String> commentQuestionIds,
        String customerId,
        String email,
        String name,
        String accountId,
        String annualValue,
        String locale) {

    public SurveyMonkeyFields {
        scoreQuestionIds = QuestionIds.of(scoreQuestionIds);
        commentQuestionIds = QuestionIds.of(commentQuestionIds);
    }

    public static final SurveyMonkeyFields DEFAULTS = new SurveyMonkeyFields(
            List.of(), List.of(), "customer_id", "email", "name", "account_id", "annual_value", "locale");

    public SurveyMonkeyFields withQuestions(List<String> scoreQuestionIds, List<String> commentQuestionIds) {
        return new SurveyMonkeyFields(scoreQuestionIds, commentQuestionIds, customerId, email, name, accountId, annualValue, locale);
    }
}

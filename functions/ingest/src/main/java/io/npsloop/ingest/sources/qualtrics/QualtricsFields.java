package io.npsloop.ingest.sources.qualtrics;

import io.npsloop.ingest.sources.QuestionIds;
import java.util.List;

/**
 * Where a Qualtrics response carries what the product needs. The NPS question is the configured
 * QID, else the first question the response reports an NPS group for ({@code QIDn_NPS_GROUP}, which
 * Qualtrics adds to Net Promoter Score questions only). The comment is a configured field such as
 * {@code QID2_TEXT}. Customer data comes from embedded data fields, set in the survey flow; email
 * and name fall back to the contact's {@code RecipientEmail}, {@code RecipientFirstName} and
 * {@code RecipientLastName}, the locale to {@code userLanguage}.
 */
public record QualtricsFields(
        List<String> scoreQuestionIds,
        List<String> commentFields,
        String customerId,
        String email,
        String name,
        String accountId,
        String annualValue,
        String locale) {

    public QualtricsFields {
        scoreQuestionIds = QuestionIds.of(scoreQuestionIds);
        commentFields = QuestionIds.of(commentFields);
    }

    public static final QualtricsFields DEFAULTS = new QualtricsFields(
            List.of(), List.of(), "customer_id", "email", "name", "account_id", "annual_value", "locale");

    public QualtricsFields withQuestions(List<String> scoreQuestionIds, List<String> commentFields) {
        return new QualtricsFields(scoreQuestionIds, commentFields, customerId, email, name, accountId, annualValue, locale);
    }
}

package io.npsloop.ingest.sources.formbricks;

import io.npsloop.ingest.sources.QuestionIds;
import java.util.List;

/**
 * Where a Formbricks response carries what the product needs. Formbricks webhooks name each
 * answer by question id only, without the question's type, so the NPS question cannot be found
 * unless its id is set here (one per survey, or one id reused across surveys). The comment is
 * likewise the first answered comment question id, if any is set. Customer data comes from the
 * contact's attributes, else from hidden fields of the same name; without a name attribute the
 * name is firstName and lastName, without a locale attribute it is the response's language.
 */
public record FormbricksFields(
        List<String> scoreQuestionIds,
        List<String> commentQuestionIds,
        String customerId,
        String email,
        String name,
        String accountId,
        String annualValue,
        String locale) {

    public FormbricksFields {
        scoreQuestionIds = QuestionIds.of(scoreQuestionIds);
        commentQuestionIds = QuestionIds.of(commentQuestionIds);
    }

    public static final FormbricksFields DEFAULTS = new FormbricksFields(
            List.of(), List.of(), "userId", "email", "name", "accountId", "annualValue", "language");

    public FormbricksFields withQuestions(List<String> scoreQuestionIds, List<String> commentQuestionIds) {
        return new FormbricksFields(scoreQuestionIds, commentQuestionIds, customerId, email, name, accountId, annualValue, locale);
    }
}

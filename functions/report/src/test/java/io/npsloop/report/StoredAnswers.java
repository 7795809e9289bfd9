package io.npsloop.report;

import io.npsloop.aws.DynamoDbResponseStore;
import io.npsloop.domain.intake.Respondent;
import io.npsloop.domain.intake.ResponseKey;
import io.npsloop.domain.intake.ResponseRecord;
import io.npsloop.domain.intake.Score;
import io.npsloop.domain.intake.SurveyResponse;
import io.npsloop.domain.intake.ValueTiers;
import io.npsloop.domain.policy.HoldoutAssignment;
import io.npsloop.domain.policy.PolicySettings;
import io.npsloop.domain.policy.RationedPolicy;
import io.npsloop.domain.policy.RespondentHistory;
import io.npsloop.local.LocalAws;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Answers stored as the intake stores them, for erasure tests that need a customer with cases. */
final class StoredAnswers {

    private static final RationedPolicy NO_HOLDOUT =
            new RationedPolicy(PolicySettings.DEFAULTS.withHoldout(HoldoutAssignment.percent(0, "test")));

    private StoredAnswers() {}

    /**
     * A treated answer of {@code customer} ({@code <customer>@example.com}, account {@code acct-1}): a
     * detractor's decision is a recovery, a promoter's a referral. Returns the case id.
     */
    static String store(LocalAws aws, String tableName, String customer, String responseId, int score) {
        var now = Instant.now();
        var response = new SurveyResponse(new ResponseKey("generic", responseId), "q4",
                new Respondent(customer, customer + "@example.com", "Name " + customer, "acct-1", "en", new BigDecimal("25000")),
                new Score(score), "Billed twice", now.minusSeconds(60));
        var store = new DynamoDbResponseStore(aws.dynamoDb(), tableName, Duration.ofDays(30), Clock.systemUTC());
        // Decided as a first answer, stored on whatever the customer's state holds.
        store.store(new ResponseRecord(response, ValueTiers.DEFAULT.tierOf(response.respondent().annualValue()),
                NO_HOLDOUT.decide(response, RespondentHistory.NONE, now), now), store.history(customer, "acct-1"));
        return response.key().value();
    }
}

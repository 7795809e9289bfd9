package io.npsloop.cases;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.npsloop.aws.AwsClients;
import io.npsloop.config.Settings;
import io.npsloop.config.SharedSettings;
import io.npsloop.domain.policy.Action;
import io.npsloop.observe.Log;
import java.time.Clock;
import java.util.Map;

/**
 * Runs on a schedule: every case still open past its due time is marked for escalation once;
 * the dispatch function then publishes an {@code escalation} action from the table's stream.
 */
public final class EscalationFunction implements RequestHandler<ScheduledEvent, Map<String, Integer>> {

    /** Per run and action; the next run picks up the rest. */
    static final int BATCH = 200;

    private final DynamoDbCases cases;
    private final Clock clock;

    public EscalationFunction() {
        this(Settings.fromEnvironment(), Clock.systemUTC());
    }

    public EscalationFunction(Settings settings, Clock clock) {
        this.cases = new DynamoDbCases(new AwsClients(settings).dynamoDb(), settings.required(SharedSettings.TABLE_NAME));
        this.clock = clock;
    }

    @Override
    public Map<String, Integer> handleRequest(ScheduledEvent event, Context context) {
        var now = clock.instant();
        var log = new Log(context.getLogger()::log, "escalation", context.getAwsRequestId(), clock);
        int overdue = 0;
        int escalated = 0;
        for (var action : Action.values()) {
            for (var followUpCase : cases.open(action, now, BATCH)) {
                if (followUpCase.escalatedAt() != null) {
                    continue;
                }
                overdue++;
                if (cases.markForEscalation(followUpCase.record().key(), now)) {
                    escalated++;
                    log.info("escalated", followUpCase.record().key().value(), "action", action.wireName());
                }
            }
        }
        log.info("escalation run", null, "overdue", overdue, "escalated", escalated);
        log.metric("OverdueCases", overdue, null);
        return Map.of("overdue", overdue, "escalated", escalated);
    }
}

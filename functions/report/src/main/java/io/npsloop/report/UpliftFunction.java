package io.npsloop.report;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.npsloop.aws.AwsClients;
import io.npsloop.aws.DynamoDbUplifts;
import io.npsloop.aws.Primed;
import io.npsloop.aws.Priming;
import io.npsloop.config.Settings;
import io.npsloop.config.SharedSettings;
import io.npsloop.domain.policy.Action;
import io.npsloop.domain.roi.TierUplift;
import io.npsloop.domain.roi.UpliftChange;
import io.npsloop.domain.roi.UpliftEstimator;
import io.npsloop.observe.Log;
import io.npsloop.table.UpliftItem;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * On a schedule (hourly), never on the webhook's path: estimates each action × value tier's uplift
 * from the tiers' segment counters of the last {@link #EVIDENCE_DAYS} days (the report's read
 * path: a few items per day, however many responses) and writes them as one item, with the
 * history of tiers that crossed their cost. The ingest function reads that item when
 * {@code UPLIFT_SOURCE=measured}.
 */
public final class UpliftFunction implements RequestHandler<ScheduledEvent, Map<String, Object>>, Primed {

    /** The cohorts the estimate reads: a year of them, the most one report reads. */
    static final int EVIDENCE_DAYS = 365;

    private final DynamoDbCounters counters;
    private final DynamoDbUplifts uplifts;
    private final Map<Action, BigDecimal> priors;
    private final Map<Action, BigDecimal> costs;
    private final UpliftEstimator estimator;
    private final Clock clock;
    private final Priming priming;

    public UpliftFunction() {
        this(Settings.fromEnvironment());
    }

    public UpliftFunction(Settings settings) {
        this(settings, new AwsClients(settings).dynamoDb(), Clock.systemUTC());
    }

    /** The production wiring over a given client and clock. */
    public UpliftFunction(Settings settings, software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamoDb, Clock clock) {
        var table = settings.required(SharedSettings.TABLE_NAME);
        this.counters = new DynamoDbCounters(dynamoDb, table, 1, clock);
        this.uplifts = new DynamoDbUplifts(dynamoDb, table);
        this.priors = Map.of(Action.RECOVERY, settings.amount(SharedSettings.RECOVERY_UPLIFT),
                Action.REFERRAL, settings.amount(SharedSettings.REFERRAL_UPLIFT), Action.NURTURE, settings.amount(SharedSettings.NURTURE_UPLIFT));
        this.costs = Map.of(Action.RECOVERY, settings.amount(SharedSettings.RECOVERY_COST),
                Action.REFERRAL, settings.amount(SharedSettings.REFERRAL_COST), Action.NURTURE, settings.amount(SharedSettings.NURTURE_COST));
        this.estimator = estimator(settings);
        this.clock = Objects.requireNonNull(clock, "clock");
        // Estimating writes the item, so only the read and the arithmetic on nothing are primed.
        this.priming = new Priming("uplift", clock)
                .step("table", Priming.absentItem(dynamoDb, table))
                .step("estimate", () -> TierUplift.of(Map.of(), priors, costs, estimator));
        registerPriming();
    }

    static UpliftEstimator estimator(Settings settings) {
        double quantile = Double.parseDouble(settings.string(ReportSettings.UPLIFT_QUANTILE));
        if (!(quantile > 0 && quantile < 1)) {
            throw new IllegalStateException(ReportSettings.UPLIFT_QUANTILE.variable() + " must be above 0 and below 1, was " + quantile);
        }
        return new UpliftEstimator(settings.positiveInt(ReportSettings.UPLIFT_PRIOR_STRENGTH), quantile);
    }

    @Override
    public Priming priming() {
        return priming;
    }

    /** Estimates from the counters and replaces the item; what it wrote. */
    UpliftItem.Stored estimate() {
        var now = clock.instant();
        var today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        var reading = counters.readSegments(today.minusDays(EVIDENCE_DAYS - 1), today);
        var estimates = TierUplift.of(reading.segments(), priors, costs, estimator);
        var history = uplifts.read().map(UpliftItem.Stored::changes).orElse(List.of());
        var stored = new UpliftItem.Stored(now, estimates, UpliftChange.next(history, estimates, now));
        uplifts.write(stored);
        return stored;
    }

    @Override
    public Map<String, Object> handleRequest(ScheduledEvent event, Context context) {
        var log = new Log(context.getLogger()::log, "uplift", context.getAwsRequestId(), Clock.systemUTC());
        var stored = estimate();
        long measured = stored.estimates().stream().filter(TierUplift::measured).count();
        long notContacted = stored.estimates().stream().filter(u -> Boolean.FALSE.equals(u.contacted())).count();
        log.info("uplift estimated", context.getAwsRequestId(), "estimates", measured, "belowCost", notContacted);
        return Map.of("computedAt", stored.computedAt().toString(), "estimates", measured, "belowCost", notContacted);
    }
}

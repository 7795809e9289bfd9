package io.npsloop.domain.policy;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;

/**
 * The knobs of the follow-up policy. Effort is rationed: an action is taken only where the value
 * it is expected to save exceeds what it costs.
 *
 * @param recoveryUplift the share of a detractor's annual value a recovery is expected to save
 *     (the drop in their chance of leaving, e.g. 0.05)
 * @param referralUplift the share of a promoter's annual value a referral ask is expected to bring
 * @param recoveryCost what one recovery costs (people's time), in the same currency as annual value
 * @param referralCost what one referral ask costs
 * @param cooldown no second follow-up of the same action to the same customer within this time
 * @param referralLookback no referral ask if the customer answered as a detractor within this time
 * @param contactUnknownValue whether a customer whose value the survey tool did not send is contacted
 * @param nurture whether, and on what terms, passives get a nurture follow-up
 * @param learning where the uplift comes from, and how a measured one keeps being measured
 */
public record PolicySettings(
        Duration recoverySla,
        Duration referralSla,
        HoldoutAssignment holdout,
        BigDecimal recoveryUplift,
        BigDecimal recoveryCost,
        BigDecimal referralUplift,
        BigDecimal referralCost,
        Duration cooldown,
        Duration referralLookback,
        boolean contactUnknownValue,
        Nurture nurture,
        Learning learning) {

    /**
     * Rationing on measured uplift ({@link UpliftSource#MEASURED}) could stop contacting a tier and
     * so stop measuring it: a tier whose measured uplift is below cost, but whose configured uplift
     * was above it, keeps {@code explorationBasisPoints} of its units in the treated arm, and every
     * segment keeps at least {@code holdoutFloorBasisPoints} of its units in the holdout.
     *
     * @param explorationBasisPoints share, in hundredths of a percent, of such units still treated
     * @param holdoutFloorBasisPoints the least holdout share of any segment while uplift is measured
     */
    public record Learning(UpliftSource source, int explorationBasisPoints, int holdoutFloorBasisPoints) {
        public static final Learning CONFIGURED = new Learning(UpliftSource.CONFIGURED, 1000, 1000);

        public Learning {
            Objects.requireNonNull(source, "source");
            if (explorationBasisPoints < 0 || explorationBasisPoints > HoldoutAssignment.ALL) {
                throw new IllegalArgumentException("exploration share must be between 0% and 100%");
            }
            if (holdoutFloorBasisPoints < 0 || holdoutFloorBasisPoints > HoldoutAssignment.ALL) {
                throw new IllegalArgumentException("holdout floor must be between 0% and 100%");
            }
        }

        public boolean measured() {
            return source == UpliftSource.MEASURED;
        }
    }

    /** Settings with the configured uplifts. */
    public PolicySettings(Duration recoverySla, Duration referralSla, HoldoutAssignment holdout, BigDecimal recoveryUplift,
                          BigDecimal recoveryCost, BigDecimal referralUplift, BigDecimal referralCost, Duration cooldown,
                          Duration referralLookback, boolean contactUnknownValue, Nurture nurture) {
        this(recoverySla, referralSla, holdout, recoveryUplift, recoveryCost, referralUplift, referralCost, cooldown,
                referralLookback, contactUnknownValue, nurture, Learning.CONFIGURED);
    }

    /** Passives get no action unless this is enabled; then it is rationed like the others. */
    public record Nurture(boolean enabled, Duration sla, BigDecimal uplift, BigDecimal cost) {
        public static final Nurture OFF = new Nurture(false, Duration.ofDays(7), new BigDecimal("0.01"), new BigDecimal("5"));

        public Nurture {
            requirePositive(sla, "nurture SLA");
            requireShare(uplift, "nurture uplift");
            requireNotNegative(cost, "nurture cost");
        }
    }

    /** Settings without nurture of passives. */
    public PolicySettings(Duration recoverySla, Duration referralSla, HoldoutAssignment holdout, BigDecimal recoveryUplift,
                          BigDecimal recoveryCost, BigDecimal referralUplift, BigDecimal referralCost, Duration cooldown,
                          Duration referralLookback, boolean contactUnknownValue) {
        this(recoverySla, referralSla, holdout, recoveryUplift, recoveryCost, referralUplift, referralCost, cooldown,
                referralLookback, contactUnknownValue, Nurture.OFF);
    }

    public static final PolicySettings DEFAULTS = new PolicySettings(
            Duration.ofHours(24),
            Duration.ofHours(72),
            HoldoutAssignment.percent(10, "nps-loop"),
            new BigDecimal("0.05"),
            new BigDecimal("25"),
            new BigDecimal("0.02"),
            new BigDecimal("10"),
            Duration.ofDays(30),
            Duration.ofDays(90),
            true);

    public PolicySettings {
        Objects.requireNonNull(holdout, "holdout");
        Objects.requireNonNull(nurture, "nurture");
        Objects.requireNonNull(learning, "learning");
        requirePositive(recoverySla, "recovery SLA");
        requirePositive(referralSla, "referral SLA");
        requireNotNegative(cooldown, "cooldown");
        requireNotNegative(referralLookback, "referral lookback");
        requireShare(recoveryUplift, "recovery uplift");
        requireShare(referralUplift, "referral uplift");
        requireNotNegative(recoveryCost, "recovery cost");
        requireNotNegative(referralCost, "referral cost");
    }

    public PolicySettings withHoldout(HoldoutAssignment other) {
        return new PolicySettings(recoverySla, referralSla, other, recoveryUplift, recoveryCost, referralUplift,
                referralCost, cooldown, referralLookback, contactUnknownValue, nurture, learning);
    }

    public PolicySettings withLearning(Learning other) {
        return new PolicySettings(recoverySla, referralSla, holdout, recoveryUplift, recoveryCost, referralUplift,
                referralCost, cooldown, referralLookback, contactUnknownValue, nurture, other);
    }

    /**
     * The holdout each segment gets: the configured share, raised to the floor while uplift is
     * measured, since the measured uplift is only as good as the holdout it is measured against.
     */
    public HoldoutAssignment segmentHoldout() {
        return learning.measured() && holdout.basisPoints() < learning.holdoutFloorBasisPoints()
                ? new HoldoutAssignment(learning.holdoutFloorBasisPoints(), holdout.salt()) : holdout;
    }

    public Duration sla(Action action) {
        return switch (action) {
            case RECOVERY -> recoverySla;
            case REFERRAL -> referralSla;
            case NURTURE -> nurture.sla();
        };
    }

    public BigDecimal uplift(Action action) {
        return switch (action) {
            case RECOVERY -> recoveryUplift;
            case REFERRAL -> referralUplift;
            case NURTURE -> nurture.uplift();
        };
    }

    public BigDecimal cost(Action action) {
        return switch (action) {
            case RECOVERY -> recoveryCost;
            case REFERRAL -> referralCost;
            case NURTURE -> nurture.cost();
        };
    }

    private static void requirePositive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }

    private static void requireNotNegative(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative");
        }
    }

    private static void requireNotNegative(BigDecimal value, String name) {
        Objects.requireNonNull(value, name);
        if (value.signum() < 0) {
            throw new IllegalArgumentException(name + " must not be negative");
        }
    }

    private static void requireShare(BigDecimal value, String name) {
        requireNotNegative(value, name);
        if (value.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException(name + " is a share of annual value and must be at most 1");
        }
    }
}

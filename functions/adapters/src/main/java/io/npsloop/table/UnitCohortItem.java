package io.npsloop.table;

import io.npsloop.domain.policy.Action;
import io.npsloop.domain.policy.Arm;
import io.npsloop.domain.policy.UnitCohort;
import io.npsloop.domain.roi.CohortCount;
import io.npsloop.domain.roi.CohortSegments;
import io.npsloop.domain.roi.ContactDelay;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A unit cohort, {@code COHORT#<id>} / {@code COHORT}: one account (or customer without one) in
 * one arm of one action's experiment, counted on the day it started. It names no one: members are
 * opaque tokens, which only the customers' own state items link to them, so erasing a customer's
 * state leaves the cohort's counts anonymous. The counters function counts it from the stream.
 * The unit's state item ({@link AccountItem}, or {@link CustomerItem} without an account) names its
 * latest cohort per action; a customer's state names the cohort they were last counted in.
 */
public final class UnitCohortItem {

    static final String PREFIX = "COHORT#";
    static final String SORT_KEY = "COHORT";
    public static final String TYPE_NAME = "unit-cohort";

    public static final String ACTION = "action";
    public static final String ARM = "arm";
    public static final String STARTED_AT = "startedAt";
    /** Tokens of the customers counted in it. */
    public static final String MEMBERS = "members";
    /** The sum of members' annual values, as cohorts written before {@link #VALUE_PREFIX} kept it. */
    public static final String MEMBER_VALUE = "memberValue";
    /**
     * A member's annual value, {@code v_<token>}: set once per member, so writing a member again
     * (a retried delivery) changes nothing, where adding to one sum would count the value twice.
     */
    public static final String VALUE_PREFIX = "v_";
    /** Tokens of members who left or renewed. */
    public static final String CHURNED = "churned";
    public static final String RENEWED = "renewed";
    /** Set by an account's own outcome: every member counts as having left, or renewed. */
    public static final String UNIT_CHURNED_AT = "unitChurnedAt";
    public static final String UNIT_RENEWED_AT = "unitRenewedAt";
    public static final String CONCESSIONS = "concessions";
    public static final String LEADS = "leads";
    public static final String CONVERSIONS = "conversions";
    public static final String CONVERTED_VALUE = "convertedValue";
    /** Tokens of members a person was asked to follow up: a segment's cost. */
    public static final String CONTACTED = "contacted";
    /**
     * The cohort's segments, set by whoever creates the item and never changed after, so each
     * change of the cohort moves the same segments' counters (absent on cohorts stored before them).
     */
    public static final String SEGMENT_TIER = "segTier";
    public static final String SEGMENT_SOURCE = "segSource";
    public static final String SEGMENT_SURVEY = "segSurvey";
    /** A treated cohort's playbook variant, where its action has variants. */
    public static final String SEGMENT_VARIANT = "segVariant";
    /**
     * On a treated recovery cohort: how long its first case took to record contact, a
     * {@link ContactDelay} word, set once by the cases function when a case of it first does; until then
     * a cohort with a case counts as never contacted.
     */
    public static final String SEGMENT_CONTACT = "segContact";

    private UnitCohortItem() {}

    public static Map<String, AttributeValue> key(String cohortId) {
        return Table.key(PREFIX + cohortId, SORT_KEY);
    }

    /** On a unit's state item: its latest cohort for {@code action}, {@code <id>|<arm>|<startedAt>}. */
    public static String unitAttribute(Action action) {
        return "unitCohort_" + action.wireName();
    }

    /** On a customer's state item: the cohort they were last counted in, {@code <id>|<arm>|<startedAt>|<token>|<joinedAt>}. */
    public static String membershipAttribute(Action action) {
        return "member_" + action.wireName();
    }

    public static String valueAttribute(String token) {
        return VALUE_PREFIX + token;
    }

    public static String unitValue(UnitCohort cohort) {
        return cohort.id() + "|" + cohort.arm().wireName() + "|" + cohort.startedAt();
    }

    public static String membershipValue(UnitCohort.Membership membership) {
        return unitValue(membership.cohort()) + "|" + membership.token() + "|" + membership.joinedAt();
    }

    public static Optional<UnitCohort> unitCohort(Map<String, AttributeValue> state, Action action) {
        var value = Table.str(state, unitAttribute(action));
        if (value == null) {
            return Optional.empty();
        }
        var parts = value.split("\\|", -1);
        return Optional.of(new UnitCohort(parts[0], action, Arm.fromWireName(parts[1]), Instant.parse(parts[2])));
    }

    public static Optional<UnitCohort.Membership> membership(Map<String, AttributeValue> state, Action action) {
        var value = Table.str(state, membershipAttribute(action));
        return value == null ? Optional.empty() : Optional.of(membership(value, action));
    }

    /** A {@link #membershipValue} read back. */
    public static UnitCohort.Membership membership(String value, Action action) {
        var parts = value.split("\\|", -1);
        var cohort = new UnitCohort(parts[0], action, Arm.fromWireName(parts[1]), Instant.parse(parts[2]));
        return new UnitCohort.Membership(cohort, parts[3], Instant.parse(parts[4]));
    }

    /** Sets a cohort's {@link #SEGMENT_CONTACT} if the cohort exists and has none yet. */
    public static software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest timeFirstContact(String tableName, String cohortId,
                                                                                                   ContactDelay delay) {
        return software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest.builder()
                .tableName(tableName)
                .key(key(cohortId))
                .updateExpression("SET #contact = :contact")
                .conditionExpression("attribute_exists(" + Table.PK + ") AND attribute_not_exists(#contact)")
                .expressionAttributeNames(Map.of("#contact", SEGMENT_CONTACT))
                .expressionAttributeValues(Map.of(":contact", AttributeValue.fromS(delay.wireName())))
                .build();
    }

    /** What a stored cohort counts. */
    public static CohortCount count(Map<String, AttributeValue> item) {
        var action = Action.fromWireName(Table.str(item, ACTION));
        var startedAt = Instant.parse(Table.str(item, STARTED_AT));
        long members = size(item, MEMBERS);
        return new CohortCount(action, Arm.fromWireName(Table.str(item, ARM)), startedAt.atZone(java.time.ZoneOffset.UTC).toLocalDate(),
                members, memberValue(item),
                item.containsKey(UNIT_CHURNED_AT) ? members : size(item, CHURNED),
                item.containsKey(UNIT_RENEWED_AT) ? members : size(item, RENEWED),
                number(item, CONCESSIONS), number(item, LEADS).longValueExact(), number(item, CONVERSIONS).longValueExact(),
                number(item, CONVERTED_VALUE), size(item, CONTACTED));
    }

    /** The segments a stored cohort counts in. */
    public static CohortSegments segments(Map<String, AttributeValue> item) {
        var tier = Table.str(item, SEGMENT_TIER);
        var segments = tier == null ? CohortSegments.UNRECORDED
                : new CohortSegments(tier, Table.str(item, SEGMENT_SOURCE), Table.str(item, SEGMENT_SURVEY));
        segments = segments.withVariant(Table.str(item, SEGMENT_VARIANT));
        boolean withCase = Action.RECOVERY.wireName().equals(Table.str(item, ACTION)) && Arm.TREATMENT.wireName().equals(Table.str(item, ARM))
                && size(item, CONTACTED) > 0;
        if (!withCase) {
            return segments;
        }
        var contact = Table.str(item, SEGMENT_CONTACT);
        return segments.withContact(contact == null ? ContactDelay.NEVER : ContactDelay.fromWireName(contact));
    }

    private static BigDecimal memberValue(Map<String, AttributeValue> item) {
        var sum = number(item, MEMBER_VALUE);
        for (var entry : item.entrySet()) {
            if (entry.getKey().startsWith(VALUE_PREFIX) && entry.getValue().n() != null) {
                sum = sum.add(new BigDecimal(entry.getValue().n()));
            }
        }
        return sum;
    }

    private static long size(Map<String, AttributeValue> item, String name) {
        var value = item.get(name);
        return value == null || !value.hasSs() ? 0 : value.ss().size();
    }

    private static BigDecimal number(Map<String, AttributeValue> item, String name) {
        var value = item.get(name);
        return value == null || value.n() == null ? BigDecimal.ZERO : new BigDecimal(value.n());
    }
}

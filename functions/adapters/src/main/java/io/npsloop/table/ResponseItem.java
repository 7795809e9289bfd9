package io.npsloop.table;

import io.npsloop.domain.cases.CaseStatus;
import io.npsloop.domain.intake.Respondent;
import io.npsloop.domain.intake.ResponseKey;
import io.npsloop.domain.intake.ResponseRecord;
import io.npsloop.domain.intake.Score;
import io.npsloop.domain.intake.SurveyResponse;
import io.npsloop.domain.intake.ValueTier;
import io.npsloop.domain.policy.Action;
import io.npsloop.domain.policy.Arm;
import io.npsloop.domain.policy.FollowUpDecision;
import io.npsloop.domain.policy.UpliftSource;
import io.npsloop.domain.policy.UpliftUsed;
import io.npsloop.domain.policy.FollowUpStatus;
import io.npsloop.domain.policy.RespondentHistory;
import io.npsloop.domain.policy.UnitCohort;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A response with its follow-up decision and, once contacted, its case:
 * {@code RESPONSE#<source>#<responseId>} / {@code RESPONSE}. A case that still needs someone is in
 * the open-cases index through {@link #OPEN_CASE} and {@link #FOLLOW_UP_DUE_AT}.
 */
public final class ResponseItem {

    static final String PREFIX = "RESPONSE#";
    static final String SORT_KEY = "RESPONSE";
    public static final String TYPE_NAME = "response";

    public static final String SOURCE = "source";
    public static final String RESPONSE_ID = "responseId";
    public static final String SURVEY_ID = "surveyId";
    public static final String CUSTOMER_ID = "customerId";
    public static final String EMAIL = "email";
    public static final String NAME = "name";
    /** With {@link #SUBMITTED_AT}, the key of the responses-by-account index. */
    public static final String ACCOUNT_ID = Table.ACCOUNT_ID;
    public static final String LOCALE = "locale";
    public static final String ANNUAL_VALUE = "annualValue";
    public static final String SCORE = "score";
    public static final String CATEGORY = "category";
    public static final String COMMENT = "comment";
    public static final String SUBMITTED_AT = Table.SUBMITTED_AT;
    public static final String RECEIVED_AT = "receivedAt";
    /** In a state's recent decision: the unit cohort place the response gave, for a retry to write again. */
    static final String DECIDED_MEMBERSHIP = "member";
    public static final String VALUE_TIER = "valueTier";
    /** A {@link FollowUpStatus} word. */
    public static final String FOLLOW_UP_STATUS = "followUpStatus";
    public static final String FOLLOW_UP_ACTION = "followUpAction";
    public static final String FOLLOW_UP_REASON = "followUpReason";
    public static final String FOLLOW_UP_DUE_AT = Table.OPEN_CASES_SORT_KEY;
    public static final String FOLLOW_UP_SENT_AT = "followUpSentAt";
    public static final String FOLLOW_UP_MESSAGE_ID = "followUpMessageId";
    public static final String ARM = "arm";
    /** The uplift the decision weighed its action's worth with, where it considered one: the share, its origin and the estimate's time. */
    public static final String FOLLOW_UP_UPLIFT = "followUpUplift";
    public static final String FOLLOW_UP_UPLIFT_ORIGIN = "followUpUpliftOrigin";
    public static final String FOLLOW_UP_UPLIFT_ESTIMATED_AT = "followUpUpliftEstimatedAt";
    /** A treated decision's playbook variant, where its action has variants. */
    public static final String VARIANT = "variant";
    /**
     * On a treated recovery case: the unit cohort it counts in, so its first contact can be timed on
     * the cohort ({@link UnitCohortItem#SEGMENT_CONTACT}). Opaque, like the cohort.
     */
    public static final String COHORT_ID = "cohort";
    /** On a response that joined a case: that case's id. */
    public static final String JOINED_CASE_ID = "joinedCase";
    /** Present, holding the action, only while the case needs someone: the key of the open-cases index. */
    public static final String OPEN_CASE = Table.OPEN_CASES_PARTITION_KEY;
    /** While the case needs someone, its owner, tier and source: the keys of the desk's filter indexes; see {@link DeskCountsItem}. */
    public static final String OPEN_OWNER = Table.OPEN_OWNER;
    public static final String OPEN_TIER = Table.OPEN_TIER;
    public static final String OPEN_SOURCE = Table.OPEN_SOURCE;
    /** Who owns the case ({@link io.npsloop.domain.cases.CaseOwner} word) and its team, kept after it closes. */
    public static final String CASE_OWNER = "caseOwner";
    public static final String CASE_TEAM = "caseTeam";
    /** The people a promoter referred on this case: name and contact each. */
    public static final String CASE_REFERRALS = "caseReferrals";
    /**
     * Once a step first handles the case (contacts it, or gives it up without contact): when, by
     * whom, in which team and whether by its due time. The stream counts it in {@link DeskSlaItem}.
     */
    public static final String CASE_HANDLED = "caseHandled";
    public static final String HANDLED_AT = "at";
    public static final String HANDLED_BY = "by";
    public static final String HANDLED_TEAM = "team";
    public static final String HANDLED_IN_SLA = "inSla";
    /** A {@link CaseStatus} word. */
    public static final String CASE_STATUS = "caseStatus";
    /** When the case's last step happened; set by every step, so the stream tells case changes by it. */
    public static final String CASE_UPDATED_AT = "caseUpdatedAt";
    public static final String CASE_EVENTS = "caseEvents";
    /** In each entry of {@link #CASE_EVENTS}: a {@link io.npsloop.domain.cases.CaseEvent.Type} word, and when. */
    public static final String CASE_EVENT_TYPE = "type";
    public static final String CASE_EVENT_AT = "at";
    /** On an account's open case: the detractors of the account who joined it. */
    public static final String ACCOUNT_DETRACTORS = "accountDetractors";
    /** An {@link io.npsloop.domain.cases.EscalationStatus} word, once an overdue case is marked for escalation. */
    public static final String ESCALATION_STATUS = "escalationStatus";
    public static final String ESCALATED_AT = "escalatedAt";

    /** The {@code followUpAction} of a response no follow-up was considered for. */
    public static final String NO_ACTION = "none";

    /** Attributes a response item has only when the response carries them. */
    public static final List<String> OPTIONAL_ATTRIBUTES = List.of(
            CUSTOMER_ID, EMAIL, NAME, ACCOUNT_ID, ANNUAL_VALUE, COMMENT, ARM, VARIANT, FOLLOW_UP_DUE_AT, CASE_STATUS, OPEN_CASE, JOINED_CASE_ID,
            OPEN_OWNER, OPEN_TIER, OPEN_SOURCE);

    private ResponseItem() {}

    public static Map<String, AttributeValue> key(ResponseKey key) {
        return Table.key(PREFIX + key.source() + "#" + key.responseId(), SORT_KEY);
    }

    /** The response key a stored item's primary key stands for. */
    public static ResponseKey keyOf(Map<String, AttributeValue> primaryKey) {
        var pk = Table.pk(primaryKey);
        int split = pk == null || !pk.startsWith(PREFIX) ? -1 : pk.indexOf('#', PREFIX.length());
        if (split < 0) {
            throw new IllegalArgumentException("not a response item key");
        }
        return new ResponseKey(pk.substring(PREFIX.length(), split), pk.substring(split + 1));
    }

    public static Map<String, AttributeValue> toItem(ResponseRecord record, Duration retention) {
        var response = record.response();
        var respondent = response.respondent();
        var item = new HashMap<>(key(record.key()));
        item.put(Table.TYPE, s(TYPE_NAME));
        item.put(SOURCE, s(record.key().source()));
        item.put(RESPONSE_ID, s(record.key().responseId()));
        item.put(SURVEY_ID, s(response.surveyId()));
        putIfPresent(item, CUSTOMER_ID, respondent.id());
        putIfPresent(item, EMAIL, respondent.email());
        putIfPresent(item, NAME, respondent.name());
        putIfPresent(item, ACCOUNT_ID, respondent.accountId());
        item.put(LOCALE, s(respondent.locale()));
        if (respondent.annualValue() != null) {
            item.put(ANNUAL_VALUE, n(respondent.annualValue().toPlainString()));
        }
        item.put(SCORE, n(Integer.toString(response.score().value())));
        item.put(CATEGORY, s(record.category().wireName()));
        putIfPresent(item, COMMENT, response.comment());
        item.put(SUBMITTED_AT, s(response.submittedAt().toString()));
        item.put(RECEIVED_AT, s(record.receivedAt().toString()));
        item.put(VALUE_TIER, s(record.valueTier().wireName()));
        putDecision(item, record.decision());
        if (record.uplift() != null) {
            item.put(FOLLOW_UP_UPLIFT, n(record.uplift().uplift().toPlainString()));
            item.put(FOLLOW_UP_UPLIFT_ORIGIN, s(record.uplift().origin().wireName()));
            if (record.uplift().estimatedAt() != null) {
                item.put(FOLLOW_UP_UPLIFT_ESTIMATED_AT, s(record.uplift().estimatedAt().toString()));
            }
        }
        var decision = record.decision();
        if (decision instanceof FollowUpDecision.Contact contact) {
            item.put(CASE_STATUS, s(CaseStatus.OPEN.wireName()));
            item.put(OPEN_CASE, s(contact.action().wireName()));
            item.put(OPEN_OWNER, s(io.npsloop.domain.cases.CaseOwner.UNASSIGNED.wireName()));
            item.put(OPEN_TIER, s(record.valueTier().wireName()));
            item.put(OPEN_SOURCE, s(record.key().source()));
        }
        item.put(Table.EXPIRES_AT, n(Long.toString(record.receivedAt().plus(retention).getEpochSecond())));
        return item;
    }

    /** The attributes that record a decision, on a response item and in a state's recent decisions. */
    private static void putDecision(Map<String, AttributeValue> item, FollowUpDecision decision) {
        item.put(FOLLOW_UP_REASON, s(decision.reason()));
        item.put(FOLLOW_UP_ACTION, s(decision.consideredAction().map(Action::wireName).orElse(NO_ACTION)));
        item.put(FOLLOW_UP_STATUS, s(FollowUpStatus.of(decision).wireName()));
        decision.arm().ifPresent(arm -> item.put(ARM, s(arm.wireName())));
        decision.variant().ifPresent(variant -> item.put(VARIANT, s(variant)));
        if (decision instanceof FollowUpDecision.JoinedCase joined) {
            item.put(JOINED_CASE_ID, s(joined.caseId()));
        }
        if (decision instanceof FollowUpDecision.Contact contact) {
            item.put(FOLLOW_UP_DUE_AT, s(contact.dueAt().toString()));
        }
    }

    private static FollowUpDecision decision(Map<String, AttributeValue> item) {
        var action = Table.str(item, FOLLOW_UP_ACTION);
        var reason = Table.str(item, FOLLOW_UP_REASON);
        var status = Table.str(item, FOLLOW_UP_STATUS);
        if (action == null || NO_ACTION.equals(action)) {
            return new FollowUpDecision.NoFollowUp(reason);
        }
        if (FollowUpStatus.HOLDOUT.wireName().equals(status)) {
            return new FollowUpDecision.Holdout(Action.fromWireName(action), reason);
        }
        // Stored before every decision worth its cost had an arm, these have none.
        var arm = Table.str(item, ARM) == null ? null : Arm.fromWireName(Table.str(item, ARM));
        var variant = Table.str(item, VARIANT);
        if (FollowUpStatus.NOT_CONTACTED.wireName().equals(status)) {
            return new FollowUpDecision.NotContacted(Action.fromWireName(action), arm, reason, variant);
        }
        if (FollowUpStatus.JOINED_CASE.wireName().equals(status)) {
            return new FollowUpDecision.JoinedCase(Table.str(item, JOINED_CASE_ID), arm, reason, variant);
        }
        return new FollowUpDecision.Contact(Action.fromWireName(action), Instant.parse(Table.str(item, FOLLOW_UP_DUE_AT)), reason, variant);
    }

    /**
     * A decision with its response's arrival and the unit cohort place it gave (or null), as a
     * state item keeps it among its recent decisions.
     */
    public static AttributeValue decidedEntry(FollowUpDecision decision, Instant receivedAt, UnitCohort.Membership membership) {
        var entry = new HashMap<String, AttributeValue>();
        putDecision(entry, decision);
        entry.put(RECEIVED_AT, s(receivedAt.toString()));
        if (membership != null) {
            entry.put(DECIDED_MEMBERSHIP, s(UnitCohortItem.membershipValue(membership)));
        }
        return AttributeValue.fromM(entry);
    }

    public static RespondentHistory.DecidedAnswer decidedAnswer(Map<String, AttributeValue> entry) {
        var decision = decision(entry);
        var membership = Table.str(entry, DECIDED_MEMBERSHIP);
        return new RespondentHistory.DecidedAnswer(decision, Instant.parse(Table.str(entry, RECEIVED_AT)),
                membership == null ? null : UnitCohortItem.membership(membership, decision.consideredAction().orElseThrow()));
    }

    /** Reads a stored response item back, e.g. from a stream image. */
    public static ResponseRecord fromItem(Map<String, AttributeValue> item) {
        var key = new ResponseKey(Table.str(item, SOURCE), Table.str(item, RESPONSE_ID));
        var annualValue = item.containsKey(ANNUAL_VALUE) ? new BigDecimal(item.get(ANNUAL_VALUE).n()) : null;
        var respondent = new Respondent(
                Table.str(item, CUSTOMER_ID), Table.str(item, EMAIL), Table.str(item, NAME), Table.str(item, ACCOUNT_ID),
                Table.str(item, LOCALE), annualValue);
        var response = new SurveyResponse(
                key, Table.str(item, SURVEY_ID), respondent, new Score(Integer.parseInt(item.get(SCORE).n())),
                Table.str(item, COMMENT), Instant.parse(Table.str(item, SUBMITTED_AT)));
        return new ResponseRecord(
                response, ValueTier.fromWireName(Table.str(item, VALUE_TIER)), decision(item), Instant.parse(Table.str(item, RECEIVED_AT)),
                uplift(item));
    }

    /** The uplift a stored decision used, or null where none was recorded. */
    public static UpliftUsed uplift(Map<String, AttributeValue> item) {
        if (!item.containsKey(FOLLOW_UP_UPLIFT)) {
            return null;
        }
        var at = Table.str(item, FOLLOW_UP_UPLIFT_ESTIMATED_AT);
        return new UpliftUsed(new BigDecimal(item.get(FOLLOW_UP_UPLIFT).n()),
                UpliftSource.fromWireName(Table.str(item, FOLLOW_UP_UPLIFT_ORIGIN)), at == null ? null : Instant.parse(at));
    }

    /**
     * The facets an open case is counted under in {@link DeskCountsItem}, from a stored item: none if
     * it does not need anyone, or was stored before cases were counted (no {@link #OPEN_OWNER}).
     */
    public static java.util.List<String> openFacets(Map<String, AttributeValue> item) {
        var owner = Table.str(item, OPEN_OWNER);
        var action = Table.str(item, OPEN_CASE);
        if (owner == null || action == null) {
            return java.util.List.of();
        }
        var tier = Table.str(item, VALUE_TIER);
        return DeskCountsItem.facets(action, tier, Table.str(item, SOURCE), owner, Instant.parse(Table.str(item, RECEIVED_AT)));
    }

    /**
     * When a stored case first recorded contact with the customer: its first {@code contacted}
     * step, or an attempt that reached them, whichever came first.
     */
    public static java.util.Optional<Instant> firstContact(Map<String, AttributeValue> item) {
        var events = item == null ? null : item.get(CASE_EVENTS);
        if (events == null || !events.hasL()) {
            return java.util.Optional.empty();
        }
        Instant first = null;
        for (var event : events.l()) {
            var entry = event.m();
            var type = Table.str(entry, CASE_EVENT_TYPE);
            var reached = entry.get("reached");
            boolean contact = "contacted".equals(type)
                    || "attempted".equals(type) && reached != null && Boolean.TRUE.equals(reached.bool());
            if (contact) {
                var at = Instant.parse(Table.str(entry, CASE_EVENT_AT));
                first = first == null || at.isBefore(first) ? at : first;
            }
        }
        return java.util.Optional.ofNullable(first);
    }

    /**
     * A stored case's share of its customer's relationship (its action, status and people referred);
     * empty for a response without a case of its own.
     */
    public static java.util.Optional<io.npsloop.domain.cases.Relationship.Part> relationshipPart(Map<String, AttributeValue> item) {
        if (item == null) {
            return java.util.Optional.empty();
        }
        var status = Table.str(item, CASE_STATUS);
        var action = Table.str(item, FOLLOW_UP_ACTION);
        if (status == null || action == null || NO_ACTION.equals(action)) {
            return java.util.Optional.empty();
        }
        var referrals = item.get(CASE_REFERRALS);
        return java.util.Optional.of(new io.npsloop.domain.cases.Relationship.Part(Action.fromWireName(action),
                CaseStatus.fromWireName(status), referrals == null || !referrals.hasL() ? 0 : referrals.l().size()));
    }

    /** Whether the attribute records the follow-up decision rather than the answer. */
    public static boolean isDecisionAttribute(String name) {
        return name.startsWith("followUp") || name.equals(ARM) || name.equals(VARIANT) || name.equals(CASE_STATUS) || name.equals(OPEN_CASE)
                || name.equals(JOINED_CASE_ID) || name.equals(OPEN_OWNER) || name.equals(OPEN_TIER) || name.equals(OPEN_SOURCE);
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(String value) {
        return AttributeValue.fromN(value);
    }

    private static void putIfPresent(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, s(value));
        }
    }
}

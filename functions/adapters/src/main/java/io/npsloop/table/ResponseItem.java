package io.npsloop.aws;

import io.npsloop.domain.Action;
import io.npsloop.domain.Arm;
import io.npsloop.domain.CaseStatus;
import io.npsloop.domain.FollowUpDecision;
import io.npsloop.domain.Respondent;
import io.npsloop.domain.RespondentHistory;
import io.npsloop.domain.ResponseKey;
import io.npsloop.domain.ResponseRecord;
import io.npsloop.domain.Score;
import io.npsloop.domain.SurveyResponse;
import io.npsloop.domain.ValueTier;
import io.npsloop.domain.roi.Cohort;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The table's item layout. One table holds every kind of item, told apart by key prefix:
 * {@code RESPONSE#<source>#<responseId>} for a response and its follow-up,
 * {@code CUSTOMER#<customerId>} for a respondent's state.
 */
public final class ResponseItems {

    public static final String PK = "pk";
    public static final String SK = "sk";
    public static final String EXPIRES_AT = "expiresAt";
    public static final String FOLLOW_UP_STATUS = "followUpStatus";
    public static final String FOLLOW_UP_ACTION = "followUpAction";
    public static final String FOLLOW_UP_SENT_AT = "followUpSentAt";
    public static final String FOLLOW_UP_MESSAGE_ID = "followUpMessageId";
    public static final String CATEGORY = "category";

    /** A follow-up waiting to be published; the only status the dispatch stream filter lets through. */
    public static final String PENDING = "pending";
    public static final String SENT = "sent";
    /** In the control group: deliberately not contacted. */
    public static final String HOLDOUT = "holdout";
    /** Considered, but rationed out, in cooldown or held back; the reason says which. */
    public static final String NOT_CONTACTED = "not-contacted";
    /** Added to the account's open recovery case instead of opening a second one. */
    public static final String JOINED_CASE = "joined-case";
    public static final String NONE = "none";
    public static final String ARM = "arm";
    /** On a response that joined a case: that case's id. */
    public static final String JOINED_CASE_ID = "joinedCase";
    /** On a state item: the id of the recovery case that still needs someone. */
    public static final String OPEN_RECOVERY_CASE = "openRecoveryCase";
    /** Present, holding the action, only while the case needs someone: the key of the open-cases index. */
    public static final String OPEN_CASE = "openCase";
    public static final String CASE_STATUS = "caseStatus";
    /** {@code pending} once an overdue case is marked for escalation, {@code sent} once published. */
    public static final String ESCALATION_STATUS = "escalationStatus";
    public static final String OPEN_CASES_INDEX = "OpenCasesByDue";

    /** Attributes a response item has only when the response carries them. */
    static final List<String> OPTIONAL_ATTRIBUTES = List.of(
            "customerId", "email", "name", "accountId", "annualValue", "comment", ARM, "followUpDueAt", CASE_STATUS, OPEN_CASE, JOINED_CASE_ID);

    static final String RESPONSE_SORT_KEY = "RESPONSE";
    static final String STATE_SORT_KEY = "STATE";

    private ResponseItems() {}

    public static Map<String, AttributeValue> key(ResponseKey key) {
        return Map.of(PK, s("RESPONSE#" + key.source() + "#" + key.responseId()), SK, s(RESPONSE_SORT_KEY));
    }

    /** The response key a stored item's primary key stands for. */
    public static ResponseKey keyOf(Map<String, AttributeValue> primaryKey) {
        var pk = str(primaryKey, PK);
        if (pk == null || !pk.startsWith("RESPONSE#") || pk.indexOf('#', 9) < 0) {
            throw new IllegalArgumentException("not a response item key");
        }
        int split = pk.indexOf('#', 9);
        return new ResponseKey(pk.substring(9, split), pk.substring(split + 1));
    }

    static Map<String, AttributeValue> accountKey(String accountId) {
        return Map.of(PK, s("ACCOUNT#" + accountId), SK, s(STATE_SORT_KEY));
    }

    static Map<String, AttributeValue> customerKey(String customerId) {
        return Map.of(PK, s("CUSTOMER#" + customerId), SK, s(STATE_SORT_KEY));
    }

    public static Map<String, AttributeValue> toItem(ResponseRecord record, Duration retention) {
        var response = record.response();
        var respondent = response.respondent();
        var item = new HashMap<>(key(record.key()));
        item.put("type", s("response"));
        item.put("source", s(record.key().source()));
        item.put("responseId", s(record.key().responseId()));
        item.put("surveyId", s(response.surveyId()));
        putIfPresent(item, "customerId", respondent.id());
        putIfPresent(item, "email", respondent.email());
        putIfPresent(item, "name", respondent.name());
        putIfPresent(item, "accountId", respondent.accountId());
        item.put("locale", s(respondent.locale()));
        if (respondent.annualValue() != null) {
            item.put("annualValue", n(respondent.annualValue().toPlainString()));
        }
        item.put("score", n(Integer.toString(response.score().value())));
        item.put(CATEGORY, s(record.category().wireName()));
        putIfPresent(item, "comment", response.comment());
        item.put("submittedAt", s(response.submittedAt().toString()));
        item.put("receivedAt", s(record.receivedAt().toString()));
        item.put("valueTier", s(record.valueTier().wireName()));
        putDecision(item, record.decision());
        var decision = record.decision();
        if (decision instanceof FollowUpDecision.Contact contact) {
            item.put(CASE_STATUS, s(CaseStatus.OPEN.wireName()));
            item.put(OPEN_CASE, s(contact.action().wireName()));
        }
        item.put(EXPIRES_AT, n(Long.toString(record.receivedAt().plus(retention).getEpochSecond())));
        return item;
    }

    /** The attributes that record a decision, on a response item and in a state's recent decisions. */
    private static void putDecision(Map<String, AttributeValue> item, FollowUpDecision decision) {
        item.put("followUpReason", s(decision.reason()));
        item.put(FOLLOW_UP_ACTION, s(decision.consideredAction().map(Action::wireName).orElse(NONE)));
        item.put(FOLLOW_UP_STATUS, s(status(decision)));
        decision.arm().ifPresent(arm -> item.put(ARM, s(arm.wireName())));
        if (decision instanceof FollowUpDecision.JoinedCase joined) {
            item.put(JOINED_CASE_ID, s(joined.caseId()));
        }
        if (decision instanceof FollowUpDecision.Contact contact) {
            item.put("followUpDueAt", s(contact.dueAt().toString()));
        }
    }

    private static FollowUpDecision decision(Map<String, AttributeValue> item) {
        var action = str(item, FOLLOW_UP_ACTION);
        var reason = str(item, "followUpReason");
        var status = str(item, FOLLOW_UP_STATUS);
        if (action == null || NONE.equals(action)) {
            return new FollowUpDecision.NoFollowUp(reason);
        }
        if (HOLDOUT.equals(status)) {
            return new FollowUpDecision.Holdout(Action.fromWireName(action), reason);
        }
        if (NOT_CONTACTED.equals(status)) {
            return new FollowUpDecision.NotContacted(Action.fromWireName(action), reason);
        }
        if (JOINED_CASE.equals(status)) {
            return new FollowUpDecision.JoinedCase(str(item, JOINED_CASE_ID), reason);
        }
        return new FollowUpDecision.Contact(Action.fromWireName(action), Instant.parse(str(item, "followUpDueAt")), reason);
    }

    /** A decision with its response's arrival, as a state item keeps it among its recent decisions. */
    static AttributeValue decidedEntry(FollowUpDecision decision, Instant receivedAt) {
        var entry = new HashMap<String, AttributeValue>();
        putDecision(entry, decision);
        entry.put("receivedAt", s(receivedAt.toString()));
        return AttributeValue.fromM(entry);
    }

    static RespondentHistory.DecidedAnswer decidedAnswer(Map<String, AttributeValue> entry) {
        return new RespondentHistory.DecidedAnswer(decision(entry), Instant.parse(str(entry, "receivedAt")));
    }

    /** Reads a stored response item back, e.g. from a stream image. */
    public static ResponseRecord fromItem(Map<String, AttributeValue> item) {
        var key = new ResponseKey(str(item, "source"), str(item, "responseId"));
        var annualValue = item.containsKey("annualValue") ? new BigDecimal(item.get("annualValue").n()) : null;
        var respondent = new Respondent(
                str(item, "customerId"), str(item, "email"), str(item, "name"), str(item, "accountId"),
                str(item, "locale"), annualValue);
        var response = new SurveyResponse(
                key, str(item, "surveyId"), respondent, new Score(Integer.parseInt(item.get("score").n())),
                str(item, "comment"), Instant.parse(str(item, "submittedAt")));
        return new ResponseRecord(
                response, ValueTier.fromWireName(str(item, "valueTier")), decision(item), Instant.parse(str(item, "receivedAt")));
    }

    /** Whether the attribute records the follow-up decision rather than the answer. */
    static boolean isDecisionAttribute(String name) {
        return name.startsWith("followUp") || name.equals(ARM) || name.equals(CASE_STATUS) || name.equals(OPEN_CASE)
                || name.equals(JOINED_CASE_ID);
    }

    /** The follow-up's status as first stored; dispatch later moves {@code pending} to {@code sent}. */
    public static String status(FollowUpDecision decision) {
        if (decision instanceof FollowUpDecision.Contact) {
            return PENDING;
        }
        if (decision instanceof FollowUpDecision.Holdout) {
            return HOLDOUT;
        }
        if (decision instanceof FollowUpDecision.JoinedCase) {
            return JOINED_CASE;
        }
        return decision instanceof FollowUpDecision.NotContacted ? NOT_CONTACTED : NONE;
    }

    /** A customer's cohort for an action as kept on their state item: {@code <arm>|<decidedAt>}. */
    static String cohortValue(Arm arm, Instant decidedAt) {
        return arm.wireName() + "|" + decidedAt;
    }

    /** The cohort stored on a customer's state item, if a decision put them in an arm of {@code action}. */
    public static Optional<Cohort> cohort(Map<String, AttributeValue> state, Action action) {
        var value = str(state, DynamoDbResponseStore.cohortAttribute(action));
        if (value == null || value.indexOf('|') < 0) {
            return Optional.empty();
        }
        int bar = value.indexOf('|');
        return Optional.of(new Cohort(action, Arm.fromWireName(value.substring(0, bar)), Instant.parse(value.substring(bar + 1))));
    }

    public static Map<String, AttributeValue> customerStateKey(String customerId) {
        return customerKey(customerId);
    }

    /** On a customer's state item: every response key stored for them, so erasure needs no scan. */
    public static final String RESPONSE_KEYS = "responseKeys";
    /**
     * On a customer's state item: the decisions of its responses of the last days by response key,
     * so a delivery that failed between counting its response and storing it is finished alike.
     */
    public static final String RECENT_DECISIONS = "recentDecisions";
    /** On a customer's state item: the ids of their outcome events. */
    public static final String OUTCOME_IDS = "outcomeIds";

    /**
     * The tombstone of an erased customer, keyed by a SHA-256 of their id so the table keeps no
     * id of theirs, yet a late retry of one of their answers can be recognised.
     */
    public static Map<String, AttributeValue> erasedKey(String customerId) {
        try {
            var digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(customerId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return Map.of(PK, s("ERASED#" + java.util.HexFormat.of().formatHex(digest)), SK, s("ERASED"));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    public static String str(Map<String, AttributeValue> item, String name) {
        var value = item.get(name);
        return value == null ? null : value.s();
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(String value) {
        return AttributeValue.fromN(value);
    }

    private static void putIfPresent(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, s(value));
        }
    }
}

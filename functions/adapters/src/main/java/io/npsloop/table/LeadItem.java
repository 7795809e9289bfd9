package io.npsloop.table;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A referral lead, {@code LEAD#<lead id>} / {@code LEAD}: one per person across the stack, the lead
 * id being a hash of their normalized contact ({@link io.npsloop.domain.cases.Referral#leadId()}), so
 * the same person referred twice is one lead, attributed to the ask that named them first. Holds the
 * referred person's name, contact and note, their consent, and the ask: case, promoter, arm and decision.
 */
public final class LeadItem {

    static final String PREFIX = "LEAD#";
    static final String SORT_KEY = "LEAD";
    public static final String TYPE_NAME = "lead";

    public static final String LEAD_ID = "leadId";
    public static final String NAME = "name";
    public static final String CONTACT = "contact";
    public static final String NOTE = "note";
    public static final String CONSENT = "consent";
    public static final String CONSENT_AT = "consentAt";
    /** The case (response key) whose ask it is attributed to. */
    public static final String CASE_ID = "caseId";
    /** The promoter's customer id: erasing them erases the leads they gave. */
    public static final String PROMOTER_ID = "promoterCustomerId";
    /** Other cases that named the same person later (a set of case ids): erasing the person reaches them too. */
    public static final String ALSO_ON_CASES = "alsoOnCases";
    public static final String ARM = "arm";
    public static final String ACTION = "followUpAction";
    public static final String DECISION_REASON = "followUpReason";
    /** The playbook variant of the referral ask, from its case; null where referral has no variants. */
    public static final String VARIANT = "variant";
    /** {@code page} or {@code desk}. */
    public static final String ORIGIN = "origin";
    public static final String CREATED_AT = "createdAt";
    public static final String STATUS = "leadStatus";
    public static final String NEW = "new";
    public static final String CONVERTED = "converted";
    /** Set when the lead is marked converted: the value (money, in the customers' annual value's currency) and when. */
    public static final String CONVERTED_VALUE = "convertedValue";
    public static final String CONVERTED_AT = "convertedAt";

    private LeadItem() {}

    public static Map<String, AttributeValue> key(String leadId) {
        return Table.key(PREFIX + leadId, SORT_KEY);
    }
}

package io.npsloop.table;

import io.npsloop.domain.intake.ResponseKey;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A publish attempt's claim, {@code CLAIM#<source>#<responseId>} / {@code CLAIM} for the follow-up
 * or {@code ESCALATION} for its escalation: an item of its own, so taking it starts no stream record
 * of the response.
 */
public final class ClaimItem {

    static final String PREFIX = "CLAIM#";
    public static final String FOLLOW_UP = "CLAIM";
    public static final String ESCALATION = "ESCALATION";
    /** Every claim a response may have. */
    public static final List<String> KINDS = List.of(FOLLOW_UP, ESCALATION);
    public static final String CLAIMED_UNTIL = "followUpClaimedUntil";
    public static final String ATTEMPTS = "followUpAttempts";

    private ClaimItem() {}

    /** @param kind {@link #FOLLOW_UP} or {@link #ESCALATION} */
    public static Map<String, AttributeValue> key(ResponseKey key, String kind) {
        return Table.key(PREFIX + key.source() + "#" + key.responseId(), kind);
    }
}

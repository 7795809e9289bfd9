package io.npsloop.table;

import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A follow-up kept for a chat destination's daily digest, {@code CHAT#<parameter>} /
 * {@code FOLLOWUP#<followUpId>#<action>}, and the destination's last digest,
 * {@code CHAT#<parameter>} / {@code DIGEST}. It holds ids, the action, value tier and times only:
 * the digest reads the name, score and comment from the response when it is posted, so an erased
 * customer's answer never reaches a digest. Expires after {@link #RETENTION}.
 */
public final class ChatDigestItem {

    static final String PREFIX = "CHAT#";
    public static final String FOLLOW_UP_PREFIX = "FOLLOWUP#";
    public static final String DIGEST = "DIGEST";
    public static final String TYPE = "chat-digest";

    public static final String FOLLOW_UP_ID = "followUpId";
    public static final String ACTION = "action";
    public static final String VALUE_TIER = "valueTier";
    public static final String DUE_AT = "dueAt";
    public static final String KEPT_AT = "keptAt";
    public static final String LAST_DIGEST_AT = "lastDigestAt";

    /** Long enough to hold a follow-up until its due day's share is counted, with days to spare. */
    public static final Duration RETENTION = Duration.ofDays(8);

    private ChatDigestItem() {}

    public static String partitionKey(String parameter) {
        return PREFIX + parameter;
    }

    public static Map<String, AttributeValue> followUp(String parameter, String followUpId, String action) {
        return Table.key(partitionKey(parameter), FOLLOW_UP_PREFIX + followUpId + "#" + action);
    }

    public static Map<String, AttributeValue> digest(String parameter) {
        return Table.key(partitionKey(parameter), DIGEST);
    }
}

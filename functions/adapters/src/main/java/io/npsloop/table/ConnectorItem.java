package io.npsloop.table;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A follow-up handed to an outside tool (a help desk), {@code CONNECTOR#<connector>#<followUpId>} /
 * {@code RECORD}: claimed before the tool is called, its record's id in the tool stored after, so a
 * redelivered message creates nothing twice; and the id of a requester the connector created there.
 * No personal data.
 */
public final class ConnectorItem {

    static final String PREFIX = "CONNECTOR#";
    public static final String SK = "RECORD";
    public static final String TYPE = "connector-record";
    /** The tool's id of what was created for the follow-up (e.g. a Zendesk ticket id), once known. */
    public static final String EXTERNAL_ID = "externalId";
    /** Where a person opens that record in the tool (e.g. the Zendesk agent's ticket page), where the tool has one. */
    public static final String URL = "url";
    /** Epoch millis until which a running attempt holds the claim. */
    public static final String CLAIMED_UNTIL = "claimedUntil";
    public static final String ATTEMPTS = "attempts";
    /**
     * The person the connector itself created in the tool for the follow-up (a Zendesk end user with
     * its mark), by the tool's id: erasure deletes them even while the tool's search does not find them yet.
     */
    public static final String CREATED_REQUESTER_ID = "createdRequesterId";
    /** The way back: {@code CONNECTOR#<connector>#EXTERNAL#<externalId>} / {@code FOLLOWUP} names the follow-up a record was created for. */
    public static final String BACK_SK = "FOLLOWUP";
    public static final String BACK_TYPE = "connector-link";
    public static final String FOLLOW_UP_ID = "followUpId";

    private ConnectorItem() {}

    /** @param connector the tool's name, e.g. {@code zendesk} */
    public static Map<String, AttributeValue> key(String connector, String followUpId) {
        return Table.key(PREFIX + connector + "#" + followUpId, SK);
    }

    /** The follow-up of a record the tool names by its own id, e.g. the HubSpot task a webhook tells about. */
    public static Map<String, AttributeValue> back(String connector, String externalId) {
        return Table.key(PREFIX + connector + "#EXTERNAL#" + externalId, BACK_SK);
    }
}

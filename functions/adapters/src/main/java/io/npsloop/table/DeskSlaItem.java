package io.npsloop.table;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The lead view's figures, per ISO week (UTC): {@code DESK#SLA#<yyyy-Www>} / {@code PERSON#<who>}
 * and {@code TEAM#<team>}, each with how many follow-ups were first handled that week
 * ({@link #HANDLED}: contacted, or given up without contact) and how many of those were contacted
 * by their due time ({@link #IN_SLA}). Written in the same transaction as the step that handles the case.
 */
public final class DeskSlaItem {

    static final String PREFIX = "DESK#SLA#";
    public static final String TYPE_NAME = "desk-sla";
    public static final String HANDLED = "handled";
    public static final String IN_SLA = "inSla";
    public static final String PERSON = "PERSON#";
    public static final String TEAM = "TEAM#";
    /** The team of a case worked outside any team. */
    public static final String NO_TEAM = "(none)";

    private DeskSlaItem() {}

    public static String week(Instant at) {
        var date = at.atZone(ZoneOffset.UTC).toLocalDate();
        return String.format("%d-W%02d", date.get(IsoFields.WEEK_BASED_YEAR), date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }

    public static String partition(String week) {
        return PREFIX + week;
    }

    /** A follow-up first handled at {@code at} by {@code who} in {@code team}, in its SLA or not. */
    public static List<TransactWriteItem> writes(String tableName, Instant at, String who, String team, boolean inSla, Instant expiresAt) {
        var writes = new ArrayList<TransactWriteItem>();
        for (var sortKey : List.of(PERSON + who, TEAM + (team == null ? NO_TEAM : team))) {
            var values = new HashMap<String, AttributeValue>();
            values.put(":type", AttributeValue.fromS(TYPE_NAME));
            values.put(":one", AttributeValue.fromN("1"));
            values.put(":in", AttributeValue.fromN(inSla ? "1" : "0"));
            values.put(":expiresAt", AttributeValue.fromN(Long.toString(expiresAt.getEpochSecond())));
            writes.add(TransactWriteItem.builder().update(Update.builder()
                    .tableName(tableName)
                    .key(Table.key(partition(week(at)), sortKey))
                    .updateExpression("SET #type = :type, #expiresAt = :expiresAt ADD #handled :one, #inSla :in")
                    .expressionAttributeNames(Map.of("#type", Table.TYPE, "#expiresAt", Table.EXPIRES_AT,
                            "#handled", HANDLED, "#inSla", IN_SLA))
                    .expressionAttributeValues(values)
                    .build()).build());
        }
        return writes;
    }
}

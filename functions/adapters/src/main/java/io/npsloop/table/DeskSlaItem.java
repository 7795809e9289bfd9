package io.npsloop.table;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
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
 * by their due time ({@link #IN_SLA}). Added by the counters function from the table's stream when a
 * case item gains its {@link ResponseItem#CASE_HANDLED}.
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
    /** Long enough to compare this year's weeks with last year's. */
    public static final Duration KEPT = Duration.ofDays(400);

    private DeskSlaItem() {}

    public static String week(Instant at) {
        var date = at.atZone(ZoneOffset.UTC).toLocalDate();
        return String.format("%d-W%02d", date.get(IsoFields.WEEK_BASED_YEAR), date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }

    public static String partition(String week) {
        return PREFIX + week;
    }

    /** Where a follow-up first handled at {@code at} by {@code who} in {@code team} counts: the person's item and the team's. */
    public static List<Map<String, AttributeValue>> keys(Instant at, String who, String team) {
        var partition = partition(week(at));
        return List.of(Table.key(partition, PERSON + who), Table.key(partition, TEAM + (team == null ? NO_TEAM : team)));
    }

    /** Adds {@code handled} follow-ups, {@code inSla} of them contacted in time, to one item. */
    public static TransactWriteItem add(String tableName, Map<String, AttributeValue> key, long handled, long inSla, Instant expiresAt) {
        var values = new HashMap<String, AttributeValue>();
        values.put(":type", AttributeValue.fromS(TYPE_NAME));
        values.put(":handled", AttributeValue.fromN(Long.toString(handled)));
        values.put(":in", AttributeValue.fromN(Long.toString(inSla)));
        values.put(":expiresAt", AttributeValue.fromN(Long.toString(expiresAt.getEpochSecond())));
        return TransactWriteItem.builder().update(Update.builder()
                .tableName(tableName)
                .key(key)
                .updateExpression("SET #type = :type, #expiresAt = :expiresAt ADD #handled :handled, #inSla :in")
                .expressionAttributeNames(Map.of("#type", Table.TYPE, "#expiresAt", Table.EXPIRES_AT,
                        "#handled", HANDLED, "#inSla", IN_SLA))
                .expressionAttributeValues(values)
                .build()).build();
    }
}

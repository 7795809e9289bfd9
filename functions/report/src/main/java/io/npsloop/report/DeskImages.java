package io.npsloop.report;

import io.npsloop.table.DeskCountsItem;
import io.npsloop.table.DeskSlaItem;
import io.npsloop.table.ResponseItem;
import io.npsloop.table.Table;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What a change to a response item does to the desk's figures. The open counts move by the
 * difference between the case's facets before and after (owner, tier, source, action, day), so a
 * case opened, claimed, closed or removed moves them once each way; the SLA figures gain a case
 * when its item gains a {@link ResponseItem#CASE_HANDLED} it did not have, and keep it when the
 * item goes (they are the week's history, as the daily counters are).
 */
final class DeskImages {

    /** The SLA figures of one item ({@link DeskSlaItem#keys}): follow-ups handled, and of those in time. */
    record Handled(long handled, long inSla) {
        Handled plus(Handled other) {
            return new Handled(handled + other.handled, inSla + other.inSla);
        }
    }

    /** A change to the desk's figures: open counts by facet, SLA figures by item key. */
    record Change(Map<String, Long> open, Map<Map<String, AttributeValue>, Handled> sla) {

        static final Change NONE = new Change(Map.of(), Map.of());

        boolean isEmpty() {
            return open.isEmpty() && sla.isEmpty();
        }

        Change plus(Change other) {
            if (other.isEmpty()) {
                return this;
            }
            var open = new LinkedHashMap<>(this.open);
            other.open.forEach((facet, delta) -> open.merge(facet, delta, Long::sum));
            open.values().removeIf(v -> v == 0);
            var sla = new LinkedHashMap<>(this.sla);
            other.sla.forEach((key, handled) -> sla.merge(key, handled, Handled::plus));
            return new Change(open, sla);
        }
    }

    private DeskImages() {}

    /** The change between two images of one item; an absent image is no case. */
    static Change change(Map<String, AttributeValue> oldImage, Map<String, AttributeValue> newImage) {
        if (!isResponse(oldImage) && !isResponse(newImage)) {
            return Change.NONE;
        }
        var open = DeskCountsItem.delta(facets(oldImage), facets(newImage));
        var sla = new HashMap<Map<String, AttributeValue>, Handled>();
        var before = handled(oldImage);
        var after = handled(newImage);
        if (after != null && !after.equals(before)) {
            var at = Instant.parse(Table.str(after, ResponseItem.HANDLED_AT));
            var inSla = after.containsKey(ResponseItem.HANDLED_IN_SLA) && Boolean.TRUE.equals(after.get(ResponseItem.HANDLED_IN_SLA).bool()) ? 1 : 0;
            for (var key : DeskSlaItem.keys(at, Table.str(after, ResponseItem.HANDLED_BY), Table.str(after, ResponseItem.HANDLED_TEAM))) {
                sla.merge(key, new Handled(1, inSla), Handled::plus);
            }
        }
        return new Change(open, sla);
    }

    private static boolean isResponse(Map<String, AttributeValue> image) {
        return image != null && ResponseItem.TYPE_NAME.equals(Table.str(image, Table.TYPE));
    }

    private static List<String> facets(Map<String, AttributeValue> image) {
        return isResponse(image) ? ResponseItem.openFacets(image) : List.of();
    }

    private static Map<String, AttributeValue> handled(Map<String, AttributeValue> image) {
        var value = isResponse(image) ? image.get(ResponseItem.CASE_HANDLED) : null;
        return value == null || !value.hasM() ? null : value.m();
    }
}

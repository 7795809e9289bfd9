package io.npsloop.table;

import io.npsloop.domain.intake.ValueTier;
import io.npsloop.domain.policy.Action;
import io.npsloop.domain.roi.TierUplift;
import io.npsloop.domain.roi.UpliftChange;
import io.npsloop.domain.roi.UpliftEstimator;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The uplifts last estimated from the holdout, {@code UPLIFT#current} / {@code UPLIFT}: one small
 * item the schedule overwrites and the ingest function reads (cached), with each action × tier's
 * prior, measured and used uplift and evidence, and the bounded history of tiers starting or
 * stopping to be worth contacting.
 */
public final class UpliftItem {

    static final String PARTITION_KEY = "UPLIFT#current";
    static final String SORT_KEY = "UPLIFT";
    public static final String TYPE_NAME = "uplift";
    public static final String COMPUTED_AT = "computedAt";
    public static final String ESTIMATES = "estimates";
    public static final String CHANGES = "changes";

    /** What the item holds. */
    public record Stored(Instant computedAt, List<TierUplift> estimates, List<UpliftChange> changes) {}

    private UpliftItem() {}

    public static Map<String, AttributeValue> key() {
        return Table.key(PARTITION_KEY, SORT_KEY);
    }

    public static Map<String, AttributeValue> item(Stored stored) {
        var item = new HashMap<>(key());
        item.put(Table.TYPE, s(TYPE_NAME));
        item.put(COMPUTED_AT, s(stored.computedAt().toString()));
        var estimates = new ArrayList<AttributeValue>();
        for (var uplift : stored.estimates()) {
            var e = uplift.estimate();
            var entry = new HashMap<String, AttributeValue>();
            entry.put("action", s(uplift.action().wireName()));
            entry.put("tier", s(uplift.tier().wireName()));
            entry.put("prior", n(e.prior()));
            if (e.measured() != null) {
                entry.put("measured", n(e.measured()));
            }
            entry.put("mean", n(e.mean()));
            entry.put("sd", n(e.sd()));
            entry.put("weight", n(e.weight()));
            entry.put("used", n(e.used()));
            entry.put("holdoutUnits", AttributeValue.fromN(Long.toString(e.holdoutUnits())));
            entry.put("treatedUnits", AttributeValue.fromN(Long.toString(e.treatedUnits())));
            entry.put("holdoutCustomers", n(e.holdoutCustomers()));
            entry.put("treatedCustomers", n(e.treatedCustomers()));
            if (uplift.typicalValue() != null) {
                entry.put("typicalValue", AttributeValue.fromN(uplift.typicalValue().toPlainString()));
            }
            entry.put("cost", AttributeValue.fromN(uplift.cost().toPlainString()));
            if (uplift.contacted() != null) {
                entry.put("contacted", AttributeValue.fromBool(uplift.contacted()));
            }
            estimates.add(AttributeValue.fromM(entry));
        }
        item.put(ESTIMATES, AttributeValue.fromL(estimates));
        var changes = new ArrayList<AttributeValue>();
        for (var change : stored.changes()) {
            changes.add(AttributeValue.fromM(Map.of(
                    "action", s(change.action().wireName()),
                    "tier", s(change.tier().wireName()),
                    "contacted", AttributeValue.fromBool(change.contacted()),
                    "at", s(change.at().toString()),
                    "expected", AttributeValue.fromN(change.expected().toPlainString()),
                    "cost", AttributeValue.fromN(change.cost().toPlainString()))));
        }
        item.put(CHANGES, AttributeValue.fromL(changes));
        return item;
    }

    public static Stored stored(Map<String, AttributeValue> item) {
        var estimates = new ArrayList<TierUplift>();
        for (var value : item.get(ESTIMATES).l()) {
            var e = value.m();
            var estimate = new UpliftEstimator.Estimate(d(e, "prior"), e.containsKey("measured") ? d(e, "measured") : null,
                    d(e, "mean"), d(e, "sd"), d(e, "weight"), d(e, "used"), Long.parseLong(e.get("holdoutUnits").n()),
                    Long.parseLong(e.get("treatedUnits").n()), d(e, "holdoutCustomers"), d(e, "treatedCustomers"));
            estimates.add(new TierUplift(Action.fromWireName(Table.str(e, "action")), ValueTier.fromWireName(Table.str(e, "tier")),
                    estimate, e.containsKey("typicalValue") ? new BigDecimal(e.get("typicalValue").n()) : null,
                    new BigDecimal(e.get("cost").n()), e.containsKey("contacted") ? e.get("contacted").bool() : null));
        }
        var changes = new ArrayList<UpliftChange>();
        for (var value : item.get(CHANGES).l()) {
            var c = value.m();
            changes.add(new UpliftChange(Action.fromWireName(Table.str(c, "action")), ValueTier.fromWireName(Table.str(c, "tier")),
                    c.get("contacted").bool(), Instant.parse(Table.str(c, "at")), new BigDecimal(c.get("expected").n()),
                    new BigDecimal(c.get("cost").n())));
        }
        return new Stored(Instant.parse(Table.str(item, COMPUTED_AT)), List.copyOf(estimates), List.copyOf(changes));
    }

    private static double d(Map<String, AttributeValue> entry, String name) {
        return Double.parseDouble(entry.get(name).n());
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    /** Ten significant digits: far finer than any decision, and short. */
    private static AttributeValue n(double value) {
        return AttributeValue.fromN(new BigDecimal(value, new java.math.MathContext(10)).toPlainString());
    }
}

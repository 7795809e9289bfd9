package io.npsloop.table;

import io.npsloop.domain.intake.ResponseKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A promoter's referral link, by its case: {@code REFERRAL#<source>#<responseId>} / {@code USED}, its
 * one use, claimed once ({@link #USED_AT}) in the same transaction that puts the people on the case,
 * holding the people ({@link #PEOPLE}) until they are leads too, so a use is never taken with nothing
 * kept; and {@code WINDOW#<yyyy-mm-ddThh>}, the posts to it in
 * that UTC hour. Posts from one client address are counted apart, under
 * {@code REFERRAL#ADDRESS#<sha-256 of the address>} / {@code WINDOW#<hour>}. Windows expire after
 * {@link #WINDOW_TTL_SECONDS}; erasing the promoter deletes their case's partition.
 */
public final class ReferralLinkItem {

    static final String PREFIX = "REFERRAL#";
    static final String ADDRESS = PREFIX + "ADDRESS#";
    public static final String USED = "USED";
    static final String WINDOW = "WINDOW#";
    public static final String TYPE_NAME = "referral-link";
    public static final String USED_AT = "usedAt";
    /** The people of the post that took the use, while their leads are not all made; removed once they are. */
    public static final String PEOPLE = "people";
    public static final String COMPLETED_AT = "completedAt";
    public static final String COUNT = "posts";
    /** A window's item outlives its hour by one more. */
    public static final long WINDOW_TTL_SECONDS = 2 * 3600;

    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH").withZone(ZoneOffset.UTC);

    private ReferralLinkItem() {}

    /** Every item of a case's link is in this partition. */
    public static String partitionKey(ResponseKey key) {
        return PREFIX + key.source() + "#" + key.responseId();
    }

    public static Map<String, AttributeValue> used(ResponseKey key) {
        return Table.key(partitionKey(key), USED);
    }

    public static Map<String, AttributeValue> linkWindow(ResponseKey key, Instant at) {
        return Table.key(partitionKey(key), WINDOW + HOUR.format(at));
    }

    /** The address is hashed: the key holds no address. */
    public static Map<String, AttributeValue> addressWindow(String address, Instant at) {
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest(address.getBytes(StandardCharsets.UTF_8));
            return Table.key(ADDRESS + HexFormat.of().formatHex(digest), WINDOW + HOUR.format(at));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}

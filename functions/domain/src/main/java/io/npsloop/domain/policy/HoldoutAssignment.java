package io.npsloop.domain.policy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * Puts a fixed share of customers in the holdout arm by a hash of the program's salt, the action
 * and the customer id: the same customer always lands in the same arm for the same program, with
 * no state needed to decide it, and no one can pick who is held out.
 *
 * @param basisPoints the holdout share in hundredths of a percent (1000 = 10%)
 * @param salt names the program; a new salt draws new arms
 */
public record HoldoutAssignment(int basisPoints, String salt) {

    public static final int ALL = 10_000;

    public HoldoutAssignment {
        Objects.requireNonNull(salt, "salt");
        if (basisPoints < 0 || basisPoints > ALL) {
            throw new IllegalArgumentException("holdout share must be between 0% and 100%, was " + basisPoints / 100.0 + "%");
        }
    }

    public static HoldoutAssignment percent(double percent, String salt) {
        return new HoldoutAssignment((int) Math.round(percent * 100), salt);
    }

    public Arm armOf(String customerId, Action action) {
        return bucket(customerId, action) < basisPoints ? Arm.HOLDOUT : Arm.TREATMENT;
    }

    /**
     * Whether the unit is among {@code basisPoints} of units drawn apart from its arm (by another
     * hash of the same salt): which below-cost units stay in the experiment while uplift is measured.
     */
    public boolean drawn(String customerId, Action action, int basisPoints) {
        return new HoldoutAssignment(basisPoints, salt + "\u0000exploration").armOf(customerId, action) == Arm.HOLDOUT;
    }

    /** Uniform in [0, 10000): the first 8 bytes of SHA-256, reduced without modulo bias that matters. */
    int bucket(String customerId, Action action) {
        try {
            var digest = MessageDigest.getInstance("SHA-256")
                    .digest((salt + "\u0000" + action.wireName() + "\u0000" + customerId).getBytes(StandardCharsets.UTF_8));
            long value = 0;
            for (int i = 0; i < 8; i++) {
                value = (value << 8) | (digest[i] & 0xff);
            }
            return (int) Long.remainderUnsigned(value, ALL);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }
}

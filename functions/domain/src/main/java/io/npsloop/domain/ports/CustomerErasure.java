package io.npsloop.domain.ports;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Port: removes everything kept about one customer on their request (responses and the cases on
 * them, outcomes, personal fields on other people's cases, quarantined requests naming them, their
 * state), leaving only anonymous counters, and remembers for a while that they were erased.
 */
public interface CustomerErasure {

    /**
     * Erases the customer. Running it again is safe and finishes anything a failed run left.
     *
     * @param fullScan also look through the whole table for items stored before the customer's
     *     own index of them existed
     * @return what was removed, or empty if nothing of the customer is kept and they were never erased
     */
    Optional<Erasure> erase(String customerId, boolean fullScan);

    /**
     * @param erasedAt when the customer was first erased
     * @param erasedBefore an earlier request had already erased them
     * @param scanned the table was scanned for items the customer's index did not list
     * @param removed how many items (or entries on other items) of each kind were removed
     */
    record Erasure(Instant erasedAt, boolean erasedBefore, boolean scanned, Map<String, Integer> removed) {

        public Erasure {
            removed = Map.copyOf(removed);
        }
    }
}

package io.npsloop.domain.ports;

import io.npsloop.domain.intake.Category;
import io.npsloop.domain.intake.ResponseKey;
import io.npsloop.domain.intake.ResponseRecord;
import io.npsloop.domain.policy.BudgetCharge;
import io.npsloop.domain.policy.RespondentHistory;
import java.util.Optional;

/**
 * Port: keeps a response, the respondent's state and the pending follow-up. A failure can leave
 * the state updated without the response ({@link RespondentHistory#counts}); the delivery's retry
 * then finishes with {@link #complete}.
 */
public interface ResponseStore {

    /**
     * The customer's history as stored now, with their account's if {@code accountId} is given;
     * {@link RespondentHistory#NONE} for a new customer. Open cases in it are ones that still need someone.
     */
    RespondentHistory history(String customerId, String accountId);

    /**
     * Counts the record on the respondent's state and stores it, for a response {@code history}
     * does not count yet (one it counts is finished with {@link #complete}). The state is only
     * updated if it is still at {@code history}'s version; otherwise
     * {@link ConcurrentChangeException} is thrown and nothing is written. If the response turns
     * out to be stored already, nothing more is written and {@link AlreadyStored} says what was
     * decided then. Throws if the store could not be written; the caller must then not
     * acknowledge the response (its retry may find it counted, and finish it).
     */
    StoreResult store(ResponseRecord record, RespondentHistory history);

    /**
     * As {@link #store(ResponseRecord, RespondentHistory)}, also adding the charge to the day's and
     * the month's budget counters, only if each stays within its limit; otherwise
     * {@link BudgetExhaustedException} is thrown and nothing is written.
     */
    StoreResult store(ResponseRecord record, RespondentHistory history, BudgetCharge charge);

    /**
     * Stores a response the customer's state already counts (an earlier delivery failed after
     * updating the state), leaving the state as it is; nothing changes if it is stored already.
     * The unit cohort place that state recorded for it ({@link RespondentHistory#decidedBefore})
     * is written again first: doing so twice counts the customer once.
     */
    StoreResult complete(ResponseRecord record, RespondentHistory history);

    /**
     * Whether the customer's data was erased on request recently enough that an answer of theirs
     * arriving now is a late retry to drop. Asked only for customers with no stored state, i.e. on
     * their first answer or after an erasure.
     */
    boolean erased(String customerId);

    /** The response stored under this key, if any, with whether its follow-up has gone out. */
    Optional<StoredResponse> find(ResponseKey key);

    /**
     * Replaces a stored response with a later version of it (a comment added, a score changed),
     * and updates the customer's state to match, only if the stored follow-up status and the
     * customer's state are still as read; otherwise {@link ConcurrentChangeException}.
     */
    void revise(ResponseRecord revised, StoredResponse prior, RespondentHistory history);

    /**
     * @param status the stored {@link FollowUpStatus} word, checked again on revision
     * @param followUpSent whether the follow-up has been handed to people already
     */
    record StoredResponse(ResponseRecord record, String status, boolean followUpSent) {}

    sealed interface StoreResult {}

    record Stored() implements StoreResult {}

    /** The same response was stored before; what was decided then still holds. */
    record AlreadyStored(Category category, String followUpAction, String followUpStatus) implements StoreResult {}

    /** The budget could not pay for the decision; {@code period} is {@code daily} or {@code monthly}. */
    final class BudgetExhaustedException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String period;

        public BudgetExhaustedException(String period) {
            super("the " + period + " budget is spent");
            this.period = period;
        }

        public String period() {
            return period;
        }
    }

    /** The customer's state changed between reading it and writing: decide again on the new state. */
    final class ConcurrentChangeException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public ConcurrentChangeException(String customerId) {
            super("the state of customer " + customerId + " changed while a response was being stored");
        }
    }
}

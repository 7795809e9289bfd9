package io.npsloop.report;

import java.util.Set;

/**
 * What an outside tool holds of a case (a help desk's ticket, a CRM's task, with the customer's
 * name, email and comment), deleted with the customer before the case itself: if the tool fails,
 * the case is still listed on the customer's state and the next request finds it again.
 */
interface ToolRecords {

    /** The answer's count of what it removes, e.g. {@code zendeskTickets}. */
    String kind();

    /** The follow-up actions (as the topic names them) whose cases the tool holds records of; others ask nothing of it. */
    Set<String> actions();

    /**
     * Deletes what the tool holds of this case and the connector's own items for it.
     *
     * @return how many records went from the tool (0 if it held none)
     * @throws Remaining when the tool did not delete them (throttled, down, refused)
     */
    int erase(Case followedUp);

    /** A case of the customer as the erasure reads it before deleting it: its id, its follow-up's action, the email it went to. */
    record Case(String id, String action, String email) {}

    /** What the tool kept, said without ids: the erasure answers 503 with it, and a retry completes it. */
    final class Remaining extends RuntimeException {
        Remaining(String message) {
            super(message, null, false, false);
        }
    }
}

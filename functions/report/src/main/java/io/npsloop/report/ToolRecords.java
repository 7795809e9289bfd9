package io.npsloop.report;

/**
 * What an outside tool holds of a recovery case (a help desk's ticket with the customer's name,
 * email and comment), deleted with the customer before the case itself: if the tool fails, the
 * case is still listed on the customer's state and the next request finds it again.
 */
interface ToolRecords {

    /** The answer's count of what it removes, e.g. {@code zendeskTickets}. */
    String kind();

    /**
     * Deletes what the tool holds of this case and the connector's own item for it.
     *
     * @return how many records went from the tool (0 if it held none)
     * @throws Remaining when the tool did not delete them (throttled, down, refused)
     */
    int erase(String caseId);

    /** What the tool kept, said without ids: the erasure answers 503 with it, and a retry completes it. */
    final class Remaining extends RuntimeException {
        Remaining(String message) {
            super(message, null, false, false);
        }
    }
}

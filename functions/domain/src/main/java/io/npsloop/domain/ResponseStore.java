package io.npsloop.domain;

/** Port: keeps a response, the respondent's state and the pending follow-up, all or nothing. */
public interface ResponseStore {

    /**
     * Stores the record unless a response with the same key is already stored, in which case
     * nothing changes. Throws if the store could not be written; the caller must then not
     * acknowledge the response.
     */
    StoreOutcome store(ResponseRecord record);

    sealed interface StoreOutcome {}

    record Stored() implements StoreOutcome {}

    /** The same response was stored before; what was decided then still holds. */
    record AlreadyStored(Category category, String followUpAction, String followUpStatus) implements StoreOutcome {}
}

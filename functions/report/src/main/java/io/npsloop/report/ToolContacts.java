package io.npsloop.report;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an outside tool holds of the customer themselves rather than of one case: a CRM's contact,
 * found by the customer's email, and its company; a help desk's end user. Erased once per customer, after the records of
 * their cases ({@link ToolRecords}) and before their responses go, so that a retry after a failure
 * still reads their emails and case ids from the responses.
 */
interface ToolContacts {

    /** The answer's counts of what it deletes or clears, e.g. {@code hubspotContacts}, {@code zendeskUsers}. */
    List<String> kinds();

    /** The follow-up actions whose cases reached the tool; a customer with none of them asks nothing of it. */
    Set<String> actions();

    /**
     * @param emails the emails the customer's responses were given with
     * @param caseIds the ids of the customer's cases
     * @return how many records went or were cleared, by kind
     * @throws ToolRecords.Remaining when the tool did not (throttled, down, refused)
     */
    Map<String, Integer> erase(Set<String> emails, Set<String> caseIds);
}

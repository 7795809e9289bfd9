package io.npsloop.domain.desk;

/** What a person may do at the desk; {@link Role#permissions()} says who holds which. */
public enum Permission {
    /** The queue and a case's details. */
    SEE_CASES,
    /** Record a step on a case (contacted, resolved, a note). */
    CHANGE_CASES,
    /** Give a case to another person or team. */
    REASSIGN,
    /** The lead view: every team's queue, load and overdue cases. */
    SEE_LEAD_VIEW,
    /** Create and change teams and who is in them. */
    MANAGE_TEAMS
}

package io.npsloop.domain.desk;

/** What the desk lets a person do; {@link Role}s grant them. */
public enum Permission {
    SEE_CASES,
    CHANGE_CASES,
    /** Give a case someone else owns to another person or team. */
    REASSIGN,
    SEE_LEAD_VIEW,
    MANAGE_TEAMS
}

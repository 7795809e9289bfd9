package io.npsloop.connectors.hubspot;

import java.util.Set;

/**
 * Which follow-ups become HubSpot tasks, and the marker by which a task names its follow-up: the
 * connector creates tasks by them, and the erasure finds and deletes them by them.
 */
public final class HubSpotFollowUps {

    private HubSpotFollowUps() {}

    /** The actions a task is opened for. */
    public static final Set<String> ACTIONS = Set.of("recovery", "referral", "nurture");

    /** Unique to the follow-up (the case's id), and plain in a task's body whatever HubSpot does to its markup. */
    public static String marker(String followUpId) {
        return "[nps-loop:" + followUpId + "]";
    }
}

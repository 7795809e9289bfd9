package io.npsloop.config;

/** What a setting is about: the sections of docs/configuration.md, in their order. */
public enum Area {
    WEBHOOKS("Webhooks and secrets"),
    SURVEY_TOOLS("Survey tools"),
    POLICY("Follow-up policy"),
    BUDGETS("Budgets"),
    FETCH("Fetching responses from the tools' APIs"),
    STORAGE("Storage and retention"),
    DISPATCH("Dispatch"),
    ACTION_LINKS("Action links"),
    CHAT("Slack and Microsoft Teams"),
    CONNECTORS("Help desk and CRM connectors (Zendesk, HubSpot)"),
    DESK("Desk sign-in"),
    REPORT("Report and counters"),
    EXPORTS("Exports"),
    ERASURE("Erasure"),
    RUNTIME("AWS and the runtime"),
    LOCAL_STACK("Local stack");

    private final String title;

    Area(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }
}

package io.npsloop.config;

import java.util.EnumSet;
import java.util.Set;

/** What reads a setting: a function of the template, by its logical id, or the local stack. */
public enum Reader {
    INGEST("IngestFunction"),
    FETCH("FetchFunction"),
    DISPATCH("DispatchFunction"),
    CASES("CasesFunction"),
    ESCALATION("EscalationFunction"),
    REPORT("ReportFunction"),
    UPLIFT("UpliftFunction"),
    ERASURE("ErasureFunction"),
    COUNTERS("CountersFunction"),
    EXPORT("ExportFunction"),
    OUTCOMES_IMPORT("OutcomesImportFunction"),
    CHAT("ChatFunction"),
    CHAT_DIGEST("ChatDigestFunction"),
    DESK_TOKEN_CLAIMS("DeskTokenClaimsFunction"),
    ZENDESK("ZendeskFunction"),
    ZENDESK_WEBHOOK("ZendeskWebhookFunction"),
    HUBSPOT("HubSpotFunction"),
    HUBSPOT_WEBHOOK("HubSpotWebhookFunction"),
    LOCAL_STACK("local stack");

    private final String id;

    Reader(String id) {
        this.id = id;
    }

    /** The template's logical id of the function, or "local stack". */
    public String id() {
        return id;
    }

    public boolean inTemplate() {
        return this != LOCAL_STACK;
    }

    /** Every function the template deploys. */
    public static Set<Reader> functions() {
        return EnumSet.complementOf(EnumSet.of(LOCAL_STACK));
    }
}

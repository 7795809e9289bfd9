package io.npsloop.report;

import io.npsloop.connectors.CallOutcome;
import io.npsloop.connectors.hubspot.HubSpotClient;
import io.npsloop.connectors.hubspot.HubSpotFollowUps;
import io.npsloop.connectors.hubspot.HubSpotProperties;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The customer's HubSpot contact, found by each of their emails: deleted for good (GDPR delete) where
 * the connector created it ({@code nps_loop_created_contact}); otherwise it was someone's before, so
 * only the NPS properties the connector set on it are cleared (set to empty, which HubSpot reads as
 * no value) and the rest is left to the CRM's owner. Its company's NPS properties are cleared when
 * they describe one of the customer's cases ({@code nps_last_case_id}); otherwise they describe
 * another contact's answer and stay. The company goes first: a contact deleted is no longer there
 * to name it. Nothing already cleared or gone is counted again.
 */
final class HubSpotContactErasure implements ToolContacts {

    static final String CONTACTS = "hubspotContacts";
    static final String COMPANIES = "hubspotCompanies";

    private final HubSpotClient hubspot;

    HubSpotContactErasure(HubSpotClient hubspot) {
        this.hubspot = Objects.requireNonNull(hubspot, "hubspot");
    }

    @Override
    public List<String> kinds() {
        return List.of(CONTACTS, COMPANIES);
    }

    @Override
    public Set<String> actions() {
        return HubSpotFollowUps.ACTIONS;
    }

    @Override
    public Map<String, Integer> erase(Set<String> emails, Set<String> caseIds) {
        var read = new ArrayList<>(HubSpotProperties.names());
        read.add(HubSpotProperties.CREATED_CONTACT);
        read.add("associatedcompanyid");
        int contacts = 0;
        int companies = 0;
        for (var email : emails) {
            var contact = call("looking up the customer's contact", "that contact and its NPS properties remain",
                    () -> hubspot.contactByEmail(email, read)).orElse(null);
            if (contact == null) {
                continue;
            }
            var companyId = contact.get("associatedcompanyid");
            if (companyId != null) {
                var company = call("reading their contact's company", "the company's NPS properties remain",
                        () -> hubspot.company(companyId, HubSpotProperties.names())).orElse(null);
                if (company != null && caseIds.contains(company.get(HubSpotProperties.LAST_CASE)) && holdsAny(company)) {
                    call("clearing their contact's company", "the company's NPS properties remain",
                            () -> clear("companies", company));
                    companies++;
                }
            }
            if ("true".equals(contact.get(HubSpotProperties.CREATED_CONTACT))) {
                if (call("deleting the contact NPS Loop created", "that contact remains", () -> hubspot.gdprDeleteContact(contact.id()))) {
                    contacts++;
                }
            } else if (holdsAny(contact)) {
                call("clearing the customer's contact", "its NPS properties remain", () -> clear("contacts", contact));
                contacts++;
            }
        }
        var removed = new LinkedHashMap<String, Integer>();
        removed.put(CONTACTS, contacts);
        removed.put(COMPANIES, companies);
        return removed;
    }

    private static boolean holdsAny(HubSpotClient.Record record) {
        return HubSpotProperties.names().stream().anyMatch(name -> record.get(name) != null);
    }

    private boolean clear(String objectType, HubSpotClient.Record record) {
        var empty = new LinkedHashMap<String, String>();
        HubSpotProperties.names().forEach(name -> empty.put(name, ""));
        hubspot.update(objectType, record.id(), empty);
        return true;
    }

    /** A call whose failure is thrown as what remains, e.g. "HubSpot answered http_429 clearing the customer's contact; its NPS properties remain in HubSpot". */
    private static <T> T call(String doing, String remains, Supplier<T> call) {
        try {
            return call.get();
        } catch (HubSpotClient.Failed failed) {
            throw new ToolRecords.Remaining("HubSpot answered " + error(failed.outcome()) + " " + doing + "; " + remains + " in HubSpot");
        }
    }

    static String error(CallOutcome outcome) {
        return outcome instanceof CallOutcome.TryLater later ? later.error()
                : outcome instanceof CallOutcome.Refused refused ? refused.error() : "unexpected";
    }
}

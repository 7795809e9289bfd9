package io.npsloop.connectors.zendesk;

import static io.npsloop.config.Reader.ERASURE;
import static io.npsloop.config.Reader.ZENDESK;
import static io.npsloop.config.Reader.ZENDESK_WEBHOOK;

import io.npsloop.config.Area;
import io.npsloop.config.Kind;
import io.npsloop.config.Origin;
import io.npsloop.config.Setting;

/** The Zendesk connector's settings: where its credentials are, and how a recovery becomes a ticket. */
public final class ZendeskSettings {

    private ZendeskSettings() {}

    public static final Setting ZENDESK_PARAMETER_PATH = Setting.of(Area.CONNECTORS, "ZENDESK_PARAMETER_PATH", Kind.TEXT)
            .parameter("ZendeskParameterPath")
            .readBy(ZENDESK, ZENDESK_WEBHOOK, ERASURE)
            .means("SSM path holding the Zendesk account's SecureStrings: `subdomain`, `email`, `api-token`, `group-id`, "
                    + "`webhook-secret` (e.g. `/nps-loop/zendesk/`). Empty: no Zendesk connector is deployed. Erasure "
                    + "deletes the tickets it opened and the end users it created.");

    public static final Setting ZENDESK_SECRETS = Setting.of(Area.CONNECTORS, "ZENDESK_SECRETS", Kind.SECRET)
            .readBy(ZENDESK, ZENDESK_WEBHOOK, ERASURE)
            .means("The same values straight from the environment (local use): `<name>=<value>` pairs separated by `;`, "
                    + "e.g. `subdomain=acme;email=ops@acme.com;api-token=…;group-id=360001;webhook-secret=…`; wins over SSM.");

    public static final Setting ZENDESK_PRIORITIES = Setting.of(Area.CONNECTORS, "ZENDESK_PRIORITIES", Kind.TEXT)
            .byDefault("high=high,medium=normal,low=low")
            .parameter("ZendeskPriorities")
            .readBy(ZENDESK)
            .means("A ticket's priority by the customer's value tier: `<tier>=<priority>` pairs separated by `,`; tiers high, "
                    + "medium, low, unknown; priorities urgent, high, normal, low. A tier left out: Zendesk's default priority.");

    public static final Setting ZENDESK_CUSTOM_FIELDS = Setting.of(Area.CONNECTORS, "ZENDESK_CUSTOM_FIELDS", Kind.TEXT)
            .byDefault("")
            .parameter("ZendeskCustomFields")
            .readBy(ZENDESK)
            .means("Ticket fields to fill, by their Zendesk id: `<what>=<field id>` pairs separated by `,`, what being `score`, "
                    + "`valueTier` or `caseLink`, e.g. `score=360011112222,caseLink=360011113333`. Empty: none.");

    public static final Setting ZENDESK_TAGS = Setting.of(Area.CONNECTORS, "ZENDESK_TAGS", Kind.LIST)
            .byDefault("nps-loop,nps-detractor")
            .parameter("ZendeskTags")
            .readBy(ZENDESK)
            .means("Tags on every ticket (lower case letters, digits, `-`, `_`), besides `nps-value-<tier>`. The webhook trigger "
                    + "and the requester notification trigger tell the product's tickets by the first one.");

    public static final Setting ZENDESK_QUEUE_URL = Setting.of(Area.CONNECTORS, "ZENDESK_QUEUE_URL", Kind.URL)
            .from(new Origin.Template("ZendeskQueue"))
            .readBy(ZENDESK)
            .means("The queue recovery follow-ups arrive on: a throttled message's visibility is set there to the Retry-After "
                    + "Zendesk asked for.");

    public static final Setting ZENDESK_DEAD_LETTER_QUEUE_URL = Setting.of(Area.CONNECTORS, "ZENDESK_DEAD_LETTER_QUEUE_URL", Kind.URL)
            .from(new Origin.Template("ZendeskDeadLetterQueue"))
            .readBy(ZENDESK)
            .means("Where a follow-up Zendesk refuses for good (a 4xx other than 429) is moved at once; unset: it stays on the "
                    + "queue until the queue's own redrive moves it.");

    public static final Setting ZENDESK_TIMEOUT_SECONDS = Setting.of(Area.CONNECTORS, "ZENDESK_TIMEOUT_SECONDS", Kind.SECONDS)
            .byDefault("8")
            .readBy(ZENDESK, ERASURE)
            .means("How long one call to Zendesk may take before it is left for a retry (the ticket is then looked up by its "
                    + "external id before another is created).");

    public static final Setting ZENDESK_BASE_URL = Setting.of(Area.CONNECTORS, "ZENDESK_BASE_URL", Kind.URL)
            .readBy(ZENDESK, ERASURE)
            .means("Zendesk's API address instead of `https://<subdomain>.zendesk.com` (local use: the local Zendesk server).");
}

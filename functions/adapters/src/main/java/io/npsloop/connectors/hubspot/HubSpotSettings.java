package io.npsloop.connectors.hubspot;

import static io.npsloop.config.Reader.ERASURE;
import static io.npsloop.config.Reader.HUBSPOT;
import static io.npsloop.config.Reader.HUBSPOT_WEBHOOK;

import io.npsloop.config.Area;
import io.npsloop.config.Kind;
import io.npsloop.config.Origin;
import io.npsloop.config.Setting;

/** The HubSpot connector's settings: where its credentials are, and how a follow-up becomes a task. */
public final class HubSpotSettings {

    private HubSpotSettings() {}

    public static final Setting HUBSPOT_PARAMETER_PATH = Setting.of(Area.CONNECTORS, "HUBSPOT_PARAMETER_PATH", Kind.TEXT)
            .parameter("HubSpotParameterPath")
            .readBy(HUBSPOT, HUBSPOT_WEBHOOK, ERASURE)
            .means("SSM path holding the HubSpot app's SecureStrings: `private-app-token`, `client-secret`, `fallback-owner-id` "
                    + "(e.g. `/nps-loop/hubspot/`). Empty: no HubSpot connector is deployed. Erasure deletes the tasks and "
                    + "the contacts the connector created, and clears its NPS properties on the others.");

    public static final Setting HUBSPOT_SECRETS = Setting.of(Area.CONNECTORS, "HUBSPOT_SECRETS", Kind.SECRET)
            .readBy(HUBSPOT, HUBSPOT_WEBHOOK, ERASURE)
            .means("The same values straight from the environment (local use): `<name>=<value>` pairs separated by `;`, "
                    + "e.g. `private-app-token=pat-…;client-secret=…;fallback-owner-id=512`; wins over SSM.");

    public static final Setting HUBSPOT_PRIORITIES = Setting.of(Area.CONNECTORS, "HUBSPOT_PRIORITIES", Kind.TEXT)
            .byDefault("high=HIGH,medium=MEDIUM,low=LOW")
            .parameter("HubSpotPriorities")
            .readBy(HUBSPOT)
            .means("A task's `hs_task_priority` by the customer's value tier: `<tier>=<priority>` pairs separated by `,`; tiers "
                    + "high, medium, low, unknown; priorities HIGH, MEDIUM, LOW. A tier left out: no priority.");

    public static final Setting HUBSPOT_OWNER_ORDER = Setting.of(Area.CONNECTORS, "HUBSPOT_OWNER_ORDER", Kind.LIST)
            .byDefault("contact,company")
            .parameter("HubSpotOwnerOrder")
            .readBy(HUBSPOT)
            .means("Whose `hubspot_owner_id` a task gets, first found: `contact`, `company` or both in order; the SSM "
                    + "parameter `fallback-owner-id` when none has an owner.");

    public static final Setting HUBSPOT_QUEUE_URL = Setting.of(Area.CONNECTORS, "HUBSPOT_QUEUE_URL", Kind.URL)
            .from(new Origin.Template("HubSpotQueue"))
            .readBy(HUBSPOT)
            .means("The queue follow-ups arrive on: a throttled message's visibility is set there to HubSpot's Retry-After, "
                    + "or to its ten-second window.");

    public static final Setting HUBSPOT_DEAD_LETTER_QUEUE_URL = Setting.of(Area.CONNECTORS, "HUBSPOT_DEAD_LETTER_QUEUE_URL", Kind.URL)
            .from(new Origin.Template("HubSpotDeadLetterQueue"))
            .readBy(HUBSPOT)
            .means("Where a follow-up HubSpot refuses for good (a 4xx other than 429) is moved at once; unset: it stays on the "
                    + "queue until the queue's own redrive moves it.");

    public static final Setting HUBSPOT_TIMEOUT_SECONDS = Setting.of(Area.CONNECTORS, "HUBSPOT_TIMEOUT_SECONDS", Kind.SECONDS)
            .byDefault("5")
            .readBy(HUBSPOT, ERASURE)
            .means("How long one call to HubSpot may take before the follow-up is left for a retry (the task is then looked "
                    + "up on the contact before another is created).");

    public static final Setting HUBSPOT_BASE_URL = Setting.of(Area.CONNECTORS, "HUBSPOT_BASE_URL", Kind.URL)
            .byDefault("https://api.hubapi.com")
            .readBy(HUBSPOT, ERASURE)
            .means("HubSpot's API address (local use: the local HubSpot server).");

    public static final Setting HUBSPOT_WEBHOOK_URL = Setting.of(Area.CONNECTORS, "HUBSPOT_WEBHOOK_URL", Kind.URL)
            .readBy(HUBSPOT_WEBHOOK)
            .means("The target URL as entered in HubSpot, which HubSpot signs; unset: `https://<the request's host><its path>`, "
                    + "right for the stack's own endpoint (set it behind a custom domain).");
}

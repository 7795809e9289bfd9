package io.npsloop.local.stack;

import com.fasterxml.jackson.jr.ob.JSON;
import io.npsloop.config.Settings;
import io.npsloop.connectors.ConnectorParameters;
import io.npsloop.connectors.hubspot.HubSpotFunction;
import io.npsloop.connectors.hubspot.HubSpotSettings;
import io.npsloop.domain.intake.ResponseKey;
import io.npsloop.domain.policy.FollowUpStatus;
import io.npsloop.ingest.sources.SurveyTools;
import io.npsloop.local.LocalHubSpot;
import io.npsloop.local.LocalZendesk;
import io.npsloop.local.SnsDelivery;
import io.npsloop.table.ResponseItem;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Replays the sample webhooks against a running stack and shows what a team would receive. */
final class Demo {

    /** How the demo prints a promoter's personal link, before the URL. */
    static final String REFERRAL_PAGE = "Promoter's referral page: ";

    /** The case a HubSpot task is for, as its body carries it. */
    private static final Pattern MARKER = Pattern.compile("\\[nps-loop:([^\\]]+)\\]");

    private Demo() {}

    static int run(LocalStack stack, Path events, PrintStream out) throws IOException, InterruptedException {
        var samples = Main.samples(events);
        if (samples.isEmpty()) {
            out.println("No samples found in " + events);
            return 1;
        }
        int problems = 0;
        int expectedFollowUps = 0;
        for (var sample : samples) {
            var name = sample.getFileName().toString();
            var source = Main.sourceOf(sample);
            if (SurveyTools.named(source, new Settings(stack.functionEnvironment())).isEmpty()) {
                out.println("skipped " + name + ": no recipe for " + source + " in MAPPED_SOURCES");
                continue;
            }
            var signed = Signer.sign(source, Files.readAllBytes(sample), stack.functionEnvironment());
            var path = Signer.path(source, stack.functionEnvironment());
            var response = Main.send(stack.baseUrl().resolve(path), signed.headers(), signed.body());
            out.println("POST /webhooks/" + source + (path.equals("/webhooks/" + source) ? "" : "/<token>")
                    + " (" + name + ") -> " + response.statusCode() + " " + response.body());
            // A later version of a response revises it (200); a sample named to be rejected is turned away
            // with what to fix (400) and kept in the quarantine; everything else is new (202).
            if (response.statusCode() != (isUpdate(name) ? 200 : isRejected(name) ? 400 : 202)) {
                problems++;
                continue;
            }
            if (isRejected(name)) {
                continue;
            }
            var answer = JSON.std.mapFrom(response.body());
            if (Boolean.TRUE.equals(answer.get("queued"))) {
                // Read from the tool's API by the fetch function; waited for before the next sample, so
                // that what it decides (an account's recovery case opened) comes before the samples after it.
                var key = new ResponseKey(source, String.valueOf(answer.get("responseId")));
                var status = fetchedFollowUpStatus(stack, key);
                out.println("fetched " + key.source() + "#" + key.responseId() + " -> follow-up " + status);
                if (status == null) {
                    problems++;
                } else if (status.equals(FollowUpStatus.PENDING.wireName()) || status.equals(FollowUpStatus.SENT.wireName())) {
                    expectedFollowUps++;
                }
                continue;
            }
            if (!isUpdate(name) && answer.get("followUp") instanceof Map<?, ?> followUp && FollowUpStatus.PENDING.wireName().equals(followUp.get("status"))) {
                expectedFollowUps++;
                // A revision arrives minutes later in life; here it would race the dispatch of the follow-up
                // it may change, so the follow-up is sent first, as it would be by then.
                var revision = sample.resolveSibling(name.replace(".json", "-updated.json"));
                if (samples.contains(revision)) {
                    var key = new ResponseKey(source, String.valueOf(answer.get("responseId")));
                    if (!awaitDispatched(stack, key)) {
                        out.println("follow-up of " + key.source() + "#" + key.responseId() + " never dispatched");
                        problems++;
                    }
                }
            }
        }

        var first = samples.get(0);
        var source = Main.sourceOf(first);
        var again = Signer.sign(source, Files.readAllBytes(first), stack.functionEnvironment());
        var retry = Main.send(stack.baseUrl().resolve("/webhooks/" + source), again.headers(), again.body());
        out.println("POST /webhooks/" + source + " (" + first.getFileName() + ", again) -> " + retry.statusCode() + " " + retry.body());
        if (retry.statusCode() != 200) {
            problems++;
        }

        out.println();
        out.println("Waiting for " + expectedFollowUps + " follow-ups on the queue...");
        var received = new ArrayList<SnsDelivery>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (var message : stack.aws().receiveAll(stack.resources().followUpQueueUrl(), Duration.ofSeconds(1))) {
                received.add(SnsDelivery.fromSqsBody(message.body()));
            }
            if (received.size() >= expectedFollowUps) {
                // One more quiet second: a duplicate would show up here.
                stack.aws().receiveAll(stack.resources().followUpQueueUrl(), Duration.ofSeconds(1))
                        .forEach(m -> received.add(SnsDelivery.fromSqsBody(m.body())));
                break;
            }
        }
        received.forEach(delivery -> print(delivery, out));
        if (received.size() != expectedFollowUps) {
            out.println("Expected " + expectedFollowUps + " follow-ups, received " + received.size() + ".");
            problems++;
        }
        if (stack.zendesk().isPresent()) {
            problems += tickets(stack.zendesk().get(), received, out);
        }
        if (stack.hubspot().isPresent()) {
            problems += tasks(stack.hubspot().get(), stack.functionEnvironment(), received, out);
        }
        return problems == 0 ? 0 : 1;
    }

    /** The Zendesk tickets the recoveries opened: one per recovery with an email, none for anything else. */
    private static int tickets(LocalZendesk zendesk, List<SnsDelivery> received, PrintStream out) throws InterruptedException {
        var expected = received.stream().filter(d -> "recovery".equals(d.attributes().get("action")))
                .map(d -> d.json().get("respondent") instanceof Map<?, ?> who ? who.get("email") : null)
                .filter(email -> email instanceof String text && !text.isBlank()).count();
        out.println();
        out.println("Waiting for " + expected + " Zendesk tickets, one per recovery with an email...");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (zendesk.tickets().size() < expected && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        // One more quiet second: a duplicate would show up here.
        Thread.sleep(1000);
        var tickets = zendesk.tickets();
        tickets.forEach(ticket -> {
            var requester = ticket.get("requester_id") instanceof Number id
                    ? zendesk.user(id.longValue()).map(user -> user.get("email")).orElse(null) : null;
            out.println("---- Zendesk ticket #" + ticket.get("id") + " " + List.of(
                    "external_id=" + ticket.get("external_id"), "priority=" + ticket.get("priority"),
                    "requester=" + requester, "tags=" + ticket.get("tags")));
            out.println("Subject: " + ticket.get("subject"));
            out.println();
        });
        if (!tickets.isEmpty()) {
            out.println("Solve one in the local Zendesk and its case is resolved (the trigger's webhook, signed):");
            out.println("  curl -s -X PUT -u local/token:local -H 'Content-Type: application/json' -d '{\"ticket\":{\"status\":\"solved\"}}' "
                    + zendesk.baseUrl() + "/api/v2/tickets/" + tickets.get(0).get("id"));
        }
        if (tickets.size() != expected) {
            out.println("Expected " + expected + " Zendesk tickets, found " + tickets.size() + ".");
            return 1;
        }
        return 0;
    }

    /** The HubSpot tasks the follow-ups became: one per follow-up with an email, escalations none. */
    @SuppressWarnings("unchecked")
    private static int tasks(LocalHubSpot hubspot, Map<String, String> environment, List<SnsDelivery> received, PrintStream out)
            throws InterruptedException {
        var expected = received.stream().filter(d -> HubSpotFunction.ACTIONS.contains(d.attributes().get("action")))
                .map(d -> d.json().get("respondent") instanceof Map<?, ?> who ? who.get("email") : null)
                .filter(email -> email instanceof String text && !text.isBlank()).count();
        out.println();
        out.println("Waiting for " + expected + " HubSpot tasks, one per follow-up with an email...");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (hubspot.all("tasks").size() < expected && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        // One more quiet second: a duplicate would show up here.
        Thread.sleep(1000);
        var tasks = hubspot.all("tasks");
        tasks.forEach(task -> {
            var properties = (Map<String, String>) task.get("properties");
            var marker = MARKER.matcher(String.valueOf(properties.get("hs_task_body")));
            out.println("---- HubSpot task " + task.get("id") + " " + List.of(
                    "owner=" + properties.get("hubspot_owner_id"), "priority=" + properties.get("hs_task_priority"),
                    "case=" + (marker.find() ? marker.group(1) : "?")));
            out.println("Subject: " + properties.get("hs_task_subject"));
            out.println();
        });
        if (!tasks.isEmpty()) {
            var token = ConnectorParameters.parse(environment.getOrDefault(HubSpotSettings.HUBSPOT_SECRETS.variable(), ""),
                    HubSpotSettings.HUBSPOT_SECRETS).get("private-app-token");
            out.println("Complete one in the local HubSpot and its case is marked contacted (the app's webhook, signed v3):");
            out.println("  curl -s -X PATCH -H 'Authorization: Bearer " + token + "' -H 'Content-Type: application/json' "
                    + "-d '{\"properties\":{\"hs_task_status\":\"COMPLETED\"}}' "
                    + hubspot.baseUrl() + "/crm/v3/objects/tasks/" + tasks.get(0).get("id"));
        }
        if (tasks.size() != expected) {
            out.println("Expected " + expected + " HubSpot tasks, found " + tasks.size() + ".");
            return 1;
        }
        return 0;
    }

    /** The stored response's follow-up status once the fetch function has stored it, or null if it never is. */
    private static String fetchedFollowUpStatus(LocalStack stack, ResponseKey key) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            var item = stack.aws().dynamoDb().getItem(r -> r.tableName(stack.resources().tableName()).consistentRead(true)
                    .key(ResponseItem.key(key))).item();
            if (item != null && item.containsKey(ResponseItem.FOLLOW_UP_STATUS)) {
                return item.get(ResponseItem.FOLLOW_UP_STATUS).s();
            }
            Thread.sleep(200);
        }
        return null;
    }

    /** Whether the stored response's follow-up leaves pending, i.e. the dispatch function has sent it. */
    private static boolean awaitDispatched(LocalStack stack, ResponseKey key) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            var item = stack.aws().dynamoDb().getItem(r -> r.tableName(stack.resources().tableName()).consistentRead(true)
                    .key(ResponseItem.key(key))).item();
            var status = item == null ? null : item.get(ResponseItem.FOLLOW_UP_STATUS);
            if (status != null && !status.s().equals(FollowUpStatus.PENDING.wireName())) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }

    static boolean isUpdate(String sampleName) {
        return sampleName.endsWith("-updated.json");
    }

    static boolean isRejected(String sampleName) {
        return sampleName.endsWith("-rejected.json");
    }

    static void print(SnsDelivery delivery, PrintStream out) {
        out.println("---- follow-up " + delivery.attributes().getOrDefault("followUpId", "?") + " " + List.of(
                "action=" + delivery.attributes().get("action"),
                "category=" + delivery.attributes().get("category"),
                "valueTier=" + delivery.attributes().get("valueTier"),
                "locale=" + delivery.attributes().get("locale")));
        out.println("Subject: " + delivery.subject());
        var steps = delivery.json().get("steps");
        out.println("Due: " + delivery.json().get("dueAt") + "   Steps: " + steps);
        // A referral's own page for the promoter: open it to name people as they would.
        if (delivery.json().get("links") instanceof Map<?, ?> links && links.get("referralPage") instanceof String page) {
            out.println(REFERRAL_PAGE + page);
        }
        out.println();
    }
}

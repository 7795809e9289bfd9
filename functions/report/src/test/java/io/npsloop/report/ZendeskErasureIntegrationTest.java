package io.npsloop.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.jr.ob.JSON;
import io.npsloop.aws.AwsClients;
import io.npsloop.config.Settings;
import io.npsloop.connectors.zendesk.ZendeskClient;
import io.npsloop.domain.intake.ResponseKey;
import io.npsloop.local.LocalAws;
import io.npsloop.local.LocalContext;
import io.npsloop.local.LocalZendesk;
import io.npsloop.table.ConnectorItem;
import io.npsloop.table.ResponseItem;
import io.npsloop.table.Table;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Erasure where the Zendesk connector is configured: the tickets it opened for the customer's
 * recovery cases are deleted and then permanently deleted over HTTP ({@link LocalZendesk}), with the
 * connector's items; then the end user the connector created for them (its tag) is deleted for good,
 * and one someone had before is left alone. A throttled, failing or refusing Zendesk makes the
 * erasure answer 503 naming what remains, and the next request completes it.
 */
class ZendeskErasureIntegrationTest {


    private final LocalAws aws = LocalAws.shared();
    private final LocalAws.Resources resources = aws.provision("zderase-" + UUID.randomUUID().toString().substring(0, 8));
    private final LocalZendesk zendesk = new LocalZendesk();

    @AfterEach
    void stop() {
        zendesk.close();
    }

    private ErasureFunction erasure() {
        var env = new HashMap<>(aws.environment());
        env.put("TABLE_NAME", resources.tableName());
        env.put("ZENDESK_PARAMETER_PATH", "/nps-loop/zendesk/");
        env.put("ZENDESK_SECRETS", "subdomain=acme;email=ops@acme.example;api-token=tok;group-id=1;webhook-secret=s");
        env.put("ZENDESK_BASE_URL", zendesk.baseUrl());
        env.put("ZENDESK_TIMEOUT_SECONDS", "2");
        var settings = new Settings(env);
        return new ErasureFunction(settings, new AwsClients(settings), Clock.systemUTC());
    }

    /** A stored answer of {@code customer}: a detractor's decision is a recovery. */
    private String store(String customer, String responseId, int score) {
        return StoredAnswers.store(aws, resources.tableName(), customer, responseId, score);
    }

    /** A ticket as the connector opens it, and its item in the table with the ticket id, as the connector leaves it. */
    private long ticket(String caseId, boolean withLedger) {
        var ticket = zendesk.create(Map.of("external_id", caseId, "subject", "[NPS Recovery]", "tags", List.of("nps-loop")));
        long id = ((Number) ticket.get("id")).longValue();
        if (withLedger) {
            var item = new HashMap<>(ConnectorItem.key("zendesk", caseId));
            item.put(Table.TYPE, AttributeValue.fromS(ConnectorItem.TYPE));
            item.put(ConnectorItem.EXTERNAL_ID, AttributeValue.fromS(Long.toString(id)));
            aws.dynamoDb().putItem(r -> r.tableName(resources.tableName()).item(item));
        }
        return id;
    }

    private APIGatewayV2HTTPEvent delete(String customer) {
        return APIGatewayV2HTTPEvent.builder().withRouteKey(ErasureFunction.ROUTE)
                .withPathParameters(Map.of("id", customer)).build();
    }

    private boolean exists(Map<String, AttributeValue> key) {
        var item = aws.dynamoDb().getItem(r -> r.tableName(resources.tableName()).key(key).consistentRead(true)).item();
        return item != null && !item.isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> removed(String body) throws Exception {
        return (Map<String, Object>) JSON.std.mapFrom(body).get("removed");
    }

    private List<Object> ticketIds() {
        return zendesk.tickets().stream().map(t -> t.get("id")).toList();
    }

    @Test
    void theCustomersTicketIsDeletedThenPermanentlyDeletedAndTheirItemsGoOthersStay() throws Exception {
        var detractor = store("cust-z1", "r-z1", 2);
        var other = store("cust-z2", "r-z2", 1);
        long theirs = ticket(detractor, true);
        long others = ticket(other, true);

        var answer = erasure().handleRequest(delete("cust-z1"), new LocalContext("erasure"));

        assertThat(answer.getStatusCode()).isEqualTo(200);
        assertThat(removed(answer.getBody())).containsEntry("zendeskTickets", 1).containsEntry("responses", 1);
        assertThat(ticketIds()).containsExactly(others);
        assertThat(zendesk.deletedTickets()).as("permanently deleted, not left in Deleted tickets").isEmpty();
        assertThat(zendesk.requests()).filteredOn(r -> r.path().contains("tickets"))
                .extracting(LocalZendesk.Request::method, LocalZendesk.Request::path).containsExactly(
                org.assertj.core.groups.Tuple.tuple("DELETE", "/api/v2/tickets/" + theirs),
                org.assertj.core.groups.Tuple.tuple("DELETE", "/api/v2/deleted_tickets/" + theirs));
        assertThat(exists(ConnectorItem.key("zendesk", detractor))).isFalse();
        assertThat(exists(ConnectorItem.key("zendesk", other))).isTrue();
        assertThat(exists(ResponseItem.key(ResponseKey.fromValue(detractor).orElseThrow()))).isFalse();
        assertThat(exists(ResponseItem.key(ResponseKey.fromValue(other).orElseThrow()))).isTrue();
    }

    @Test
    void aThrottledZendeskFailsTheErasureNamingWhatRemainsAndTheRetryCompletesIt() throws Exception {
        var detractor = store("cust-z3", "r-z3", 0);
        long id = ticket(detractor, true);
        // The ticket is deleted, then its permanent deletion is throttled.
        zendesk.failNext(new LocalZendesk.Fault.None(), new LocalZendesk.Fault.RateLimited(30));

        var failed = erasure().handleRequest(delete("cust-z3"), new LocalContext("erasure"));

        assertThat(failed.getStatusCode()).isEqualTo(503);
        assertThat(JSON.std.mapFrom(failed.getBody()).get("detail")).asString()
                .contains("Zendesk answered http_429").contains("remains in Zendesk").contains("Retry");
        assertThat(zendesk.deletedTickets()).extracting(t -> t.get("id")).containsExactly(id);
        assertThat(exists(ResponseItem.key(ResponseKey.fromValue(detractor).orElseThrow()))).as("kept for the retry").isTrue();
        assertThat(exists(ConnectorItem.key("zendesk", detractor))).isTrue();

        var retried = erasure().handleRequest(delete("cust-z3"), new LocalContext("erasure"));

        assertThat(retried.getStatusCode()).isEqualTo(200);
        assertThat(removed(retried.getBody())).containsEntry("zendeskTickets", 1).containsEntry("responses", 1);
        assertThat(zendesk.tickets()).isEmpty();
        assertThat(zendesk.deletedTickets()).isEmpty();
        assertThat(exists(ResponseItem.key(ResponseKey.fromValue(detractor).orElseThrow()))).isFalse();
        assertThat(exists(ConnectorItem.key("zendesk", detractor))).isFalse();
    }

    @Test
    void aZendeskDownOnTheFirstCallKeepsEverythingForTheRetry() throws Exception {
        var detractor = store("cust-z4", "r-z4", 3);
        ticket(detractor, true);
        zendesk.failNext(new LocalZendesk.Fault.ServerError(503));

        var failed = erasure().handleRequest(delete("cust-z4"), new LocalContext("erasure"));

        assertThat(failed.getStatusCode()).isEqualTo(503);
        assertThat(JSON.std.mapFrom(failed.getBody()).get("detail")).asString().contains("http_503");
        assertThat(zendesk.tickets()).hasSize(1);
        assertThat(erasure().handleRequest(delete("cust-z4"), new LocalContext("erasure")).getStatusCode()).isEqualTo(200);
        assertThat(zendesk.tickets()).isEmpty();
    }

    @Test
    void aTicketWhoseItemHasExpiredIsFoundByItsExternalId() throws Exception {
        var detractor = store("cust-z5", "r-z5", 4);
        ticket(detractor, false);

        var answer = erasure().handleRequest(delete("cust-z5"), new LocalContext("erasure"));

        assertThat(answer.getStatusCode()).isEqualTo(200);
        assertThat(removed(answer.getBody())).containsEntry("zendeskTickets", 1);
        assertThat(zendesk.tickets()).isEmpty();
        assertThat(zendesk.deletedTickets()).isEmpty();
    }

    /** A ticket of the connector's for {@code caseId} with this requester, and its item, as the connector leaves them. */
    private long ticketFor(String caseId, Object requesterId) {
        long id = ticket(caseId, true);
        zendesk.tickets().stream().filter(t -> t.get("id").equals(id)).findFirst().orElseThrow().put("requester_id", requesterId);
        return id;
    }

    @Test
    void theEndUserTheConnectorCreatedIsDeletedForGoodAfterTheirTicketsAndOneSomeoneHadBeforeStays() throws Exception {
        var created = zendesk.addUser("Name cust-z7", "cust-z7@example.com", ZendeskClient.CREATED_USER_TAG);
        var before = zendesk.addUser("Name cust-z8", "cust-z8@example.com", "vip");
        ticketFor(store("cust-z7", "r-z7a", 2), created.get("id"));
        ticketFor(store("cust-z7", "r-z7b", 1), created.get("id"));
        ticketFor(store("cust-z8", "r-z8", 3), before.get("id"));

        var first = erasure().handleRequest(delete("cust-z7"), new LocalContext("erasure"));
        var paths = zendesk.requests().stream().map(LocalZendesk.Request::path).toList();
        var second = erasure().handleRequest(delete("cust-z8"), new LocalContext("erasure"));

        assertThat(first.getStatusCode()).isEqualTo(200);
        assertThat(removed(first.getBody())).containsEntry("zendeskTickets", 2).containsEntry("zendeskUsers", 1);
        assertThat(second.getStatusCode()).isEqualTo(200);
        assertThat(removed(second.getBody())).containsEntry("zendeskTickets", 1).containsEntry("zendeskUsers", 0);
        assertThat(zendesk.tickets()).isEmpty();
        assertThat(zendesk.users()).extracting(u -> u.get("id")).containsExactly(before.get("id"));
        assertThat(zendesk.deletedUsers()).as("permanently deleted, not left in Deleted users").isEmpty();
        // Both tickets went before the user: Zendesk keeps an end user who requested a ticket still there.
        int lastTicket = java.util.stream.IntStream.range(0, paths.size())
                .filter(i -> paths.get(i).startsWith("/api/v2/deleted_tickets/")).max().orElseThrow();
        assertThat(paths.indexOf("/api/v2/users/" + created.get("id"))).isGreaterThan(lastTicket);
        assertThat(zendesk.requests()).noneMatch(r -> r.method().equals("DELETE") && r.path().endsWith("/" + before.get("id")));
        // Nothing of the run is left in the table.
        assertThat(aws.dynamoDb().scan(r -> r.tableName(resources.tableName())).items())
                .noneMatch(item -> item.get(Table.PK).s().startsWith("CONNECTOR#zendesk#USERS#"));
    }

    @Test
    void aThrottledPermanentUserDeletionAnswers503AndTheRetryFindsTheDeletedUserAndCompletesIt() throws Exception {
        var created = zendesk.addUser("Name cust-z9", "cust-z9@example.com", ZendeskClient.CREATED_USER_TAG);
        ticketFor(store("cust-z9", "r-z9", 0), created.get("id"));
        // The user is deleted, then its permanent deletion is throttled.
        zendesk.failNextOn("/api/v2/deleted_users", new LocalZendesk.Fault.RateLimited(30));

        var failed = erasure().handleRequest(delete("cust-z9"), new LocalContext("erasure"));

        assertThat(failed.getStatusCode()).isEqualTo(503);
        assertThat(JSON.std.mapFrom(failed.getBody()).get("detail")).asString()
                .contains("Zendesk answered http_429 permanently deleting the end user NPS Loop created")
                .contains("remains").contains("Retry").doesNotContain(String.valueOf(created.get("id"))).doesNotContain("cust-z9");
        assertThat(zendesk.users()).isEmpty();
        assertThat(zendesk.deletedUsers()).extracting(u -> u.get("id")).containsExactly(created.get("id"));

        var retried = erasure().handleRequest(delete("cust-z9"), new LocalContext("erasure"));

        assertThat(retried.getStatusCode()).isEqualTo(200);
        assertThat(removed(retried.getBody())).containsEntry("zendeskUsers", 1).containsEntry("responses", 1);
        assertThat(zendesk.deletedUsers()).isEmpty();
        var again = erasure().handleRequest(delete("cust-z9"), new LocalContext("erasure"));
        assertThat(removed(again.getBody())).as("nothing counted twice").containsEntry("zendeskUsers", 0);
    }

    @Test
    void anEndUserWhoRequestedATicketNotClosedIsRefusedByZendeskNamedAsRemainingAndDeletedOnceItIsClosed() throws Exception {
        var created = zendesk.addUser("Name cust-z10", "cust-z10@example.com", ZendeskClient.CREATED_USER_TAG);
        ticketFor(store("cust-z10", "r-z10", 1), created.get("id"));
        // They wrote to support since: a ticket NPS Loop did not open, still open.
        var own = zendesk.create(Map.of("subject", "Where is my refund?", "requester_id", created.get("id")));

        var failed = erasure().handleRequest(delete("cust-z10"), new LocalContext("erasure"));

        assertThat(failed.getStatusCode()).isEqualTo(503);
        assertThat(JSON.std.mapFrom(failed.getBody()).get("detail")).asString()
                .contains("refused deleting the end user NPS Loop created").contains("not closed").contains("remains");
        assertThat(zendesk.users()).extracting(u -> u.get("id")).containsExactly(created.get("id"));
        assertThat(zendesk.tickets()).extracting(t -> t.get("id")).containsExactly(own.get("id"));

        assertThat(zendesk.close(((Number) own.get("id")).longValue())).isTrue();
        var retried = erasure().handleRequest(delete("cust-z10"), new LocalContext("erasure"));

        assertThat(retried.getStatusCode()).isEqualTo(200);
        assertThat(removed(retried.getBody())).containsEntry("zendeskUsers", 1).containsEntry("zendeskTickets", 0);
        assertThat(zendesk.users()).isEmpty();
        assertThat(zendesk.deletedUsers()).isEmpty();
    }

    @Test
    void anEndUserTheConnectorCreatedMinutesAgoWhomTheSearchDoesNotFindYetIsDeletedFromTheirCasesItem() throws Exception {
        // Zendesk's search does not find a user created minutes ago; the connector kept their id on the case's item.
        zendesk.searchLagging(true);
        var created = zendesk.addUser("Name cust-z12", "cust-z12@example.com", ZendeskClient.CREATED_USER_TAG);
        var detractor = store("cust-z12", "r-z12", 1);
        ticketFor(detractor, created.get("id"));
        aws.dynamoDb().updateItem(r -> r.tableName(resources.tableName()).key(ConnectorItem.key("zendesk", detractor))
                .updateExpression("SET " + ConnectorItem.CREATED_REQUESTER_ID + " = :user")
                .expressionAttributeValues(Map.of(":user", AttributeValue.fromS(String.valueOf(created.get("id"))))));
        // The user is deleted, then its permanent deletion is throttled: the retry still knows them, the case's item gone.
        zendesk.failNextOn("/api/v2/deleted_users", new LocalZendesk.Fault.RateLimited(30));

        var failed = erasure().handleRequest(delete("cust-z12"), new LocalContext("erasure"));

        assertThat(failed.getStatusCode()).isEqualTo(503);
        assertThat(zendesk.requests()).anyMatch(r -> r.path().startsWith("/api/v2/users/search"));
        assertThat(zendesk.users()).isEmpty();
        assertThat(zendesk.deletedUsers()).extracting(u -> u.get("id")).containsExactly(created.get("id"));
        assertThat(exists(ConnectorItem.key("zendesk", detractor))).isFalse();

        var retried = erasure().handleRequest(delete("cust-z12"), new LocalContext("erasure"));

        assertThat(retried.getStatusCode()).isEqualTo(200);
        assertThat(removed(retried.getBody())).containsEntry("zendeskUsers", 1).containsEntry("responses", 1);
        assertThat(zendesk.deletedUsers()).isEmpty();
        assertThat(aws.dynamoDb().scan(r -> r.tableName(resources.tableName())).items())
                .noneMatch(item -> item.get(Table.PK).s().startsWith("CONNECTOR#zendesk#"));
    }

    @Test
    void aZendeskDownWhileLookingUpTheUserKeepsTheResponsesForTheRetry() throws Exception {
        var created = zendesk.addUser("Name cust-z11", "cust-z11@example.com", ZendeskClient.CREATED_USER_TAG);
        var detractor = store("cust-z11", "r-z11", 1);
        ticketFor(detractor, created.get("id"));
        zendesk.failNextOn("/api/v2/users/search", new LocalZendesk.Fault.ServerError(502));

        var failed = erasure().handleRequest(delete("cust-z11"), new LocalContext("erasure"));

        assertThat(failed.getStatusCode()).isEqualTo(503);
        assertThat(JSON.std.mapFrom(failed.getBody()).get("detail")).asString().contains("http_502 looking up the customer's end user");
        assertThat(exists(ResponseItem.key(ResponseKey.fromValue(detractor).orElseThrow()))).as("kept for the retry").isTrue();
        var retried = erasure().handleRequest(delete("cust-z11"), new LocalContext("erasure"));
        assertThat(retried.getStatusCode()).isEqualTo(200);
        assertThat(removed(retried.getBody())).containsEntry("zendeskUsers", 1);
        assertThat(zendesk.users()).isEmpty();
    }

    @Test
    void aPromoterAsksNothingOfZendesk() throws Exception {
        store("cust-z6", "r-z6", 9);

        var answer = erasure().handleRequest(delete("cust-z6"), new LocalContext("erasure"));

        assertThat(answer.getStatusCode()).isEqualTo(200);
        assertThat(removed(answer.getBody())).containsEntry("zendeskTickets", 0).containsEntry("zendeskUsers", 0);
        assertThat(zendesk.requests()).isEmpty();
    }
}

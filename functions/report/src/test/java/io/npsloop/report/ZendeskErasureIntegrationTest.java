package io.npsloop.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.jr.ob.JSON;
import io.npsloop.aws.AwsClients;
import io.npsloop.aws.DynamoDbResponseStore;
import io.npsloop.config.Settings;
import io.npsloop.domain.intake.Respondent;
import io.npsloop.domain.intake.ResponseKey;
import io.npsloop.domain.intake.ResponseRecord;
import io.npsloop.domain.intake.Score;
import io.npsloop.domain.intake.SurveyResponse;
import io.npsloop.domain.intake.ValueTiers;
import io.npsloop.domain.policy.HoldoutAssignment;
import io.npsloop.domain.policy.PolicySettings;
import io.npsloop.domain.policy.RationedPolicy;
import io.npsloop.domain.policy.RespondentHistory;
import io.npsloop.local.LocalAws;
import io.npsloop.local.LocalContext;
import io.npsloop.local.LocalZendesk;
import io.npsloop.table.ConnectorItem;
import io.npsloop.table.ResponseItem;
import io.npsloop.table.Table;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
 * connector's items; a throttled or failing Zendesk makes the erasure answer 503 naming what remains,
 * and the next request completes it.
 */
class ZendeskErasureIntegrationTest {

    private static final RationedPolicy NO_HOLDOUT =
            new RationedPolicy(PolicySettings.DEFAULTS.withHoldout(HoldoutAssignment.percent(0, "test")));

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

    /** A stored answer of {@code customer}; a detractor's decision is a recovery. */
    private String store(String customer, String responseId, int score) {
        var now = Instant.now();
        var response = new SurveyResponse(new ResponseKey("generic", responseId), "q4",
                new Respondent(customer, customer + "@example.com", "Name " + customer, "acct-1", "en", new BigDecimal("25000")),
                new Score(score), "Billed twice", now.minusSeconds(60));
        new DynamoDbResponseStore(aws.dynamoDb(), resources.tableName(), Duration.ofDays(30), Clock.systemUTC())
                .store(new ResponseRecord(response, ValueTiers.DEFAULT.tierOf(response.respondent().annualValue()),
                        NO_HOLDOUT.decide(response, RespondentHistory.NONE, now), now), RespondentHistory.NONE);
        return response.key().value();
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
        assertThat(zendesk.requests()).extracting(LocalZendesk.Request::method, LocalZendesk.Request::path).containsExactly(
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

    @Test
    void aPromoterAsksNothingOfZendesk() throws Exception {
        store("cust-z6", "r-z6", 9);

        var answer = erasure().handleRequest(delete("cust-z6"), new LocalContext("erasure"));

        assertThat(answer.getStatusCode()).isEqualTo(200);
        assertThat(removed(answer.getBody())).containsEntry("zendeskTickets", 0);
        assertThat(zendesk.requests()).isEmpty();
    }
}

package io.npsloop.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.jr.ob.JSON;
import io.npsloop.aws.AwsClients;
import io.npsloop.config.Settings;
import io.npsloop.connectors.hubspot.HubSpotProperties;
import io.npsloop.domain.intake.ResponseKey;
import io.npsloop.local.LocalAws;
import io.npsloop.local.LocalContext;
import io.npsloop.local.LocalHubSpot;
import io.npsloop.table.ConnectorItem;
import io.npsloop.table.ResponseItem;
import io.npsloop.table.Table;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Erasure where the HubSpot connector is configured, over HTTP against {@link LocalHubSpot}: the
 * tasks of the customer's follow-ups are archived (found by the connector's items, else by their
 * marker on the contact) with the connector's items; the contact the connector created is deleted
 * for good (GDPR delete), a contact someone had before only loses its NPS properties; the company's
 * are cleared only when they describe one of the customer's cases. A throttled or failing HubSpot
 * makes the erasure answer 503 naming what remains, and the next request completes it.
 */
class HubSpotErasureIntegrationTest {

    private static final List<String> NPS = HubSpotProperties.names();

    private final LocalAws aws = LocalAws.shared();
    private final LocalAws.Resources resources = aws.provision("hserase-" + UUID.randomUUID().toString().substring(0, 8));
    private final LocalHubSpot hubspot = new LocalHubSpot();

    @AfterEach
    void stop() {
        hubspot.close();
    }

    private ErasureFunction erasure() {
        var env = new HashMap<>(aws.environment());
        env.put("TABLE_NAME", resources.tableName());
        env.put("HUBSPOT_PARAMETER_PATH", "/nps-loop/hubspot/");
        env.put("HUBSPOT_SECRETS", "private-app-token=pat-local;client-secret=s;fallback-owner-id=900");
        env.put("HUBSPOT_BASE_URL", hubspot.baseUrl());
        env.put("HUBSPOT_TIMEOUT_SECONDS", "2");
        var settings = new Settings(env);
        return new ErasureFunction(settings, new AwsClients(settings), Clock.systemUTC());
    }

    /** A stored answer of {@code customer}: a detractor's decision is a recovery, a promoter's a referral. */
    private String store(String customer, String responseId, int score) {
        return StoredAnswers.store(aws, resources.tableName(), customer, responseId, score);
    }

    /** A contact as the connector leaves it: its NPS properties, and its mark where the connector created it. */
    private String contact(String email, boolean createdByConnector, String companyId, String lastCase, Map<String, String> own) {
        var props = new LinkedHashMap<>(own);
        props.put("email", email);
        props.putAll(nps(lastCase));
        if (createdByConnector) {
            props.put(HubSpotProperties.CREATED_CONTACT, "true");
        }
        if (companyId != null) {
            props.put("associatedcompanyid", companyId);
        }
        return hubspot.create("contacts", props, Map.of());
    }

    private String company(String lastCase) {
        var props = new LinkedHashMap<>(nps(lastCase));
        props.put("name", "Acme");
        return hubspot.create("companies", props, Map.of());
    }

    private static Map<String, String> nps(String lastCase) {
        return Map.of("nps_last_score", "2", "nps_last_date", "2026-11-30", "nps_category", "detractor", "nps_trend", "down",
                "nps_open_recovery_case", "true", "nps_last_case_id", lastCase);
    }

    /** A task with the case's marker on the contact and, as the connector leaves them, its items: with the task id, claimed only, or none. */
    private String task(String caseId, String contactId, Ledger ledger) {
        var id = hubspot.create("tasks", Map.of("hs_task_subject", "[NPS Recovery]",
                "hs_task_body", "NPS Loop recovery follow-up [nps-loop:" + caseId + "]<br>\nTheir comment: Billed twice"),
                Map.of("contacts", List.of(contactId)));
        if (ledger != Ledger.NONE) {
            var item = new HashMap<>(ConnectorItem.key("hubspot", caseId));
            item.put(Table.TYPE, AttributeValue.fromS(ConnectorItem.TYPE));
            if (ledger == Ledger.WITH_ID) {
                item.put(ConnectorItem.EXTERNAL_ID, AttributeValue.fromS(id));
            } else {
                item.put(ConnectorItem.CLAIMED_UNTIL, AttributeValue.fromN("0"));
            }
            aws.dynamoDb().putItem(r -> r.tableName(resources.tableName()).item(item));
            var back = new HashMap<>(ConnectorItem.back("hubspot", id));
            back.put(Table.TYPE, AttributeValue.fromS(ConnectorItem.BACK_TYPE));
            back.put(ConnectorItem.FOLLOW_UP_ID, AttributeValue.fromS(caseId));
            aws.dynamoDb().putItem(r -> r.tableName(resources.tableName()).item(back));
        }
        return id;
    }

    private enum Ledger { WITH_ID, CLAIMED, NONE }

    private APIGatewayV2HTTPEvent delete(String customer) {
        return APIGatewayV2HTTPEvent.builder().withRouteKey(ErasureFunction.ROUTE)
                .withPathParameters(Map.of("id", customer)).build();
    }

    private boolean exists(Map<String, AttributeValue> key) {
        var item = aws.dynamoDb().getItem(r -> r.tableName(resources.tableName()).key(key).consistentRead(true)).item();
        return item != null && !item.isEmpty();
    }

    private boolean response(String caseId) {
        return exists(ResponseItem.key(ResponseKey.fromValue(caseId).orElseThrow()));
    }

    private String action(String caseId) {
        var item = aws.dynamoDb().getItem(r -> r.tableName(resources.tableName())
                .key(ResponseItem.key(ResponseKey.fromValue(caseId).orElseThrow())).consistentRead(true)).item();
        return Table.str(item, ResponseItem.FOLLOW_UP_ACTION);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> removed(String body) throws Exception {
        return (Map<String, Object>) JSON.std.mapFrom(body).get("removed");
    }

    private static String detail(String body) throws Exception {
        return String.valueOf(JSON.std.mapFrom(body).get("detail"));
    }

    private List<Object> ids(String type) {
        return hubspot.all(type).stream().map(r -> r.get("id")).toList();
    }

    private List<Object> archivedIds(String type) {
        return hubspot.archived(type).stream().map(r -> r.get("id")).toList();
    }

    @Test
    void bothTasksAreArchivedTheContactTheConnectorCreatedIsGdprDeletedAndTheCompanyOfTheirCaseIsCleared() throws Exception {
        var referral = store("cust-h1", "r-h1", 10);
        var recovery = store("cust-h1", "r-h2", 2);
        var others = store("cust-h9", "r-h9", 1);
        assertThat(List.of(action(referral), action(recovery))).containsExactly("referral", "recovery");
        var company = company(recovery);
        var theirs = contact("cust-h1@example.com", true, company, recovery, Map.of("firstname", "Name"));
        var someoneElse = contact("cust-h9@example.com", true, null, others, Map.of());
        var referralTask = task(referral, theirs, Ledger.WITH_ID);
        var recoveryTask = task(recovery, theirs, Ledger.WITH_ID);
        var othersTask = task(others, someoneElse, Ledger.WITH_ID);

        var answer = erasure().handleRequest(delete("cust-h1"), new LocalContext("erasure"));

        assertThat(answer.getStatusCode()).isEqualTo(200);
        assertThat(removed(answer.getBody())).containsEntry("hubspotTasks", 2).containsEntry("hubspotContacts", 1)
                .containsEntry("hubspotCompanies", 1).containsEntry("responses", 2);
        assertThat(ids("tasks")).containsExactly(othersTask);
        assertThat(archivedIds("tasks")).containsExactlyInAnyOrder(referralTask, recoveryTask);
        assertThat(hubspot.gdprDeleted()).containsExactly(theirs);
        assertThat(ids("contacts")).containsExactly(someoneElse);
        assertThat(hubspot.blocklisted()).as("deleted by id, never by an email").isEmpty();
        // The company stays, without the NPS properties that described the customer's answer.
        var companyProps = hubspot.propertiesOf("companies", company);
        assertThat(companyProps).containsEntry("name", "Acme");
        NPS.forEach(name -> assertThat(companyProps.getOrDefault(name, "")).as(name).isEmpty());
        for (var caseId : List.of(referral, recovery)) {
            assertThat(exists(ConnectorItem.key("hubspot", caseId))).isFalse();
            assertThat(response(caseId)).isFalse();
        }
        assertThat(exists(ConnectorItem.back("hubspot", referralTask))).isFalse();
        assertThat(exists(ConnectorItem.back("hubspot", recoveryTask))).isFalse();
        assertThat(exists(ConnectorItem.key("hubspot", others))).isTrue();
        assertThat(exists(ConnectorItem.back("hubspot", othersTask))).isTrue();
        assertThat(hubspot.requests()).filteredOn(r -> r.method().equals("DELETE"))
                .extracting(LocalHubSpot.Request::path)
                .containsExactlyInAnyOrder("/crm/v3/objects/tasks/" + referralTask, "/crm/v3/objects/tasks/" + recoveryTask);

        // Asked again, while the tombstone lasts: nothing is there to remove, and nothing is counted twice.
        var again = erasure().handleRequest(delete("cust-h1"), new LocalContext("erasure"));
        assertThat(again.getStatusCode()).isEqualTo(200);
        assertThat(removed(again.getBody())).containsEntry("hubspotTasks", 0).containsEntry("hubspotContacts", 0)
                .containsEntry("hubspotCompanies", 0);
    }

    @Test
    void aContactSomeoneHadBeforeKeepsItsOwnPropertiesAndLosesEveryNpsOneAndAnotherContactsCompanyStays() throws Exception {
        var recovery = store("cust-h2", "r-h3", 3);
        var company = company("generic:someone-elses-case");
        var theirs = contact("cust-h2@example.com", false, company, recovery,
                Map.of("firstname", "Dana", "hubspot_owner_id", "100"));
        task(recovery, theirs, Ledger.WITH_ID);

        var answer = erasure().handleRequest(delete("cust-h2"), new LocalContext("erasure"));

        assertThat(answer.getStatusCode()).isEqualTo(200);
        assertThat(removed(answer.getBody())).containsEntry("hubspotTasks", 1).containsEntry("hubspotContacts", 1)
                .containsEntry("hubspotCompanies", 0);
        assertThat(hubspot.gdprDeleted()).isEmpty();
        var props = hubspot.propertiesOf("contacts", theirs);
        assertThat(props).containsEntry("firstname", "Dana").containsEntry("hubspot_owner_id", "100")
                .containsEntry("email", "cust-h2@example.com").containsEntry("associatedcompanyid", company);
        NPS.forEach(name -> assertThat(props.getOrDefault(name, "")).as(name).isEmpty());
        assertThat(hubspot.propertiesOf("companies", company)).as("it describes another contact's answer")
                .containsEntry("nps_last_case_id", "generic:someone-elses-case").containsEntry("nps_last_score", "2");
        assertThat(hubspot.all("tasks")).isEmpty();
    }

    @Test
    void tasksWhoseItemHasNoIdOrHasExpiredAreFoundByTheirMarkerOnTheContact() throws Exception {
        var claimed = store("cust-h3", "r-h4", 0);
        var expired = store("cust-h3", "r-h5", 10);
        var theirs = contact("cust-h3@example.com", true, null, expired, Map.of());
        var claimedTask = task(claimed, theirs, Ledger.CLAIMED);
        var expiredTask = task(expired, theirs, Ledger.NONE);
        // A task of the same contact naming a case of no one's here: not the erasure's to find.
        var unrelated = task("generic:r-other", theirs, Ledger.NONE);

        var answer = erasure().handleRequest(delete("cust-h3"), new LocalContext("erasure"));

        assertThat(answer.getStatusCode()).isEqualTo(200);
        assertThat(removed(answer.getBody())).containsEntry("hubspotTasks", 2).containsEntry("hubspotContacts", 1);
        assertThat(archivedIds("tasks")).containsExactlyInAnyOrder(claimedTask, expiredTask);
        assertThat(ids("tasks")).containsExactly(unrelated);
        assertThat(exists(ConnectorItem.key("hubspot", claimed))).isFalse();
        assertThat(hubspot.requests()).filteredOn(r -> r.path().equals("/crm/v3/objects/tasks/search")).hasSize(2);
    }

    @Test
    void aThrottledHubSpotFailsTheErasureNamingWhatRemainsAndTheRetryCompletesItCountingNothingTwice() throws Exception {
        var referral = store("cust-h4", "r-h6", 9);
        var recovery = store("cust-h4", "r-h7", 1);
        var theirs = contact("cust-h4@example.com", true, null, recovery, Map.of());
        var first = task(referral, theirs, Ledger.WITH_ID);
        var second = task(recovery, theirs, Ledger.WITH_ID);
        hubspot.failNextOn("DELETE", "/crm/v3/objects/tasks/" + second, new LocalHubSpot.Fault.RateLimited(Optional.empty()));

        var failed = erasure().handleRequest(delete("cust-h4"), new LocalContext("erasure"));

        assertThat(failed.getStatusCode()).isEqualTo(503);
        assertThat(detail(failed.getBody())).contains("HubSpot answered http_429 deleting the task of a follow-up")
                .contains("remains in HubSpot").contains("Retry").doesNotContain(second).doesNotContain("cust-h4");
        assertThat(archivedIds("tasks")).containsExactly(first);
        assertThat(ids("contacts")).containsExactly(theirs);
        assertThat(response(referral)).as("kept for the retry").isTrue();
        assertThat(response(recovery)).isTrue();
        assertThat(exists(ConnectorItem.key("hubspot", recovery))).isTrue();

        var retried = erasure().handleRequest(delete("cust-h4"), new LocalContext("erasure"));

        assertThat(retried.getStatusCode()).isEqualTo(200);
        assertThat(removed(retried.getBody())).containsEntry("hubspotTasks", 1).containsEntry("hubspotContacts", 1)
                .containsEntry("responses", 2);
        assertThat(hubspot.all("tasks")).isEmpty();
        assertThat(archivedIds("tasks")).containsExactlyInAnyOrder(first, second);
        assertThat(hubspot.gdprDeleted()).containsExactly(theirs);
        assertThat(response(referral)).isFalse();
        assertThat(response(recovery)).isFalse();
    }

    @Test
    void aHubSpotDownWhenTheContactIsDeletedKeepsTheResponsesForTheRetryWhichFindsTheContactByTheirEmail() throws Exception {
        var recovery = store("cust-h5", "r-h8", 2);
        var company = company(recovery);
        var theirs = contact("cust-h5@example.com", true, company, recovery, Map.of());
        task(recovery, theirs, Ledger.WITH_ID);
        hubspot.failNextOn("POST", "/crm/v3/objects/contacts/gdpr-delete", new LocalHubSpot.Fault.ServerError(502));

        var failed = erasure().handleRequest(delete("cust-h5"), new LocalContext("erasure"));

        assertThat(failed.getStatusCode()).isEqualTo(503);
        assertThat(detail(failed.getBody())).contains("HubSpot answered http_502 deleting the contact NPS Loop created")
                .contains("that contact remains in HubSpot");
        assertThat(hubspot.all("tasks")).isEmpty();
        assertThat(response(recovery)).isTrue();

        var retried = erasure().handleRequest(delete("cust-h5"), new LocalContext("erasure"));

        assertThat(retried.getStatusCode()).isEqualTo(200);
        assertThat(removed(retried.getBody())).containsEntry("hubspotTasks", 0).containsEntry("hubspotContacts", 1)
                .as("cleared by the first request").containsEntry("hubspotCompanies", 0);
        assertThat(hubspot.gdprDeleted()).containsExactly(theirs);
        assertThat(response(recovery)).isFalse();
    }

    @Test
    void withoutTheConnectorConfiguredNothingIsAskedOfHubSpot() throws Exception {
        var recovery = store("cust-h6", "r-h9", 2);
        var theirs = contact("cust-h6@example.com", true, null, recovery, Map.of());
        task(recovery, theirs, Ledger.WITH_ID);
        var env = new HashMap<>(aws.environment());
        env.put("TABLE_NAME", resources.tableName());
        var settings = new Settings(env);

        var answer = new ErasureFunction(settings, new AwsClients(settings), Clock.systemUTC())
                .handleRequest(delete("cust-h6"), new LocalContext("erasure"));

        assertThat(answer.getStatusCode()).isEqualTo(200);
        assertThat(removed(answer.getBody())).doesNotContainKeys("hubspotTasks", "hubspotContacts", "hubspotCompanies");
        assertThat(hubspot.requests()).isEmpty();
        assertThat(hubspot.all("tasks")).hasSize(1);
    }

    @Test
    void theCallsAreTheDocumentedOnes() throws Exception {
        var recovery = store("cust-h7", "r-h10", 2);
        var theirs = contact("cust-h7@example.com", true, null, recovery, Map.of());
        var task = task(recovery, theirs, Ledger.WITH_ID);

        erasure().handleRequest(delete("cust-h7"), new LocalContext("erasure"));

        assertThat(hubspot.requests()).extracting(LocalHubSpot.Request::method, LocalHubSpot.Request::path).containsExactly(
                tuple("DELETE", "/crm/v3/objects/tasks/" + task),
                tuple("POST", "/crm/v3/objects/contacts/search"),
                tuple("POST", "/crm/v3/objects/contacts/gdpr-delete"));
    }
}

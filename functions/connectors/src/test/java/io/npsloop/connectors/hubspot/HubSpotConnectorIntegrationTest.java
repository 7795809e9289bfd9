package io.npsloop.connectors.hubspot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.fasterxml.jackson.jr.ob.JSON;
import io.npsloop.aws.AwsClients;
import io.npsloop.aws.DynamoDbResponseStore;
import io.npsloop.cases.DynamoDbCases;
import io.npsloop.config.Settings;
import io.npsloop.connectors.ConnectorLedger;
import io.npsloop.dispatch.DispatchFunction;
import io.npsloop.dispatch.RelationshipChange;
import io.npsloop.domain.cases.CaseEvent;
import io.npsloop.domain.cases.Referral;
import io.npsloop.domain.cases.CaseStatus;
import io.npsloop.domain.intake.Respondent;
import io.npsloop.domain.intake.ResponseKey;
import io.npsloop.domain.intake.ResponseRecord;
import io.npsloop.domain.intake.Score;
import io.npsloop.domain.intake.SurveyResponse;
import io.npsloop.domain.intake.ValueTiers;
import io.npsloop.domain.policy.HoldoutAssignment;
import io.npsloop.domain.policy.PolicySettings;
import io.npsloop.domain.policy.RationedPolicy;
import io.npsloop.local.EventPatterns;
import io.npsloop.local.LocalAws;
import io.npsloop.local.LocalContext;
import io.npsloop.local.QueueEventSource;
import io.npsloop.local.LocalHubSpot;
import io.npsloop.local.MutableClock;
import io.npsloop.local.StreamEventSource;
import io.npsloop.table.ConnectorItem;
import io.npsloop.table.Table;
import io.npsloop.table.TombstoneItem;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Follow-ups reach the HubSpot function as in AWS (SNS to a queue with the template's filter, on
 * fauxqs, then an SQS event); HubSpot is {@link LocalHubSpot} over HTTP. The webhook is signed as
 * HubSpot signs (v3).
 */
class HubSpotConnectorIntegrationTest {

    private static final RationedPolicy NO_HOLDOUT =
            new RationedPolicy(PolicySettings.DEFAULTS.withHoldout(HoldoutAssignment.percent(0, "test")));
    private static final String RING = "k1=" + Base64.getEncoder().encodeToString("k".repeat(32).getBytes(StandardCharsets.US_ASCII));
    private static final String CLIENT_SECRET = "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy";
    private static final String WEBHOOK_URL = "https://hooks.nps.example.com/connectors/hubspot";

    private final LocalAws aws = LocalAws.shared();
    private final String name = "hs-" + UUID.randomUUID().toString().substring(0, 8);
    private final LocalAws.Resources resources = aws.provision(name);
    private final String queue = aws.sqs().createQueue(r -> r.queueName(name + "-hubspot")
            .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "60"))).queueUrl();
    private final String deadLetters = aws.sqs().createQueue(r -> r.queueName(name + "-hubspot-dlq")).queueUrl();
    private final LocalHubSpot hubspot = new LocalHubSpot();
    private final MutableClock clock = new MutableClock(Instant.now());

    HubSpotConnectorIntegrationTest() {
        var arn = aws.sqs().getQueueAttributes(r -> r.queueUrl(queue).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        // Enveloped and filtered to the three actions, as template.yaml subscribes the HubSpot queue.
        aws.sns().subscribe(r -> r.topicArn(resources.topicArn()).protocol("sqs").endpoint(arn)
                .attributes(Map.of("FilterPolicy", HubSpotFunction.FILTER_POLICY)));
    }

    @AfterEach
    void stop() {
        hubspot.close();
    }

    private Map<String, String> env() {
        var env = new HashMap<>(aws.environment());
        env.put("TABLE_NAME", resources.tableName());
        env.put("TOPIC_ARN", resources.topicArn());
        env.put("ACTION_LINK_KEYS", RING);
        env.put("PUBLIC_BASE_URL", "https://nps.example.com");
        env.put("HUBSPOT_PARAMETER_PATH", "/nps-loop/hubspot/");
        env.put("HUBSPOT_SECRETS", "private-app-token=pat-eu1-test;client-secret=" + CLIENT_SECRET + ";fallback-owner-id=900");
        env.put("HUBSPOT_BASE_URL", hubspot.baseUrl());
        env.put("HUBSPOT_QUEUE_URL", queue);
        env.put("HUBSPOT_DEAD_LETTER_QUEUE_URL", deadLetters);
        env.put("HUBSPOT_TIMEOUT_SECONDS", "1");
        env.put("HUBSPOT_WEBHOOK_URL", WEBHOOK_URL);
        return env;
    }

    private HubSpotFunction function() {
        var settings = new Settings(env());
        return new HubSpotFunction(settings, new AwsClients(settings), clock);
    }

    /** A detractor of high value and a promoter, published through dispatch. */
    private void publishFollowUps() {
        var now = Instant.now();
        store("r-vip", 2, "ana@example.com", new BigDecimal("25000"), "Billed twice <b>again</b>", now);
        store("r-fan", 10, "fan@example.com", new BigDecimal("5000"), "Love it", now);
        var dispatch = new DispatchFunction(new Settings(env()));
        try (var source = new StreamEventSource(aws.dynamoDbStreams(), aws.sqs(), resources.streamArn(),
                event -> dispatch.handleRequest(event, new LocalContext("dispatch")),
                StreamEventSource.Options.defaults(resources.deadLetterQueueUrl()))) {
            source.drain(Duration.ofMillis(300));
        }
    }

    private void store(String responseId, int score, String email, BigDecimal value, String comment, Instant now) {
        store(responseId, "cust-" + responseId, "acct-" + responseId, score, email, value, comment, now);
    }

    /** A response stored as ingest stores it, decided on the customer's history. */
    private void store(String responseId, String customerId, String accountId, int score, String email, BigDecimal value, String comment,
                       Instant now) {
        var response = new SurveyResponse(new ResponseKey("generic", responseId), "q4",
                new Respondent(customerId, email, "Ana " + responseId, accountId, "en", value),
                new Score(score), comment, now.minusSeconds(60));
        var store = new DynamoDbResponseStore(aws.dynamoDb(), resources.tableName(), Duration.ofDays(30), Clock.systemUTC());
        var history = store.history(customerId, accountId);
        store.store(new ResponseRecord(response, ValueTiers.DEFAULT.tierOf(value), NO_HOLDOUT.decide(response, history, now), now), history);
    }

    /** The dispatch function over the stream as the template maps it: follow-ups, escalations and steps on cases. */
    private void dispatch() {
        var dispatch = new DispatchFunction(new Settings(env()));
        try (var source = new StreamEventSource(aws.dynamoDbStreams(), aws.sqs(), resources.streamArn(),
                event -> dispatch.handleRequest(event, new LocalContext("dispatch")),
                StreamEventSource.Options.defaults(resources.deadLetterQueueUrl())
                        .orAlso(EventPatterns.predicate(RelationshipChange.FILTER_PATTERN)))) {
            source.drain(Duration.ofMillis(300));
        }
    }

    private List<Message> receive(Duration wait) {
        var received = new ArrayList<Message>();
        long deadline = System.nanoTime() + wait.toNanos();
        do {
            var batch = aws.sqs().receiveMessage(r -> r.queueUrl(queue).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
            received.addAll(batch);
            if (!received.isEmpty() && batch.isEmpty()) {
                break;
            }
        } while (System.nanoTime() < deadline && received.isEmpty());
        return received;
    }

    private SQSBatchResponse deliver(HubSpotFunction function, List<Message> messages) {
        return deliver(function, messages, new LocalContext("hubspot"));
    }

    private SQSBatchResponse deliver(HubSpotFunction function, List<Message> messages, LocalContext context) {
        return QueueEventSource.deliver(aws, queue, messages, event -> function.handleRequest(event, context));
    }

    private SQSBatchResponse redeliver(HubSpotFunction function, Message message) {
        return deliver(function, List.of(message.toBuilder().receiptHandle("redelivered-" + UUID.randomUUID()).build()));
    }

    /** A follow-up as the topic publishes it (raw delivery), for the tests that need no case behind it. */
    private static Message followUp(String id, String action, String email, int score, String category, String tier) {
        var body = "{\"followUpId\":\"" + id + "\",\"action\":\"" + action + "\",\"dueAt\":\"2026-11-22T14:02:11Z\","
                + "\"steps\":[\"Call within the SLA\"],\"respondent\":{\"id\":\"c-1\",\"email\":\"" + email + "\",\"name\":\"Dana Whitfield\","
                + "\"accountId\":\"acct-1\",\"valueTier\":\"" + tier + "\"},\"response\":{\"score\":" + score + ",\"category\":\"" + category
                + "\",\"comment\":\"Slow & <i>rude</i>\",\"source\":\"generic\"},\"links\":{\"case\":\"https://nps.example.com/desk/#/cases/"
                + id.replace(":", "%3A") + "\"}}";
        return Message.builder().messageId("m-" + UUID.randomUUID()).receiptHandle("h-" + UUID.randomUUID()).body(body).build();
    }

    private List<Map<String, Object>> tasks() {
        return hubspot.all("tasks");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> props(Map<String, Object> record) {
        return (Map<String, String>) record.get("properties");
    }

    /** The tombstone erasure writes, as {@code DynamoDbCustomerErasure} writes it, kept for {@code days} from now. */
    private void erase(String customerId, long days) {
        var item = new HashMap<>(TombstoneItem.key(customerId));
        item.put(Table.TYPE, AttributeValue.fromS(TombstoneItem.TYPE_NAME));
        item.put(TombstoneItem.ERASED_AT, AttributeValue.fromS(Instant.now().toString()));
        item.put(Table.EXPIRES_AT, AttributeValue.fromN(Long.toString(Instant.now().plus(Duration.ofDays(days)).getEpochSecond())));
        aws.dynamoDb().putItem(r -> r.tableName(resources.tableName()).item(item));
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyActionGetsOneTaskOnItsContactWhateverTheRedeliveriesAndTheFilterKeepsNothingBack() {
        publishFollowUps();
        var function = function();
        var messages = receive(Duration.ofSeconds(5));
        // Recovery and referral both reach the queue.
        assertThat(messages).hasSize(2);
        assertThat(deliver(function, messages).getBatchItemFailures()).isEmpty();
        for (var message : messages) {
            for (int i = 0; i < 3; i++) {
                assertThat(redeliver(function, message).getBatchItemFailures()).isEmpty();
            }
        }

        assertThat(tasks()).hasSize(2);
        var vip = tasks().stream().filter(t -> props(t).get("hs_task_body").contains("[nps-loop:generic:r-vip]")).findFirst().orElseThrow();
        assertThat(props(vip)).containsEntry("hs_task_status", "NOT_STARTED").containsEntry("hs_task_priority", "HIGH")
                .containsEntry("hubspot_owner_id", "900");
        assertThat(props(vip).get("hs_task_body")).contains("Billed twice &lt;b&gt;again&lt;/b&gt;")
                .contains("https://nps.example.com/desk/#/cases/generic%3Ar-vip").contains("Score 2 (detractor)");
        assertThat(props(vip).get("hs_timestamp")).isNotBlank();
        var contacts = hubspot.all("contacts");
        assertThat(contacts).extracting(c -> props(c).get("email")).containsExactlyInAnyOrder("ana@example.com", "fan@example.com");
        var ana = contacts.stream().filter(c -> props(c).get("email").equals("ana@example.com")).findFirst().orElseThrow();
        assertThat((Map<String, List<String>>) vip.get("associations")).containsEntry("contacts", List.of((String) ana.get("id")));
        assertThat(props(ana)).containsEntry("firstname", "Ana").containsEntry("lastname", "r-vip")
                .as("created by the connector, so marked").containsEntry("nps_loop_created_contact", "true");
        assertThat(hubspot.requests()).filteredOn(r -> r.method().equals("POST") && r.path().equals("/crm/v3/objects/tasks")).hasSize(2);
        // The task's id, no address (a task has no page of its own), kept as long as the responses (730 days by default).
        var item = aws.dynamoDb().getItem(r -> r.tableName(resources.tableName())
                .key(ConnectorItem.key("hubspot", "generic:r-vip")).consistentRead(true)).item();
        assertThat(Table.str(item, ConnectorItem.EXTERNAL_ID)).isEqualTo(vip.get("id"));
        assertThat(item).doesNotContainKey(ConnectorItem.URL);
        var kept = clock.instant().plus(Duration.ofDays(730)).getEpochSecond();
        assertThat(Long.parseLong(item.get(Table.EXPIRES_AT).n())).isEqualTo(kept);
        var back = aws.dynamoDb().getItem(r -> r.tableName(resources.tableName())
                .key(ConnectorItem.back("hubspot", (String) vip.get("id"))).consistentRead(true)).item();
        assertThat(Long.parseLong(back.get(Table.EXPIRES_AT).n())).as("the way back, as long as the record").isEqualTo(kept);
    }

    @Test
    void aFollowUpOfACustomerErasedSinceItWasPublishedCreatesNoTaskNorContactAndItsLogNamesNoOne() {
        var function = function();
        erase("c-1", 30);
        var context = new LocalContext("hubspot");

        var recovery = followUp("generic:r-gone", "recovery", "dana@example.com", 3, "detractor", "medium");
        assertThat(deliver(function, List.of(recovery), context).getBatchItemFailures()).isEmpty();

        // Nothing of theirs went to HubSpot: no task, no contact, no property written.
        assertThat(hubspot.requests()).noneMatch(r -> r.method().equals("POST") && r.path().startsWith("/crm/v3/objects/"))
                .noneMatch(r -> r.method().equals("PATCH"));
        assertThat(tasks()).isEmpty();
        assertThat(hubspot.all("contacts")).isEmpty();
        assertThat(String.join("\n", context.lines())).contains("customer erased").contains("HubSpotErased")
                .doesNotContain("dana@example.com").doesNotContain("Dana Whitfield").doesNotContain("\"c-1\"");
    }

    @Test
    void aTombstonePastItsTimeNoLongerStopsATask() {
        var function = function();
        erase("c-1", -1);
        var recovery = followUp("generic:r-back", "recovery", "dana@example.com", 3, "detractor", "medium");
        assertThat(deliver(function, List.of(recovery)).getBatchItemFailures()).isEmpty();
        assertThat(tasks()).hasSize(1);
    }

    @Test
    void aTaskCreatedByAnAttemptThatNeverHeardBackOrDiedBeforeStoringItsIdIsFoundAndNotCreatedAgain() {
        var function = function();
        var recovery = followUp("generic:r-1", "recovery", "dana@example.com", 3, "detractor", "medium");
        var contact = hubspot.create("contacts", Map.of("email", "dana@example.com"), Map.of());
        // The create goes through, the answer never comes within the client's timeout.
        hubspot.failNextOn("POST", "/crm/v3/objects/tasks", new LocalHubSpot.Fault.Hang(Duration.ofSeconds(3), true));
        assertThat(redeliver(function, recovery).getBatchItemFailures()).hasSize(1);
        clock.advance(HubSpotFunction.LEASE.plusSeconds(1));
        assertThat(redeliver(function, recovery).getBatchItemFailures()).isEmpty();
        assertThat(redeliver(function, recovery).getBatchItemFailures()).isEmpty();
        assertThat(tasks()).filteredOn(t -> props(t).get("hs_task_body").contains("[nps-loop:generic:r-1]")).hasSize(1);

        // A crash after the create: the claim is held without an id, and HubSpot holds the task.
        var ledger = new ConnectorLedger(aws.dynamoDb(), resources.tableName(), "hubspot", HubSpotFunction.LEASE, clock);
        assertThat(ledger.claim("generic:r-2")).isEqualTo(new ConnectorLedger.Claim.Taken(1));
        hubspot.create("tasks", Map.of("hs_task_body", "NPS Loop recovery follow-up [nps-loop:generic:r-2]"), Map.of("contacts", List.of(contact)));
        var second = followUp("generic:r-2", "recovery", "dana@example.com", 4, "detractor", "medium");
        assertThat(redeliver(function, second).getBatchItemFailures()).as("waits for the lease").hasSize(1);
        clock.advance(HubSpotFunction.LEASE.plusSeconds(1));
        for (int i = 0; i < 3; i++) {
            assertThat(redeliver(function, second).getBatchItemFailures()).isEmpty();
        }
        assertThat(tasks()).filteredOn(t -> props(t).get("hs_task_body").contains("[nps-loop:generic:r-2]")).hasSize(1);
        assertThat(hubspot.requests()).filteredOn(r -> r.method().equals("POST") && r.path().equals("/crm/v3/objects/tasks")).hasSize(1);
        assertThat(ledger.followUpOf((String) tasks().get(1).get("id"))).contains("generic:r-2");
    }

    @Test
    void theOwnerIsTheContactsThenTheCompanysThenTheFallbackReadAtTheTimeOfTheCall() {
        var function = function();
        var company = hubspot.create("companies", Map.of("name", "Acme", "hubspot_owner_id", "300"), Map.of());
        var contact = hubspot.create("contacts", Map.of("email", "owned@example.com", "hubspot_owner_id", "100",
                "associatedcompanyid", company), Map.of());
        hubspot.create("contacts", Map.of("email", "loose@example.com"), Map.of());

        deliver(function, List.of(followUp("generic:o-1", "recovery", "owned@example.com", 2, "detractor", "high")));
        hubspot.set("contacts", contact, Map.of("hubspot_owner_id", ""));
        deliver(function, List.of(followUp("generic:o-2", "referral", "owned@example.com", 10, "promoter", "high")));
        hubspot.set("companies", company, Map.of("hubspot_owner_id", "301"));
        deliver(function, List.of(followUp("generic:o-3", "nurture", "owned@example.com", 8, "passive", "low")));
        deliver(function, List.of(followUp("generic:o-4", "recovery", "loose@example.com", 1, "detractor", "unknown")));

        assertThat(tasks()).extracting(t -> props(t).get("hubspot_owner_id")).containsExactly("100", "300", "301", "900");
        assertThat(tasks().get(0).get("associations")).isEqualTo(Map.of("contacts", List.of(contact), "companies", List.of(company)));
        assertThat(tasks()).extracting(t -> props(t).get("hs_task_priority")).containsExactly("HIGH", "HIGH", "LOW", null);
    }

    @Test
    void theNpsPropertiesAreCreatedOnceAndSetTheTrendFollowingTheAnswers() {
        var function = function();
        // The first recovery's case, as the follow-up's always is in the table: still open through the next answers.
        store("t-1", "c-1", "acct-1", 3, "trend@example.com", new BigDecimal("25000"), "Slow", Instant.now());
        var company = hubspot.create("companies", Map.of("name", "Acme"), Map.of());
        var contact = hubspot.create("contacts", Map.of("email", "trend@example.com", "associatedcompanyid", company), Map.of());
        var first = followUp("generic:t-1", "recovery", "trend@example.com", 3, "detractor", "high");
        deliver(function, List.of(first));
        assertThat(hubspot.propertiesOf("contacts", contact)).containsEntry("nps_last_score", "3").containsEntry("nps_category", "detractor")
                .containsEntry("nps_trend", "").containsEntry("nps_open_recovery_case", "true");
        // A redelivery after the properties were set compares with the answer before, never with itself.
        hubspot.failNextOn("POST", "/crm/v3/objects/tasks", new LocalHubSpot.Fault.ServerError(502));
        assertThat(deliver(function(), List.of(followUp("generic:t-2", "referral", "trend@example.com", 9, "promoter", "high"))).getBatchItemFailures()).hasSize(1);
        clock.advance(Duration.ofSeconds(1));
        deliver(function(), List.of(followUp("generic:t-2", "referral", "trend@example.com", 9, "promoter", "high")));
        assertThat(hubspot.propertiesOf("contacts", contact)).containsEntry("nps_last_score", "9").containsEntry("nps_category", "promoter")
                .containsEntry("nps_trend", "up").containsEntry("nps_open_recovery_case", "true");
        deliver(function, List.of(followUp("generic:t-3", "nurture", "trend@example.com", 7, "passive", "high")));
        assertThat(hubspot.propertiesOf("contacts", contact)).containsEntry("nps_trend", "down");
        assertThat(hubspot.propertiesOf("companies", company)).containsEntry("nps_last_score", "7").containsEntry("nps_trend", "down");
        assertThat(hubspot.propertiesOf("contacts", contact).get("nps_last_date")).matches("\\d{4}-\\d{2}-\\d{2}");

        var names = List.of("nps_last_score", "nps_last_date", "nps_category", "nps_trend", "nps_open_recovery_case",
                "nps_referrals_given", "nps_last_case_id");
        // Contacts also get the mark of one the connector created.
        assertThat(hubspot.createdProperties("contacts")).containsExactlyInAnyOrderElementsOf(
                java.util.stream.Stream.concat(names.stream(), java.util.stream.Stream.of("nps_loop_created_contact")).toList());
        assertThat(hubspot.createdProperties("companies")).containsExactlyInAnyOrderElementsOf(names);
        // Once per object type, by the first function; the second container finds them there.
        assertThat(hubspot.requests()).filteredOn(r -> r.method().equals("POST") && r.path().equals("/crm/v3/properties/contacts"))
                .hasSize(names.size() + 1);
        // A contact found by email was someone's before: never marked as the connector's.
        assertThat(hubspot.propertiesOf("contacts", contact)).doesNotContainKey("nps_loop_created_contact");
    }

    @Test
    void aStormOf429sIsHonouredForTheRetryAfterAskedThenTheTaskIsCreated() {
        var function = function();
        aws.sqs().sendMessage(r -> r.queueUrl(queue).messageBody(followUp("generic:s-1", "recovery", "storm@example.com", 0, "detractor", "low").body()));
        hubspot.failNext(new LocalHubSpot.Fault.RateLimited(Optional.of(2)), new LocalHubSpot.Fault.RateLimited(Optional.of(2)),
                new LocalHubSpot.Fault.RateLimited(Optional.of(2)));

        int deliveries = 0;
        while (tasks().isEmpty() && deliveries < 10) {
            var messages = receive(Duration.ofSeconds(5));
            assertThat(messages).as("never dropped").hasSize(1);
            var started = System.nanoTime();
            var response = deliver(function, messages);
            deliveries++;
            if (!response.getBatchItemFailures().isEmpty()) {
                // Hidden for the 2 s HubSpot asked, not the queue's 60 s.
                assertThat(aws.sqs().receiveMessage(r -> r.queueUrl(queue).waitTimeSeconds(0)).messages()).isEmpty();
                var back = receive(Duration.ofSeconds(6));
                assertThat(back).hasSize(1);
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
                aws.sqs().changeMessageVisibility(r -> r.queueUrl(queue).receiptHandle(back.get(0).receiptHandle()).visibilityTimeout(0));
            }
        }
        assertThat(deliveries).isEqualTo(4);
        assertThat(tasks()).hasSize(1);
        assertThat(aws.sqs().receiveMessage(r -> r.queueUrl(deadLetters).waitTimeSeconds(0)).messages()).isEmpty();
    }

    @Test
    void a429WithoutRetryAfterWaitsHubSpotsTenSecondWindowAServerErrorIsRetriedAndARefusalGoesToTheDeadLetterQueue() {
        var later = new io.npsloop.connectors.CallOutcome.TryLater(Optional.of(HubSpotClient.TEN_SECONDLY), "http_429");
        var function = function();
        hubspot.failNext(new LocalHubSpot.Fault.RateLimited(Optional.empty()));
        var message = followUp("generic:w-1", "recovery", "window@example.com", 1, "detractor", "low");
        assertThat(redeliver(function, message).getBatchItemFailures()).hasSize(1);
        assertThat(io.npsloop.connectors.QueueRetries.delay(later, 1)).isEqualTo(Duration.ofSeconds(10));
        hubspot.failNextOn("POST", "/crm/v3/objects/tasks", new LocalHubSpot.Fault.ServerError(503));
        assertThat(redeliver(function, message).getBatchItemFailures()).hasSize(1);
        assertThat(tasks()).isEmpty();
        assertThat(redeliver(function, message).getBatchItemFailures()).isEmpty();
        assertThat(tasks()).hasSize(1);

        hubspot.failNext(new LocalHubSpot.Fault.ServerError(400));
        assertThat(redeliver(function, followUp("generic:w-2", "recovery", "window@example.com", 1, "detractor", "low"))
                .getBatchItemFailures()).isEmpty();
        var parked = aws.sqs().receiveMessage(r -> r.queueUrl(deadLetters).waitTimeSeconds(1).messageAttributeNames("All")).messages();
        assertThat(parked).hasSize(1);
        assertThat(parked.get(0).messageAttributes().get("error").stringValue()).isEqualTo("http_400");
        assertThat(parked.get(0).messageAttributes().get("connector").stringValue()).isEqualTo("hubspot");
    }

    // --- the relationship: steps on cases

    /** A relationship message as the topic publishes it (raw delivery). */
    private static Message relationship(String caseId, String customerId, String email, String accountId) {
        var body = new RelationshipChange(caseId, customerId, email, accountId).json();
        return Message.builder().messageId("m-" + UUID.randomUUID()).receiptHandle("h-" + UUID.randomUUID()).body(body).build();
    }

    private DynamoDbCases cases() {
        return new DynamoDbCases(aws.dynamoDb(), resources.tableName());
    }

    private static CaseEvent step(CaseEvent.Type type) {
        return new CaseEvent(type, Instant.now(), "agent@team.example", null);
    }

    @Test
    void resolvingARecoveryCaseAndReferringPeopleReachTheContactAndTheCompanyThroughTheTopic() {
        var now = Instant.now();
        var company = hubspot.create("companies", Map.of("name", "Globex"), Map.of());
        var dana = hubspot.create("contacts", Map.of("email", "dana@example.com", "associatedcompanyid", company), Map.of());
        var sam = hubspot.create("contacts", Map.of("email", "sam@example.com", "associatedcompanyid", company), Map.of());
        // Two customers of one account: a promoter, then a detractor (a promoter is not asked while the account has a recovery open).
        store("p-1", "cust-sam", "acct-globex", 10, "sam@example.com", new BigDecimal("25000"), "Great", now);
        store("d-1", "cust-dana", "acct-globex", 2, "dana@example.com", new BigDecimal("25000"), "Billed twice", now);
        dispatch();
        var function = function();
        var followUps = receive(Duration.ofSeconds(5));
        assertThat(followUps).hasSize(2);
        assertThat(deliver(function, followUps).getBatchItemFailures()).isEmpty();
        assertThat(hubspot.propertiesOf("contacts", dana)).containsEntry("nps_open_recovery_case", "true").containsEntry("nps_referrals_given", "0");
        assertThat(hubspot.propertiesOf("contacts", sam)).containsEntry("nps_open_recovery_case", "false").containsEntry("nps_referrals_given", "0");
        assertThat(hubspot.propertiesOf("companies", company)).containsEntry("nps_open_recovery_case", "true");

        // Contacting is no change: nothing is published for it.
        cases().record(new ResponseKey("generic", "d-1"), step(CaseEvent.Type.CONTACTED));
        dispatch();
        assertThat(receive(Duration.ofSeconds(2))).isEmpty();

        // Resolved, and two people referred by the promoter: one message each.
        cases().record(new ResponseKey("generic", "d-1"), step(CaseEvent.Type.RESOLVED));
        cases().record(new ResponseKey("generic", "p-1"), List.of(step(CaseEvent.Type.REFERRED)),
                List.of(new Referral("Lee Park", "lee@example.com"), new Referral("Kim Roe", "kim@example.com")), c -> true);
        dispatch();
        var messages = receive(Duration.ofSeconds(5));
        assertThat(messages).hasSize(2).allMatch(m -> m.body().contains("relationship"));
        assertThat(deliver(function, messages).getBatchItemFailures()).isEmpty();
        // Delivered again: the same values, read afresh, never counted twice.
        messages.forEach(m -> assertThat(redeliver(function, m).getBatchItemFailures()).isEmpty());

        assertThat(hubspot.propertiesOf("contacts", dana)).containsEntry("nps_open_recovery_case", "false").containsEntry("nps_referrals_given", "0");
        assertThat(hubspot.propertiesOf("contacts", sam)).containsEntry("nps_open_recovery_case", "false").containsEntry("nps_referrals_given", "2");
        assertThat(hubspot.propertiesOf("companies", company)).containsEntry("nps_open_recovery_case", "false")
                .containsEntry("nps_referrals_given", "2");
        // No task for a relationship message: the two follow-ups' only.
        assertThat(tasks()).hasSize(2);
    }

    @Test
    void aRelationshipMessageCreatesNoContactAndSetsNothingForAnErasedCustomer() {
        var function = function();
        store("n-1", "cust-new", "acct-new", 2, "new@example.com", new BigDecimal("25000"), "Slow", Instant.now());

        assertThat(redeliver(function, relationship("generic:n-1", "cust-new", "new@example.com", "acct-new")).getBatchItemFailures()).isEmpty();
        assertThat(hubspot.all("contacts")).isEmpty();
        assertThat(hubspot.requests()).noneMatch(r -> r.method().equals("PATCH"))
                .noneMatch(r -> r.method().equals("POST") && r.path().equals("/crm/v3/objects/contacts"));

        var known = hubspot.create("contacts", Map.of("email", "new@example.com"), Map.of());
        erase("cust-new", 30);
        var context = new LocalContext("hubspot");
        assertThat(deliver(function, List.of(relationship("generic:n-1", "cust-new", "new@example.com", "acct-new")), context)
                .getBatchItemFailures()).isEmpty();
        assertThat(hubspot.propertiesOf("contacts", known)).doesNotContainKeys("nps_open_recovery_case", "nps_referrals_given");
        assertThat(hubspot.requests()).noneMatch(r -> r.method().equals("PATCH"));
        assertThat(String.join("\n", context.lines())).contains("customer erased").doesNotContain("new@example.com");
    }

    @Test
    void aThrottledRelationshipMessageWaitsForHubSpotsRetryAfterLikeATask() {
        var function = function();
        var contact = hubspot.create("contacts", Map.of("email", "busy@example.com"), Map.of());
        store("b-1", "cust-busy", null, 2, "busy@example.com", new BigDecimal("25000"), "Slow", Instant.now());
        aws.sqs().sendMessage(r -> r.queueUrl(queue).messageBody(relationship("generic:b-1", "cust-busy", "busy@example.com", null).body()));
        hubspot.failNextOn("PATCH", "/crm/v3/objects/contacts/" + contact, new LocalHubSpot.Fault.RateLimited(Optional.of(2)));

        var first = receive(Duration.ofSeconds(5));
        assertThat(deliver(function, first).getBatchItemFailures()).hasSize(1);
        assertThat(hubspot.propertiesOf("contacts", contact)).doesNotContainKey("nps_open_recovery_case");
        // Hidden for the 2 s HubSpot asked, then done.
        assertThat(aws.sqs().receiveMessage(r -> r.queueUrl(queue).waitTimeSeconds(0)).messages()).isEmpty();
        var again = receive(Duration.ofSeconds(6));
        assertThat(again).hasSize(1);
        assertThat(deliver(function, again).getBatchItemFailures()).isEmpty();
        assertThat(hubspot.propertiesOf("contacts", contact)).containsEntry("nps_open_recovery_case", "true").containsEntry("nps_referrals_given", "0");
        assertThat(aws.sqs().receiveMessage(r -> r.queueUrl(deadLetters).waitTimeSeconds(0)).messages()).isEmpty();
    }

    // --- back from HubSpot

    private HubSpotWebhookFunction webhook() {
        var settings = new Settings(env());
        return new HubSpotWebhookFunction(settings, new AwsClients(settings), clock);
    }

    private static APIGatewayV2HTTPEvent event(String body, String timestamp, String signature) {
        var event = new APIGatewayV2HTTPEvent();
        event.setBody(body);
        event.setRawPath("/connectors/hubspot");
        event.setHeaders(Map.of("content-type", "application/json", "x-hubspot-signature-v3", signature,
                "x-hubspot-request-timestamp", timestamp));
        return event;
    }

    private APIGatewayV2HTTPEvent signedNow(String body) {
        var timestamp = Long.toString(clock.instant().toEpochMilli());
        return event(body, timestamp, HubSpotSignature.sign(CLIENT_SECRET.getBytes(StandardCharsets.UTF_8), "POST", WEBHOOK_URL, body, timestamp));
    }

    /** HubSpot's webhook payload: an array of events ("Webhooks API", example payload). */
    private static String completed(String taskId, String value) {
        return "[{\"eventId\":1696290531,\"subscriptionId\":2786145,\"portalId\":62515,\"appId\":1160452,\"occurredAt\":1732011123456,"
                + "\"subscriptionType\":\"object.propertyChange\",\"attemptNumber\":0,\"objectId\":" + taskId + ",\"objectTypeId\":\"0-27\","
                + "\"propertyName\":\"hs_task_status\",\"propertyValue\":\"" + value + "\",\"changeSource\":\"CRM_UI\",\"sourceId\":\"userId:1\"}]";
    }

    private CaseStatus status(String responseId) {
        return new DynamoDbCases(aws.dynamoDb(), resources.tableName()).find(new ResponseKey("generic", responseId)).orElseThrow().status();
    }

    private String taskOf(String followUpId) {
        return (String) tasks().stream().filter(t -> props(t).get("hs_task_body").contains("[nps-loop:" + followUpId + "]"))
                .findFirst().orElseThrow().get("id");
    }

    @Test
    void aCompletedTaskSignedAsHubSpotSignsMarksItsCaseContactedByHubSpot() throws Exception {
        publishFollowUps();
        deliver(function(), receive(Duration.ofSeconds(5)));
        var webhook = webhook();
        var task = taskOf("generic:r-vip");

        var started = webhook.handleRequest(signedNow(completed(task, "IN_PROGRESS")), new LocalContext("webhook"));
        assertThat(started.getStatusCode()).isEqualTo(200);
        assertThat(status("r-vip")).isEqualTo(CaseStatus.OPEN);

        var done = webhook.handleRequest(signedNow(completed(task, "COMPLETED")), new LocalContext("webhook"));
        assertThat(done.getStatusCode()).isEqualTo(200);
        assertThat(JSON.std.mapFrom(done.getBody())).containsEntry("contacted", 1);
        var contacted = new DynamoDbCases(aws.dynamoDb(), resources.tableName()).find(new ResponseKey("generic", "r-vip")).orElseThrow();
        assertThat(contacted.status()).isEqualTo(CaseStatus.CONTACTED);
        assertThat(contacted.events()).anyMatch(e -> e.by().equals("hubspot") && e.note().contains(task));

        // The referral's task too; a task the ledger does not know is ignored.
        var referral = webhook.handleRequest(signedNow(completed(taskOf("generic:r-fan"), "COMPLETED")), new LocalContext("webhook"));
        assertThat(JSON.std.mapFrom(referral.getBody())).containsEntry("contacted", 1);
        assertThat(status("r-fan")).isEqualTo(CaseStatus.CONTACTED);
        var unknown = webhook.handleRequest(signedNow(completed("777", "COMPLETED")), new LocalContext("webhook"));
        assertThat(JSON.std.mapFrom(unknown.getBody())).containsEntry("contacted", 0).containsEntry("ignored", 1);
    }

    @Test
    void aTamperedStaleOrReplayedWebhookIsRefusedAndChangesNothing() {
        publishFollowUps();
        deliver(function(), receive(Duration.ofSeconds(5)));
        var webhook = webhook();
        var task = taskOf("generic:r-vip");
        var body = completed(task, "COMPLETED");

        var good = signedNow(completed(task, "NOT_STARTED"));
        assertThat(webhook.handleRequest(good, new LocalContext("webhook")).getStatusCode()).isEqualTo(200);
        assertThat(webhook.handleRequest(good, new LocalContext("webhook")).getStatusCode()).as("replayed").isEqualTo(401);

        var genuine = signedNow(completed(task, "NOT_STARTED"));
        var tampered = event(body, genuine.getHeaders().get("x-hubspot-request-timestamp"), genuine.getHeaders().get("x-hubspot-signature-v3"));
        assertThat(webhook.handleRequest(tampered, new LocalContext("webhook")).getStatusCode()).isEqualTo(401);

        var sixMinutesAgo = Long.toString(clock.instant().minus(Duration.ofMinutes(6)).toEpochMilli());
        var stale = event(body, sixMinutesAgo, HubSpotSignature.sign(CLIENT_SECRET.getBytes(StandardCharsets.UTF_8), "POST", WEBHOOK_URL, body, sixMinutesAgo));
        assertThat(webhook.handleRequest(stale, new LocalContext("webhook")).getStatusCode()).isEqualTo(401);

        var now = Long.toString(clock.instant().toEpochMilli());
        var otherUrl = event(body, now, HubSpotSignature.sign(CLIENT_SECRET.getBytes(StandardCharsets.UTF_8), "POST",
                "https://elsewhere.example.com/connectors/hubspot", body, now));
        assertThat(webhook.handleRequest(otherUrl, new LocalContext("webhook")).getStatusCode()).isEqualTo(401);

        var unsigned = new APIGatewayV2HTTPEvent();
        unsigned.setBody(body);
        unsigned.setHeaders(Map.of());
        assertThat(webhook.handleRequest(unsigned, new LocalContext("webhook")).getStatusCode()).isEqualTo(401);

        assertThat(status("r-vip")).isEqualTo(CaseStatus.OPEN);
    }

    // --- configuration and the signature itself

    @Test
    void eachConfigurationMistakeIsNamedWithItsVariableOrParameter() {
        assertThatThrownBy(() -> start("HUBSPOT_PRIORITIES", "vip=HIGH"))
                .hasMessage("HUBSPOT_PRIORITIES: entry 'vip=HIGH': the value tier must be one of high, low, medium, unknown");
        assertThatThrownBy(() -> start("HUBSPOT_PRIORITIES", "high=urgent"))
                .hasMessage("HUBSPOT_PRIORITIES: entry 'high=urgent': the priority must be one of HIGH, MEDIUM, LOW");
        assertThatThrownBy(() -> start("HUBSPOT_OWNER_ORDER", "contact,deal"))
                .hasMessage("HUBSPOT_OWNER_ORDER: entry 'deal': whose owner must be contact or company");
        assertThatThrownBy(() -> start("HUBSPOT_OWNER_ORDER", "company,company"))
                .hasMessage("HUBSPOT_OWNER_ORDER: entry 'company': company is named twice");
        assertThatThrownBy(() -> start("HUBSPOT_PARAMETER_PATH", "hubspot"))
                .hasMessageStartingWith("HUBSPOT_PARAMETER_PATH must start and end with '/'");
        assertThatThrownBy(() -> start("HUBSPOT_SECRETS", "pat-eu1-secret"))
                .hasMessage("HUBSPOT_SECRETS must be <name>=<value> pairs separated by ';'");

        // The SSM values are read when first needed: the follow-up stays on the queue and the log names the parameter.
        var account = HubSpotAccount.of(new Settings(Map.of("HUBSPOT_PARAMETER_PATH", "/p/", "HUBSPOT_SECRETS",
                "private-app-token=a b;fallback-owner-id=jane@example.com", "AWS_REGION", "eu-west-1")), null, clock);
        assertThatThrownBy(account::authorization).hasMessage("SSM parameter /p/private-app-token must be the token alone, without spaces");
        assertThatThrownBy(account::fallbackOwner).hasMessageStartingWith("SSM parameter /p/fallback-owner-id must be a HubSpot owner id");
        assertThatThrownBy(account::clientSecret).hasMessage("SSM parameter /p/client-secret is missing or empty");
    }

    private void start(String variable, String value) {
        var env = new HashMap<>(env());
        env.put(variable, value);
        var settings = new Settings(env);
        new HubSpotFunction(settings, new AwsClients(settings), clock);
    }

    @Test
    void theV3SignatureIsOverMethodUriBodyAndTimestampWithTheListedCharactersDecoded() {
        var secret = CLIENT_SECRET.getBytes(StandardCharsets.UTF_8);
        var body = "[{\"objectId\":1}]";
        // Computed apart from this code (Python: base64(hmac.new(secret, method+uri+body+timestamp, sha256))).
        assertThat(HubSpotSignature.sign(secret, "POST", "https://www.example.com/webhook_uri", body, "1700000000000"))
                .isEqualTo("4wAIIBdT27EDlCJVDT7elg2cPBMLuHV+yvNdZ85epXM=");
        assertThat(HubSpotSignature.decode("https://x.example.com/hook?a=b%3Ac%2Fd%40e%20f")).isEqualTo("https://x.example.com/hook?a=b:c/d@e%20f");
        var at = Instant.ofEpochMilli(1700000000000L);
        var signature = HubSpotSignature.sign(secret, "POST", "https://x/y", body, "1700000000000");
        assertThat(HubSpotSignature.verify(secret, signature, "POST", "https://x/y", body, "1700000000000", at.plusSeconds(299)))
                .isEqualTo(HubSpotSignature.Verdict.GENUINE);
        assertThat(HubSpotSignature.verify(secret, signature, "POST", "https://x/y", body, "1700000000000", at.plusSeconds(301)))
                .isEqualTo(HubSpotSignature.Verdict.STALE);
        assertThat(HubSpotSignature.verify(secret, signature, "POST", "https://x/y", body + " ", "1700000000000", at))
                .isEqualTo(HubSpotSignature.Verdict.TAMPERED);
    }
}

package io.npsloop.connectors.zendesk;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.fasterxml.jackson.jr.ob.JSON;
import io.npsloop.aws.AwsClients;
import io.npsloop.aws.DynamoDbResponseStore;
import io.npsloop.cases.DynamoDbCases;
import io.npsloop.cases.EscalationFunction;
import io.npsloop.config.Settings;
import io.npsloop.connectors.ConnectorLedger;
import io.npsloop.dispatch.DispatchFunction;
import io.npsloop.domain.cases.CaseStatus;
import io.npsloop.domain.intake.Respondent;
import io.npsloop.domain.intake.ResponseKey;
import io.npsloop.domain.intake.ResponseRecord;
import io.npsloop.domain.intake.Score;
import io.npsloop.domain.intake.SurveyResponse;
import io.npsloop.domain.intake.ValueTiers;
import io.npsloop.domain.policy.Action;
import io.npsloop.domain.policy.HoldoutAssignment;
import io.npsloop.domain.policy.PolicySettings;
import io.npsloop.domain.policy.RationedPolicy;
import io.npsloop.domain.policy.RespondentHistory;
import io.npsloop.local.LocalAws;
import io.npsloop.local.LocalContext;
import io.npsloop.local.QueueEventSource;
import io.npsloop.local.LocalZendesk;
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
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Recovery follow-ups published by the dispatch function reach the Zendesk function as in AWS:
 * SNS to a queue subscribed with the template's filter policy (fauxqs), then an SQS event; Zendesk
 * is {@link LocalZendesk} over HTTP. The webhook is signed as Zendesk signs.
 */
class ZendeskConnectorIntegrationTest {

    private static final RationedPolicy NO_HOLDOUT =
            new RationedPolicy(PolicySettings.DEFAULTS.withHoldout(HoldoutAssignment.percent(0, "test")));
    private static final String RING = "k1=" + Base64.getEncoder().encodeToString("k".repeat(32).getBytes(StandardCharsets.US_ASCII));
    private static final String SECRET = "dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==";

    private final LocalAws aws = LocalAws.shared();
    private final String name = "zd-" + UUID.randomUUID().toString().substring(0, 8);
    private final LocalAws.Resources resources = aws.provision(name);
    // Longer than any test waits: a message back within seconds was put back by ChangeMessageVisibility.
    private final String queue = aws.sqs().createQueue(r -> r.queueName(name + "-zendesk")
            .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "60"))).queueUrl();
    private final String deadLetters = aws.sqs().createQueue(r -> r.queueName(name + "-zendesk-dlq")).queueUrl();
    private final LocalZendesk zendesk = new LocalZendesk();
    private final MutableClock clock = new MutableClock(Instant.now());

    ZendeskConnectorIntegrationTest() {
        var arn = aws.sqs().getQueueAttributes(r -> r.queueUrl(queue).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        // Enveloped and filtered to recoveries, as template.yaml subscribes the Zendesk queue.
        aws.sns().subscribe(r -> r.topicArn(resources.topicArn()).protocol("sqs").endpoint(arn)
                .attributes(Map.of("FilterPolicy", ZendeskFunction.FILTER_POLICY)));
    }

    @AfterEach
    void stop() {
        zendesk.close();
    }

    private Map<String, String> env() {
        var env = new HashMap<>(aws.environment());
        env.put("TABLE_NAME", resources.tableName());
        env.put("TOPIC_ARN", resources.topicArn());
        env.put("ACTION_LINK_KEYS", RING);
        env.put("PUBLIC_BASE_URL", "https://nps.example.com");
        env.put("ZENDESK_PARAMETER_PATH", "/nps-loop/zendesk/");
        env.put("ZENDESK_SECRETS", "subdomain=acme;email=ops@acme.example;api-token=tok123;group-id=360001;webhook-secret=" + SECRET);
        env.put("ZENDESK_BASE_URL", zendesk.baseUrl());
        env.put("ZENDESK_CUSTOM_FIELDS", "score=3601,valueTier=3602,caseLink=3603");
        env.put("ZENDESK_QUEUE_URL", queue);
        env.put("ZENDESK_DEAD_LETTER_QUEUE_URL", deadLetters);
        env.put("ZENDESK_TIMEOUT_SECONDS", "1");
        return env;
    }

    private ZendeskFunction function() {
        var settings = new Settings(env());
        return new ZendeskFunction(settings, new AwsClients(settings), clock);
    }

    /** A detractor of high value, a detractor without an email and a promoter, published through dispatch. */
    private void publishFollowUps() {
        var now = Instant.now();
        store("r-vip", 2, "ana@example.com", new BigDecimal("25000"), "Billed twice <b>again</b>", now);
        store("r-nomail", 3, null, new BigDecimal("25000"), "Slow support", now);
        store("r-fan", 10, "fan@example.com", new BigDecimal("5000"), "Love it", now);
        var dispatch = new DispatchFunction(new Settings(env()));
        try (var source = new StreamEventSource(aws.dynamoDbStreams(), aws.sqs(), resources.streamArn(),
                event -> dispatch.handleRequest(event, new LocalContext("dispatch")),
                StreamEventSource.Options.defaults(resources.deadLetterQueueUrl()))) {
            source.drain(Duration.ofMillis(300));
        }
    }

    private void store(String responseId, int score, String email, BigDecimal value, String comment, Instant now) {
        var response = new SurveyResponse(new ResponseKey("generic", responseId), "q4",
                new Respondent("cust-" + responseId, email, "Ana " + responseId, "acct-" + responseId, "en", value),
                new Score(score), comment, now.minusSeconds(60));
        new DynamoDbResponseStore(aws.dynamoDb(), resources.tableName(), Duration.ofDays(30), Clock.systemUTC())
                .store(new ResponseRecord(response, ValueTiers.DEFAULT.tierOf(value),
                        NO_HOLDOUT.decide(response, RespondentHistory.NONE, now), now), RespondentHistory.NONE);
    }

    /** Receives what is visible now (waiting up to {@code wait} for the first), as Lambda's poll does. */
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

    /** Hands the messages to the function; those not reported as failures are deleted, as Lambda does. */
    private SQSBatchResponse deliver(ZendeskFunction function, List<Message> messages) {
        return deliver(function, messages, new LocalContext("zendesk"));
    }

    private SQSBatchResponse deliver(ZendeskFunction function, List<Message> messages, LocalContext context) {
        return QueueEventSource.deliver(aws, queue, messages, event -> function.handleRequest(event, context));
    }

    /** The same message delivered again, as SQS redelivers it: same id and body, a new receipt. */
    private SQSBatchResponse redeliver(ZendeskFunction function, Message message) {
        return deliver(function, List.of(message.toBuilder().receiptHandle("redelivered-" + UUID.randomUUID()).build()));
    }

    private Message onlyRecovery() {
        var messages = receive(Duration.ofSeconds(5));
        // The filter policy lets recoveries through only: the promoter's referral never reaches the queue.
        assertThat(messages).hasSize(2);
        assertThat(messages).noneMatch(m -> m.body().contains("generic:r-fan"));
        return messages.stream().filter(m -> m.body().contains("generic:r-vip")).findFirst().orElseThrow();
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
    void oneTicketPerRecoveryAsAnInternalNoteWhateverTheRedeliveries() throws Exception {
        publishFollowUps();
        var function = function();
        var messages = receive(Duration.ofSeconds(5));
        assertThat(messages).hasSize(2).noneMatch(m -> m.body().contains("generic:r-fan"));

        var first = deliver(function, messages);
        var vip = messages.stream().filter(m -> m.body().contains("generic:r-vip")).findFirst().orElseThrow();
        for (int i = 0; i < 3; i++) {
            assertThat(redeliver(function, vip).getBatchItemFailures()).isEmpty();
        }

        assertThat(first.getBatchItemFailures()).isEmpty();
        assertThat(zendesk.tickets()).hasSize(1);
        assertThat(zendesk.creations()).isEqualTo(1);
        var ticket = zendesk.tickets().get(0);
        assertThat(ticket).containsEntry("external_id", "generic:r-vip").containsEntry("priority", "high")
                .containsEntry("group_id", 360001);
        // No one had that email: the connector created the end user, marked as its own, and opened the ticket by id.
        var requester = zendesk.user(((Number) ticket.get("requester_id")).longValue()).orElseThrow();
        assertThat(requester).containsEntry("email", "ana@example.com").containsEntry("name", "Ana r-vip")
                .containsEntry("role", "end-user").containsEntry("skip_verify_email", true);
        assertThat((List<String>) requester.get("tags")).containsExactly("nps_loop_created");
        assertThat(zendesk.users()).hasSize(1);
        assertThat(zendesk.userCreations()).isEqualTo(1);
        assertThat(ticket.get("requester")).as("sent by id, not by email").isNull();
        var comment = (Map<String, Object>) ticket.get("comment");
        assertThat(comment).containsEntry("public", false);
        assertThat((String) comment.get("body")).contains("Billed twice <b>again</b>").contains("https://nps.example.com/desk/#/cases/generic%3Ar-vip");
        assertThat((List<String>) ticket.get("tags")).containsExactly("nps-loop", "nps-detractor", "nps-value-high");
        assertThat((List<Map<String, Object>>) ticket.get("custom_fields")).contains(
                Map.of("id", 3601, "value", 2), Map.of("id", 3602, "value", "high"));
        assertThat(zendesk.requests()).filteredOn(r -> r.method().equals("POST") && r.path().startsWith("/api/v2/tickets"))
                .extracting(LocalZendesk.Request::idempotencyKey).singleElement().asString().matches("nps-loop-generic:r-vip-[0-9a-f]{16}");
        // The customer without an email: no ticket, not an error, and nothing left on the queue.
        assertThat(zendesk.tickets()).noneMatch(t -> "generic:r-nomail".equals(t.get("external_id")));
        assertThat(receive(Duration.ofSeconds(1))).isEmpty();
    }

    @Test
    void theLedgerKeepsTheTicketsIdAndItsAgentPageForAsLongAsTheResponsesAreKept() {
        publishFollowUps();
        var env = env();
        env.put("RESPONSE_RETENTION_DAYS", "400");
        var settings = new Settings(env);
        var function = new ZendeskFunction(settings, new AwsClients(settings), clock);

        assertThat(deliver(function, List.of(onlyRecovery())).getBatchItemFailures()).isEmpty();

        var ticketId = String.valueOf(zendesk.tickets().get(0).get("id"));
        var item = aws.dynamoDb().getItem(r -> r.tableName(resources.tableName())
                .key(ConnectorItem.key("zendesk", "generic:r-vip")).consistentRead(true)).item();
        assertThat(Table.str(item, ConnectorItem.EXTERNAL_ID)).isEqualTo(ticketId);
        // ZENDESK_BASE_URL stands for https://acme.zendesk.com here.
        assertThat(Table.str(item, ConnectorItem.URL)).isEqualTo(zendesk.baseUrl() + "/agent/tickets/" + ticketId);
        assertThat(item).doesNotContainKey(ConnectorItem.CLAIMED_UNTIL);
        assertThat(Long.parseLong(item.get(Table.EXPIRES_AT).n())).isEqualTo(clock.instant().plus(Duration.ofDays(400)).getEpochSecond());
    }

    @Test
    void aRecoveryOfACustomerErasedSinceItWasPublishedOpensNoTicketAndItsLogNamesNoOne() {
        publishFollowUps();
        erase("cust-r-vip", 30);
        var function = function();
        var vip = onlyRecovery();
        var context = new LocalContext("zendesk");

        assertThat(deliver(function, List.of(vip), context).getBatchItemFailures()).isEmpty();

        assertThat(zendesk.requests()).isEmpty();
        assertThat(zendesk.tickets()).isEmpty();
        assertThat(String.join("\n", context.lines())).contains("customer erased").contains("ZendeskErased")
                .doesNotContain("ana@example.com").doesNotContain("cust-r-vip").doesNotContain("Ana r-vip");
        // Nothing claimed: the ledger holds no trace of a ticket for them.
        var ledger = new ConnectorLedger(aws.dynamoDb(), resources.tableName(), "zendesk", ZendeskFunction.LEASE, clock);
        assertThat(ledger.claim("generic:r-vip")).isEqualTo(new ConnectorLedger.Claim.Taken(1));
    }

    @Test
    void aReferralOrNurtureThatReachesTheFunctionAnywayOpensNoTicket() {
        var function = function();
        var referral = Message.builder().messageId("m-1").receiptHandle("h-1").body(
                "{\"followUpId\":\"generic:r-fan\",\"action\":\"referral\",\"respondent\":{\"email\":\"fan@example.com\"}}").build();
        var nurture = Message.builder().messageId("m-2").receiptHandle("h-2").body(
                "{\"followUpId\":\"generic:r-mid\",\"action\":\"nurture\",\"respondent\":{\"email\":\"mid@example.com\"}}").build();
        assertThat(deliver(function, List.of(referral, nurture)).getBatchItemFailures()).isEmpty();
        assertThat(zendesk.requests()).isEmpty();
    }

    @Test
    void aTicketCreatedByAnAttemptThatNeverHeardBackIsFoundByItsExternalIdAndNotCreatedAgain() {
        publishFollowUps();
        var function = function();
        var vip = onlyRecovery();
        // Zendesk creates the ticket, then the answer never comes within the client's timeout.
        zendesk.failNextOn("/api/v2/tickets", new LocalZendesk.Fault.Hang(Duration.ofSeconds(3), true));

        assertThat(redeliver(function, vip).getBatchItemFailures()).hasSize(1);
        assertThat(zendesk.tickets()).hasSize(1);
        assertThat(redeliver(function, vip).getBatchItemFailures()).isEmpty();
        assertThat(redeliver(function, vip).getBatchItemFailures()).isEmpty();

        assertThat(zendesk.tickets()).hasSize(1);
        assertThat(zendesk.creations()).isEqualTo(1);
        assertThat(zendesk.requests()).filteredOn(r -> r.path().startsWith("/api/v2/tickets"))
                .extracting(LocalZendesk.Request::method).containsExactly("POST", "GET");
        var ticketId = String.valueOf(zendesk.tickets().get(0).get("id"));
        var item = aws.dynamoDb().getItem(r -> r.tableName(resources.tableName())
                .key(ConnectorItem.key("zendesk", "generic:r-vip")).consistentRead(true)).item();
        assertThat(Table.str(item, ConnectorItem.URL)).as("the ticket found is linked like one created")
                .isEqualTo(zendesk.baseUrl() + "/agent/tickets/" + ticketId);
    }

    @Test
    void aCrashAfterTheCreateLeavesTheClaimHeldUntilItsLeaseEndsThenTheRedeliveryFindsTheTicket() {
        publishFollowUps();
        var function = function();
        var vip = onlyRecovery();
        // An attempt claimed the follow-up, Zendesk created its ticket, and the function died before storing the id.
        var ledger = new ConnectorLedger(aws.dynamoDb(), resources.tableName(), "zendesk", ZendeskFunction.LEASE, clock);
        assertThat(ledger.claim("generic:r-vip")).isEqualTo(new ConnectorLedger.Claim.Taken(1));
        zendesk.create(Map.of("external_id", "generic:r-vip", "subject", "created before the crash"));

        // A second delivery at once waits for the lease rather than creating.
        assertThat(redeliver(function, vip).getBatchItemFailures()).hasSize(1);
        clock.advance(ZendeskFunction.LEASE.plusSeconds(1));
        assertThat(redeliver(function, vip).getBatchItemFailures()).isEmpty();
        assertThat(redeliver(function, vip).getBatchItemFailures()).isEmpty();

        assertThat(zendesk.tickets()).hasSize(1);
        assertThat(zendesk.creations()).isZero();
    }

    @Test
    void aStormOf429sPutsTheMessageBackForTheRetryAfterAskedUntilTheTicketIsCreated() {
        publishFollowUps();
        var function = function();
        var vip = onlyRecovery();
        aws.sqs().sendMessage(r -> r.queueUrl(queue).messageBody(vip.body()));
        zendesk.failNext(new LocalZendesk.Fault.RateLimited(2), new LocalZendesk.Fault.RateLimited(2), new LocalZendesk.Fault.RateLimited(2));

        int deliveries = 0;
        while (zendesk.tickets().isEmpty() && deliveries < 10) {
            var messages = receive(Duration.ofSeconds(5));
            assertThat(messages).as("never dropped").hasSize(1);
            var started = System.nanoTime();
            var response = deliver(function, messages);
            deliveries++;
            if (!response.getBatchItemFailures().isEmpty()) {
                // Hidden for the 2 s Zendesk asked, not the queue's 60 s.
                assertThat(aws.sqs().receiveMessage(r -> r.queueUrl(queue).waitTimeSeconds(0)).messages()).isEmpty();
                var back = receive(Duration.ofSeconds(6));
                assertThat(back).hasSize(1);
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
                aws.sqs().changeMessageVisibility(r -> r.queueUrl(queue).receiptHandle(back.get(0).receiptHandle()).visibilityTimeout(0));
            }
        }
        assertThat(deliveries).isEqualTo(4);
        assertThat(zendesk.tickets()).hasSize(1);
        assertThat(receive(Duration.ofSeconds(1))).isEmpty();
        assertThat(aws.sqs().receiveMessage(r -> r.queueUrl(deadLetters).waitTimeSeconds(0)).messages()).isEmpty();
    }

    @Test
    void aServerErrorThenSuccessAndATimeoutThenSuccessEachCreateOneTicket() {
        publishFollowUps();
        var function = function();
        var vip = onlyRecovery();
        zendesk.failNextOn("/api/v2/tickets", new LocalZendesk.Fault.ServerError(503), new LocalZendesk.Fault.Hang(Duration.ofSeconds(3), false));

        assertThat(redeliver(function, vip).getBatchItemFailures()).hasSize(1);
        assertThat(redeliver(function, vip).getBatchItemFailures()).as("no answer within the timeout").hasSize(1);
        assertThat(zendesk.tickets()).isEmpty();
        assertThat(redeliver(function, vip).getBatchItemFailures()).isEmpty();

        assertThat(zendesk.tickets()).hasSize(1);
        // Every try carried the same key: Zendesk itself answers a repeat with the first ticket.
        assertThat(zendesk.requests()).filteredOn(r -> r.method().equals("POST") && r.path().startsWith("/api/v2/tickets")).hasSize(2)
                .extracting(LocalZendesk.Request::idempotencyKey).doesNotContainNull().allMatch(k -> k.startsWith("nps-loop-generic:r-vip-"))
                .containsOnly(zendesk.requests().stream().filter(r -> r.method().equals("POST") && r.path().startsWith("/api/v2/tickets"))
                        .findFirst().orElseThrow().idempotencyKey());
        // The user created on the first try was found by email on the others.
        assertThat(zendesk.users()).hasSize(1);
        assertThat(zendesk.userCreations()).isEqualTo(1);
    }

    @Test
    void aRefusalOtherThan429GoesToTheDeadLetterQueueAtOnce() {
        publishFollowUps();
        var vip = onlyRecovery();
        var function = function();
        zendesk.failNextOn("/api/v2/tickets", new LocalZendesk.Fault.ServerError(422));

        assertThat(redeliver(function, vip).getBatchItemFailures()).isEmpty();

        var parked = aws.sqs().receiveMessage(r -> r.queueUrl(deadLetters).waitTimeSeconds(1).messageAttributeNames("All")).messages();
        assertThat(parked).hasSize(1);
        assertThat(parked.get(0).messageAttributes().get("error").stringValue()).isEqualTo("http_422");
        assertThat(zendesk.tickets()).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void anEndUserSomeoneHadBeforeIsTheRequesterAsIsUnmarkedAndNoneIsCreated() {
        publishFollowUps();
        var before = zendesk.addUser("Ana Agent-Entered", "ANA@example.com", "vip");
        var function = function();

        assertThat(redeliver(function, onlyRecovery()).getBatchItemFailures()).isEmpty();

        assertThat(zendesk.tickets()).singleElement().satisfies(t -> assertThat(t.get("requester_id")).isEqualTo(before.get("id")));
        assertThat(zendesk.userCreations()).isZero();
        var item = aws.dynamoDb().getItem(r -> r.tableName(resources.tableName())
                .key(ConnectorItem.key("zendesk", "generic:r-vip")).consistentRead(true)).item();
        assertThat(item).as("a user found is not the connector's to erase").doesNotContainKey(ConnectorItem.CREATED_REQUESTER_ID);
        assertThat(zendesk.users()).singleElement().satisfies(u -> {
            assertThat((List<String>) u.get("tags")).containsExactly("vip");
            assertThat(u).containsEntry("name", "Ana Agent-Entered");
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void aCrashBetweenCreatingTheUserAndTheTicketReusesThatUserOnTheRetryAndOpensOneTicket() {
        publishFollowUps();
        var function = function();
        var vip = onlyRecovery();
        // Zendesk creates the user, then the answer never comes: the attempt ends before any ticket.
        zendesk.failNextOn("/api/v2/users", new LocalZendesk.Fault.None(), new LocalZendesk.Fault.Hang(Duration.ofSeconds(3), true));

        assertThat(redeliver(function, vip).getBatchItemFailures()).hasSize(1);
        assertThat(zendesk.users()).hasSize(1);
        assertThat(zendesk.tickets()).isEmpty();
        // The next one dies after the ticket create is sent: it is refused with a 500.
        zendesk.failNextOn("/api/v2/tickets", new LocalZendesk.Fault.None(), new LocalZendesk.Fault.ServerError(500));
        assertThat(redeliver(function, vip).getBatchItemFailures()).hasSize(1);
        assertThat(redeliver(function, vip).getBatchItemFailures()).isEmpty();
        assertThat(redeliver(function, vip).getBatchItemFailures()).isEmpty();

        var user = zendesk.users().get(0);
        assertThat(zendesk.users()).hasSize(1);
        assertThat((List<String>) user.get("tags")).containsExactly("nps_loop_created");
        assertThat(zendesk.userCreations()).isEqualTo(1);
        assertThat(zendesk.tickets()).singleElement().satisfies(t -> assertThat(t.get("requester_id")).isEqualTo(user.get("id")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aUserCreationZendeskRefusesOpensTheTicketByEmailWithAnUnmarkedRequester() {
        publishFollowUps();
        var function = function();
        // E.g. the token's role may not create users: Zendesk makes the requester from the ticket, as before.
        zendesk.failNextOn("/api/v2/users", new LocalZendesk.Fault.None(), new LocalZendesk.Fault.ServerError(403));

        assertThat(redeliver(function, onlyRecovery()).getBatchItemFailures()).isEmpty();

        var ticket = zendesk.tickets().get(0);
        assertThat((Map<String, Object>) ticket.get("requester")).containsEntry("email", "ana@example.com").containsEntry("name", "Ana r-vip");
        var requester = zendesk.user(((Number) ticket.get("requester_id")).longValue()).orElseThrow();
        assertThat((List<String>) requester.get("tags")).isEmpty();
    }

    @Test
    void aRetryNamingTheRequesterOtherwiseThanTheFirstTryCarriesAKeyOfItsOwnAndOpensTheTicket() throws Exception {
        publishFollowUps();
        var function = function();
        var vip = onlyRecovery();
        // The first try: the user creation is refused, so the ticket names the requester by email; its create fails after Zendesk kept its key.
        zendesk.failNextOn("/api/v2/users", new LocalZendesk.Fault.None(), new LocalZendesk.Fault.ServerError(403));
        zendesk.failNextOn("/api/v2/tickets", new LocalZendesk.Fault.ServerError(500));
        assertThat(redeliver(function, vip).getBatchItemFailures()).hasSize(1);
        assertThat(zendesk.tickets()).isEmpty();

        // The retry creates the user and names them by id: another body, which under the first key Zendesk refuses (400).
        assertThat(redeliver(function, vip).getBatchItemFailures()).isEmpty();

        assertThat(aws.sqs().receiveMessage(r -> r.queueUrl(deadLetters).waitTimeSeconds(0)).messages()).as("not parked").isEmpty();
        var user = zendesk.users().get(0);
        assertThat(zendesk.tickets()).singleElement().satisfies(t -> assertThat(t.get("requester_id")).isEqualTo(user.get("id")));
        var creates = zendesk.requests().stream().filter(r -> r.method().equals("POST") && r.path().equals("/api/v2/tickets")).toList();
        assertThat(creates).hasSize(2);
        assertThat(creates.get(1).idempotencyKey()).startsWith("nps-loop-generic:r-vip-").isNotEqualTo(creates.get(0).idempotencyKey());
        // What one key for every try met: the first try's key with the retry's body is refused.
        var reused = java.net.http.HttpRequest.newBuilder(java.net.URI.create(zendesk.baseUrl() + "/api/v2/tickets"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("ops@acme.example/token:tok123".getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json").header("Idempotency-Key", creates.get(0).idempotencyKey())
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(JSON.std.asString(Map.of("ticket", Map.of(
                        "external_id", "generic:r-vip", "requester_id", user.get("id"), "subject", "again")))))
                .build();
        var refused = java.net.http.HttpClient.newHttpClient().send(reused, java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(JSON.std.mapFrom(refused.body())).containsEntry("error", "IdempotentRequestError");
        assertThat(zendesk.tickets()).hasSize(1);
    }

    @Test
    void theEndUserTheConnectorCreatesIsKeptOnItsItemForErasure() {
        publishFollowUps();
        var function = function();

        assertThat(redeliver(function, onlyRecovery()).getBatchItemFailures()).isEmpty();

        var item = aws.dynamoDb().getItem(r -> r.tableName(resources.tableName())
                .key(ConnectorItem.key("zendesk", "generic:r-vip")).consistentRead(true)).item();
        assertThat(Table.str(item, ConnectorItem.CREATED_REQUESTER_ID)).isEqualTo(String.valueOf(zendesk.users().get(0).get("id")));
        assertThat(Table.str(item, ConnectorItem.EXTERNAL_ID)).isEqualTo(String.valueOf(zendesk.tickets().get(0).get("id")));
    }

    // --- back from Zendesk

    private ZendeskWebhookFunction webhook() {
        var settings = new Settings(env());
        return new ZendeskWebhookFunction(settings, new AwsClients(settings), clock);
    }

    private static APIGatewayV2HTTPEvent signed(String body, String timestamp, String signature) {
        var event = new APIGatewayV2HTTPEvent();
        event.setBody(body);
        event.setHeaders(Map.of("content-type", "application/json", "x-zendesk-webhook-signature", signature,
                "x-zendesk-webhook-signature-timestamp", timestamp));
        return event;
    }

    private APIGatewayV2HTTPEvent signedNow(String body) {
        var timestamp = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        return signed(body, timestamp, ZendeskSignature.sign(SECRET.getBytes(StandardCharsets.UTF_8), timestamp, body));
    }

    private static String trigger(String caseId, String status) {
        return "{\"external_id\":\"" + caseId + "\",\"status\":\"" + status + "\",\"ticket_id\":\"35436\"}";
    }

    private CaseStatus status(String responseId) {
        return new DynamoDbCases(aws.dynamoDb(), resources.tableName()).find(new ResponseKey("generic", responseId)).orElseThrow().status();
    }

    @Test
    void aSolvedTicketSignedAsZendeskSignsResolvesItsCaseAndEscalationFindsNothingOverdue() throws Exception {
        publishFollowUps();
        var webhook = webhook();
        assertThat(status("r-vip")).isEqualTo(CaseStatus.OPEN);

        var pending = webhook.handleRequest(signedNow(trigger("generic:r-vip", "Pending")), new LocalContext("webhook"));
        assertThat(pending.getStatusCode()).isEqualTo(202);
        assertThat(status("r-vip")).isEqualTo(CaseStatus.OPEN);

        var solved = webhook.handleRequest(signedNow(trigger("generic:r-vip", "Solved")), new LocalContext("webhook"));
        assertThat(solved.getStatusCode()).isEqualTo(200);
        assertThat(JSON.std.mapFrom(solved.getBody())).containsEntry("status", "resolved");
        var resolved = new DynamoDbCases(aws.dynamoDb(), resources.tableName()).find(new ResponseKey("generic", "r-vip")).orElseThrow();
        assertThat(resolved.status()).isEqualTo(CaseStatus.RESOLVED);
        assertThat(resolved.events()).allMatch(e -> e.by().equals("zendesk"));

        var closed = webhook.handleRequest(signedNow(trigger("generic:r-vip", "closed")), new LocalContext("webhook"));
        assertThat(closed.getStatusCode()).isEqualTo(200);
        assertThat(status("r-vip")).isEqualTo(CaseStatus.RESOLVED);

        var unknown = webhook.handleRequest(signedNow(trigger("generic:no-such", "solved")), new LocalContext("webhook"));
        assertThat(unknown.getStatusCode()).isEqualTo(202);

        // A month on, escalation finds no recovery overdue: the solved one left the open cases.
        var monthOn = Instant.now().plus(Duration.ofDays(30));
        webhook.handleRequest(signedNow(trigger("generic:r-nomail", "solved")), new LocalContext("webhook"));
        new EscalationFunction(new Settings(env()), Clock.fixed(monthOn, java.time.ZoneOffset.UTC))
                .handleRequest(new ScheduledEvent(), new LocalContext("escalation"));
        var cases = new DynamoDbCases(aws.dynamoDb(), resources.tableName());
        assertThat(cases.open(Action.RECOVERY, monthOn, 10)).isEmpty();
        assertThat(cases.find(new ResponseKey("generic", "r-vip")).orElseThrow().escalatedAt()).isNull();
    }

    @Test
    void aTamperedStaleOrReplayedWebhookIsRefusedAndChangesNothing() {
        publishFollowUps();
        var webhook = webhook();
        var body = trigger("generic:r-vip", "solved");

        var good = signedNow(trigger("generic:r-vip", "open"));
        assertThat(webhook.handleRequest(good, new LocalContext("webhook")).getStatusCode()).isEqualTo(202);
        var replayed = webhook.handleRequest(good, new LocalContext("webhook"));
        assertThat(replayed.getStatusCode()).isEqualTo(401);

        var genuine = signedNow(trigger("generic:r-vip", "open"));
        var tampered = signed(body, genuine.getHeaders().get("x-zendesk-webhook-signature-timestamp"),
                genuine.getHeaders().get("x-zendesk-webhook-signature"));
        assertThat(webhook.handleRequest(tampered, new LocalContext("webhook")).getStatusCode()).isEqualTo(401);

        var sixMinutesAgo = clock.instant().minus(Duration.ofMinutes(6)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        var stale = signed(body, sixMinutesAgo, ZendeskSignature.sign(SECRET.getBytes(StandardCharsets.UTF_8), sixMinutesAgo, body));
        assertThat(webhook.handleRequest(stale, new LocalContext("webhook")).getStatusCode()).isEqualTo(401);

        var wrongSecret = signedNow(body);
        var forged = signed(body, wrongSecret.getHeaders().get("x-zendesk-webhook-signature-timestamp"),
                ZendeskSignature.sign("not-the-secret".getBytes(StandardCharsets.UTF_8),
                        wrongSecret.getHeaders().get("x-zendesk-webhook-signature-timestamp"), body));
        assertThat(webhook.handleRequest(forged, new LocalContext("webhook")).getStatusCode()).isEqualTo(401);

        var unsigned = new APIGatewayV2HTTPEvent();
        unsigned.setBody(body);
        unsigned.setHeaders(Map.of());
        assertThat(webhook.handleRequest(unsigned, new LocalContext("webhook")).getStatusCode()).isEqualTo(401);

        assertThat(status("r-vip")).isEqualTo(CaseStatus.OPEN);
    }
}

package io.npsloop.local.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.jr.ob.JSON;
import io.npsloop.config.Settings;
import io.npsloop.aws.StreamImages;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.npsloop.cases.CasesFunction;
import io.npsloop.chat.ChatDigestFunction;
import io.npsloop.chat.ChatFunction;
import io.npsloop.chat.FollowUpMessage;
import io.npsloop.cases.EscalationFunction;
import io.npsloop.cases.desk.DeskTokenClaims;
import io.npsloop.dispatch.DispatchFunction;
import io.npsloop.exports.ExportFunction;
import io.npsloop.exports.OutcomesImportFunction;
import io.npsloop.ingest.IngestFunction;
import io.npsloop.ingest.fetch.FetchFunction;
import io.npsloop.connectors.TopicFollowUp;
import io.npsloop.local.LocalAws;
import io.npsloop.local.LocalContext;
import io.npsloop.local.SnsDelivery;
import io.npsloop.report.CountersFunction;
import io.npsloop.report.ErasureFunction;
import io.npsloop.report.ReportFunction;
import io.npsloop.report.UpliftFunction;
import io.npsloop.table.UpliftItem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.ParameterizedType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Every function in template.yaml has an event in {@code events/} that {@code sam local invoke -e}
 * can hand it: named after the function ({@code IngestFunction}: {@code events/ingest-*.json}), of
 * the shape its event source sends (the route, the stream filter, the schedule's input, the bucket's
 * key filter), read by the Lambda runtime's own serializer into the handler's input type, and doing
 * what it should when the real handler runs it against DynamoDB Local and fauxqs.
 */
class SampleEventsTest {

    private static final String TYPEFORM_CASE = "typeform:a3a12ec67a1365927098a606107fac15";

    private static Path events;
    private static List<Function> functions;

    private final LocalAws aws = LocalAws.shared();
    private LocalAws.Resources resources;
    private Settings settings;

    /** A function as the template declares it: its handler class and its event sources by name. */
    record Function(String name, Class<?> handler, Map<String, Map<String, Object>> sources) {

        /** {@code OutcomesImportFunction} → {@code outcomes-import}: its event files are {@code events/outcomes-import-*.json}. */
        String prefix() {
            var base = name.endsWith("Function") ? name.substring(0, name.length() - "Function".length()) : name;
            return base.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
        }

        List<Path> eventFiles() {
            try (var files = Files.list(events)) {
                // chat-digest-*.json is ChatDigestFunction's, not ChatFunction's: the longest prefix owns a file.
                return files.filter(f -> f.getFileName().toString().startsWith(prefix() + "-") && f.toString().endsWith(".json"))
                        .filter(f -> functions.stream().noneMatch(other -> other.prefix().length() > prefix().length()
                                && f.getFileName().toString().startsWith(other.prefix() + "-")))
                        .sorted().toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** What the handler's {@code RequestHandler<I, O>} declares as {@code I}. */
        Class<?> inputType() {
            return inputTypeOf(handler);
        }
    }

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void readTemplate() throws Exception {
        events = Main.findEvents().getParent();
        var resources = (Map<String, Object>) CloudFormationYaml.template().get("Resources");
        functions = new ArrayList<>();
        for (var resource : resources.entrySet()) {
            var body = (Map<String, Object>) resource.getValue();
            if (!"AWS::Serverless::Function".equals(body.get("Type"))) {
                continue;
            }
            var properties = (Map<String, Object>) body.get("Properties");
            var handler = ((String) properties.get("Handler")).split("::")[0];
            var sources = new LinkedHashMap<String, Map<String, Object>>();
            ((Map<String, Object>) properties.getOrDefault("Events", Map.of()))
                    .forEach((name, source) -> sources.put(name, (Map<String, Object>) source));
            functions.add(new Function(resource.getKey(), Class.forName(handler), sources));
        }
    }

    @BeforeEach
    void provision() {
        var name = "events-" + UUID.randomUUID().toString().substring(0, 8);
        resources = aws.provision(name);
        settings = new Settings(settingsMap());
    }

    // ---- what the files are ----

    @Test
    void theTemplateHasTheFunctionsThisTestKnows() {
        assertThat(functions).extracting(Function::name).containsExactlyInAnyOrder(
                "IngestFunction", "FetchFunction", "DispatchFunction", "CasesFunction", "EscalationFunction",
                "ReportFunction", "UpliftFunction", "ErasureFunction", "CountersFunction", "ExportFunction", "OutcomesImportFunction",
                "ChatFunction", "ChatDigestFunction", "DeskTokenClaimsFunction", "ZendeskFunction", "ZendeskWebhookFunction",
                "HubSpotFunction", "HubSpotWebhookFunction");
    }

    @Test
    void everyFunctionHasAnEventFileAndEveryEventFileAFunction() throws Exception {
        for (var function : functions) {
            assertThat(function.eventFiles()).as("events/%s-*.json for %s", function.prefix(), function.name()).isNotEmpty();
        }
        try (var files = Files.list(events)) {
            var orphans = files.filter(f -> f.toString().endsWith(".json"))
                    .filter(f -> functions.stream().noneMatch(fn -> fn.eventFiles().contains(f)))
                    .map(f -> f.getFileName().toString()).toList();
            assertThat(orphans).as("event files named after no function in template.yaml").isEmpty();
        }
    }

    @Test
    void everyEventIsReadIntoItsHandlersInputTypeAndFitsItsEventSource() throws Exception {
        for (var function : functions) {
            for (var file : function.eventFiles()) {
                var what = function.name() + " with " + file.getFileName();
                var loaded = EventLoader.loadEvent(file.toString(), function.inputType());
                assertThat(loaded).as(what).isNotNull();
                var raw = JSON.std.mapFrom(Files.readString(file));
                if (function.sources().isEmpty()) {
                    // No event source of its own: a user pool's trigger, which the pool names.
                    fitsTheUserPoolTrigger(function, raw, what);
                    continue;
                }
                var types = function.sources().values().stream().map(s -> (String) s.get("Type")).distinct().toList();
                assertThat(types).as("%s has one kind of event source", function.name()).hasSize(1);
                switch (types.get(0)) {
                    case "HttpApi" -> fitsARoute(function, (APIGatewayV2HTTPEvent) loaded, what);
                    case "DynamoDB" -> fitsTheStreamFilter(function, (DynamodbEvent) loaded, raw, what);
                    case "ScheduleV2" -> fitsTheScheduleInput(function, raw, what);
                    case "S3" -> fitsTheBucketFilter(function, (S3Event) loaded, what);
                    case "SQS" -> fitsTheQueue((SQSEvent) loaded, what);
                    default -> throw new AssertionError(what + ": no check for event sources of type " + types.get(0));
                }
            }
        }
    }

    @Test
    void theSchedulersOwnNotificationWouldNotReachTheHandlersWhichIsWhyTheTemplateSetsTheInput() {
        // What EventBridge Scheduler sends when a schedule has no input: "detail" is a string.
        var notification = """
                {"version":"0","id":"d32c5kddcf5bb8c3","detail-type":"Scheduled Event","source":"aws.scheduler",
                 "account":"123456789012","time":"2026-11-22T14:15:00Z","region":"eu-west-1",
                 "resources":["arn:aws:scheduler:eu-west-1:123456789012:schedule/default/x"],"detail":"{}"}""";

        assertThatThrownBy(() -> EventLoader.loadEvent(scratch(notification).toString(), ScheduledEvent.class))
                .hasMessageContaining("detail");
    }

    private static void fitsARoute(Function function, APIGatewayV2HTTPEvent event, String what) {
        var route = function.sources().values().stream()
                .map(SampleEventsTest::properties)
                .filter(p -> (p.get("Method") + " " + p.get("Path")).equalsIgnoreCase(event.getRouteKey()))
                .findFirst();
        assertThat(route).as("%s: route %s is one of the function's", what, event.getRouteKey()).isPresent();
        var context = event.getRequestContext();
        assertThat(event.getVersion()).as(what).isEqualTo("2.0");
        assertThat(context.getRouteKey()).as(what).isEqualTo(event.getRouteKey());
        assertThat(context.getHttp().getMethod() + " " + context.getHttp().getPath()).as(what)
                .isEqualTo(event.getRouteKey().split(" ")[0] + " " + event.getRawPath());
        var pathPattern = Pattern.quote((String) route.get().get("Path")).replaceAll("\\{[a-z]+}", "\\\\E[^/]+\\\\Q");
        assertThat(event.getRawPath()).as(what).matches(pathPattern);
        assertThat(context.getTimeEpoch()).as("%s: API Gateway's time of arrival", what).isPositive();
        var iam = route.get().get("Auth") instanceof Map<?, ?> auth && "AWS_IAM".equals(auth.get("Authorizer"));
        var caller = context.getAuthorizer() == null ? null : context.getAuthorizer().getIam();
        assertThat(caller != null).as("%s: an IAM caller exactly where the route is IAM-authorised", what).isEqualTo(iam);
    }

    @SuppressWarnings("unchecked")
    private static void fitsTheStreamFilter(Function function, DynamodbEvent event, Map<String, Object> raw, String what) throws Exception {
        var patterns = new ArrayList<Map<String, Object>>();
        for (var source : function.sources().values()) {
            var filters = (Map<String, Object>) properties(source).get("FilterCriteria");
            for (var filter : (List<Map<String, Object>>) filters.get("Filters")) {
                patterns.add(JSON.std.mapFrom(filter.get("Pattern")));
            }
        }
        assertThat(event.getRecords()).as(what).isNotEmpty();
        for (var record : (List<Map<String, Object>>) raw.get("Records")) {
            assertThat(patterns.stream().anyMatch(p -> TemplateFilterTest.matches(p, record)))
                    .as("%s: record %s passes the template's filter", what, record.get("eventID")).isTrue();
        }
        for (var record : event.getRecords()) {
            assertThat(record.getEventSourceARN()).as(what).matches("arn:aws:dynamodb:[a-z0-9-]+:[0-9]{12}:table/.+/stream/.+");
            assertThat(record.getDynamodb().getKeys()).as(what).containsKeys("pk", "sk");
            assertThat(record.getDynamodb().getNewImage()).as("%s: the new image holds the keys", what)
                    .containsEntry("pk", record.getDynamodb().getKeys().get("pk"));
            assertThat(record.getDynamodb().getStreamViewType()).as(what).isEqualTo("NEW_AND_OLD_IMAGES");
        }
    }

    /** The schedule's input as AWS fills it in; the event file is one such delivery. */
    @SuppressWarnings("unchecked")
    private static void fitsTheScheduleInput(Function function, Map<String, Object> raw, String what) throws Exception {
        for (var source : function.sources().values()) {
            var input = properties(source).get("Input");
            assertThat(input).as("%s: the schedule sets an Input the runtime can read", what).isInstanceOf(Map.class);
            var template = (String) ((Map<String, Object>) input).get("Fn::Sub");
            var delivered = template.replace("${AWS::AccountId}", "123456789012").replace("${AWS::Region}", "eu-west-1")
                    .replace("<aws.scheduler.execution-id>", "d32c5kddcf5bb8c3")
                    .replace("<aws.scheduler.scheduled-time>", "2026-11-22T14:15:00Z")
                    .replace("<aws.scheduler.schedule-arn>", "arn:aws:scheduler:eu-west-1:123456789012:schedule/default/x");
            var scheduled = (ScheduledEvent) EventLoader.loadEvent(scratch(delivered).toString(), function.inputType());
            assertThat(scheduled.getTime()).as(what).isNotNull();
            assertThat(raw.keySet()).as("%s: the fields the schedule's input sends", what)
                    .containsExactlyInAnyOrderElementsOf(JSON.std.mapFrom(delivered).keySet());
            assertThat(raw).as(what).containsEntry("source", "aws.scheduler").containsEntry("detail-type", "Scheduled Event")
                    .containsEntry("detail", Map.of());
        }
    }

    /** A Cognito pre token generation event of the version the pool that names the function sends. */
    @SuppressWarnings("unchecked")
    private static void fitsTheUserPoolTrigger(Function function, Map<String, Object> raw, String what) {
        var resources = (Map<String, Object>) CloudFormationYaml.template().get("Resources");
        var configs = resources.values().stream().map(r -> (Map<String, Object>) r)
                .filter(r -> "AWS::Cognito::UserPool".equals(r.get("Type")))
                .map(r -> (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) r.get("Properties"))
                        .getOrDefault("LambdaConfig", Map.of())).get("PreTokenGenerationConfig"))
                .filter(c -> c != null && Map.of("Ref", function.name() + ".Alias").equals(c.get("LambdaArn")))
                .toList();
        assertThat(configs).as("%s: a user pool's pre token generation trigger", what).hasSize(1);
        assertThat(configs.get(0)).as(what).containsEntry("LambdaVersion", "V2_0");
        assertThat(raw).as("%s: a V2_0 event", what).containsEntry("version", "2");
        assertThat((String) raw.get("triggerSource")).as(what).startsWith("TokenGeneration_");
        assertThat((Map<String, Object>) raw.get("request")).as(what).containsKeys("userAttributes", "groupConfiguration");
    }

    /** An SQS event of the chat queue: each body a follow-up as the topic delivers it, enveloped. */
    private static void fitsTheQueue(SQSEvent event, String what) {
        assertThat(event.getRecords()).as(what).isNotEmpty();
        for (var record : event.getRecords()) {
            assertThat(record.getEventSource()).as(what).isEqualTo("aws:sqs");
            assertThat(record.getEventSourceArn()).as(what).matches("arn:aws:sqs:[a-z0-9-]+:[0-9]{12}:.+");
            assertThat(record.getBody()).as("%s: enveloped, as the template subscribes the queue", what).contains("\"Type\":\"Notification\"");
            var message = TopicFollowUp.fromSqsBody(record.getBody());
            if (message.relationship()) {
                // A step on a case: whose relationship and which case, nothing to act on by hand.
                assertThat(message.followUpId()).as(what).isNotBlank();
                assertThat(message.customerId()).as(what).isNotBlank();
                continue;
            }
            assertThat(FollowUpMessage.fromSqsBody(record.getBody()).links()).as(what).isNotEmpty();
            assertThat(FollowUpMessage.fromSqsBody(record.getBody()).caseLink()).as(what).contains("/desk/#/cases/");
        }
    }

    @SuppressWarnings("unchecked")
    private static void fitsTheBucketFilter(Function function, S3Event event, String what) {
        for (var source : function.sources().values()) {
            var properties = properties(source);
            var rules = (List<Map<String, Object>>) ((Map<String, Object>) ((Map<String, Object>) properties.get("Filter"))
                    .get("S3Key")).get("Rules");
            for (var record : event.getRecords()) {
                assertThat(record.getEventVersion()).as(what).isEqualTo("2.1");
                assertThat(record.getEventName()).as(what).startsWith("ObjectCreated:");
                var key = record.getS3().getObject().getKey();
                for (var rule : rules) {
                    if ("prefix".equals(rule.get("Name"))) {
                        assertThat(key).as(what).startsWith((String) rule.get("Value"));
                    } else {
                        assertThat(key).as(what).endsWith((String) rule.get("Value"));
                    }
                }
                assertThat(record.getS3().getBucket().getName()).as("%s: the export bucket's name", what)
                        .matches("nps-loop-exports-[0-9a-f-]{36}");
            }
        }
    }

    // ---- what the handlers do with them ----

    @Test
    void ingestAcceptsTheSignedTypeformWebhookAndListsTheQuarantine() throws Exception {
        var ingest = new IngestFunction(settings);

        var accepted = invoke(ingest, "ingest-webhook-typeform.json");
        var quarantine = invoke(ingest, "ingest-list-quarantine.json");

        // Signed with the local Typeform secret (LocalStack.LOCAL_SECRETS), and arrived within the replay window of its submission.
        assertThat(accepted.getStatusCode()).isEqualTo(202);
        assertThat(json(accepted)).containsEntry("responseId", "a3a12ec67a1365927098a606107fac15").containsEntry("category", "detractor");
        assertThat(quarantine.getStatusCode()).isEqualTo(200);
        assertThat(json(quarantine)).containsEntry("day", "2026-11-21").containsEntry("requests", List.of());
    }

    @Test
    void fetchReadsThePendingSurveyMonkeyResponseFromItsApiAndStoresIt() throws Exception {
        var apis = new SampleApis(events.resolve("api"), settingsMap().get("WEBHOOK_SECRET_SURVEYMONKEY_API_TOKEN"),
                settingsMap().get("WEBHOOK_SECRET_QUALTRICS_API_TOKEN"));
        try (apis) {
            var env = new HashMap<>(settingsMap());
            env.put("SURVEYMONKEY_API_BASE_URL", apis.baseUrl().toString());
            putImages("fetch-pending-surveymonkey.json");

            var response = invoke(new FetchFunction(new Settings(env)), "fetch-pending-surveymonkey.json");

            assertThat(response.getBatchItemFailures()).isEmpty();
            assertThat(item("FETCH#surveymonkey#118462093571", "FETCH")).containsEntry("fetchStatus", AttributeValue.fromS("done"))
                    .containsEntry("fetchOutcome", AttributeValue.fromS("stored"));
            assertThat(item("RESPONSE#surveymonkey#118462093571", "RESPONSE").get("category").s()).isEqualTo("detractor");
        }
    }

    @Test
    void theHourlyScheduleEstimatesTheUpliftsIntoTheirOneItem() {
        Map<String, Object> run = invoke(new UpliftFunction(settings), "uplift-schedule.json");

        assertThat(run).containsKey("computedAt").containsEntry("estimates", 6L);
        assertThat(UpliftItem.stored(aws.dynamoDb().getItem(r -> r.tableName(resources.tableName()).key(UpliftItem.key())).item())
                .estimates()).hasSize(9);
    }

    @Test
    void dispatchPublishesThePendingFollowUpThePendingEscalationAndTheResolvedCasesRelationship() {
        var dispatch = new DispatchFunction(settings);
        putImages("dispatch-pending-follow-up.json");

        var followUp = invoke(dispatch, "dispatch-pending-follow-up.json");
        putImages("dispatch-pending-escalation.json");
        var escalation = invoke(dispatch, "dispatch-pending-escalation.json");
        putImages("dispatch-case-resolved.json");
        var resolved = invoke(dispatch, "dispatch-case-resolved.json");

        assertThat(followUp.getBatchItemFailures()).isEmpty();
        assertThat(escalation.getBatchItemFailures()).isEmpty();
        assertThat(resolved.getBatchItemFailures()).isEmpty();
        assertThat(aws.receiveAll(resources.followUpQueueUrl(), Duration.ofMillis(700)).stream()
                .map(m -> SnsDelivery.fromSqsBody(m.body()).attributes().get("action")))
                .containsExactlyInAnyOrder("recovery", "escalation", "relationship");
        var stored = item("RESPONSE#typeform#a3a12ec67a1365927098a606107fac15", "RESPONSE");
        assertThat(stored.get("escalationStatus").s()).isEqualTo("sent");
    }

    @Test
    void casesShowListAndRecordWhatAPersonDidOnTheSamplesCase() throws Exception {
        assertThat(invoke(new IngestFunction(settings), "ingest-webhook-typeform.json").getStatusCode()).isEqualTo(202);
        var cases = new CasesFunction(settings);

        var shown = invoke(cases, "cases-get-case.json");
        var listed = invoke(cases, "cases-list-open.json");
        var recorded = invoke(cases, "cases-post-event.json");

        assertThat(shown.getStatusCode()).isEqualTo(200);
        assertThat(json(shown)).containsEntry("id", TYPEFORM_CASE).containsEntry("status", "open");
        assertThat(listed.getStatusCode()).isEqualTo(200);
        assertThat(listed.getBody()).contains("\"id\":\"" + TYPEFORM_CASE + "\"");
        assertThat(recorded.getStatusCode()).isEqualTo(200);
        assertThat(json(recorded)).containsEntry("status", "contacted");
    }

    @Test
    void escalationMarksTheSamplesCaseOnceItIsOverdue() throws Exception {
        assertThat(invoke(new IngestFunction(settings), "ingest-webhook-typeform.json").getStatusCode()).isEqualTo(202);
        // Three days on, whenever the sample was received: its 24-hour recovery is overdue.
        var later = Clock.fixed(Instant.now().plus(Duration.ofDays(3)), ZoneOffset.UTC);

        var run = invoke(new EscalationFunction(settings, later), "escalation-schedule.json");

        assertThat(run).containsEntry("overdue", 1).containsEntry("escalated", 1);
        assertThat(item("RESPONSE#typeform#a3a12ec67a1365927098a606107fac15", "RESPONSE").get("escalationStatus").s()).isEqualTo("pending");
    }

    @Test
    void chatPostsTheSampleFollowUpAndTheDigestRunPostsItsDigest() throws Exception {
        // A stand-in for Slack's incoming webhook: no emulator exists for it.
        var posts = new java.util.concurrent.CopyOnWriteArrayList<String>();
        var slack = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        slack.createContext("/", exchange -> {
            posts.add(new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, 2);
            exchange.getResponseBody().write("ok".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            exchange.close();
        });
        slack.start();
        try {
            var env = new HashMap<>(settingsMap());
            env.put("CHAT_ROUTES", "recovery=/c/now,slack;*=/c/daily,slack,digest");
            var url = "http://127.0.0.1:" + slack.getAddress().getPort();
            env.put("CHAT_WEBHOOKS", "/c/now=" + url + "/now;/c/daily=" + url + "/daily");

            SQSBatchResponse posted = invoke(new ChatFunction(new Settings(env)), "chat-follow-up.json");
            Map<String, Integer> digest = invoke(new ChatDigestFunction(new Settings(env)), "chat-digest-schedule.json");

            assertThat(posted.getBatchItemFailures()).isEmpty();
            assertThat(digest).containsEntry("posted", 1);
            assertThat(posts).hasSize(2);
            assertThat(posts.get(0)).contains("Dana Whitfield").contains("https://nps.example.com/desk/act?t=v1.k1.sample-contacted")
                    .contains("https://nps.example.com/desk/#/cases/typeform%3Aa3a12ec67a1365927098a606107fac15");
            assertThat(posts.get(1)).contains("Follow-up digest: 0 new");
        } finally {
            slack.stop(0);
        }
    }

    @Test
    void countersCountTheStreamedResponseAndTheReportShowsIt() throws Exception {
        var report = new ReportFunction(settings);

        var counted = invoke(new CountersFunction(settings), "counters-stream-response.json");
        var outcomes = invoke(report, "report-post-outcomes.json");
        var roi = invoke(report, "report-get-roi.json");

        assertThat(counted.getBatchItemFailures()).isEmpty();
        assertThat(outcomes.getStatusCode()).isEqualTo(200);
        assertThat(json(outcomes)).containsEntry("recorded", 2).containsEntry("rejected", 0);
        assertThat(roi.getStatusCode()).isEqualTo(200);
        assertThat(roi.getHeaders()).containsEntry("content-type", "application/json");
        assertThat(json(roi).get("nps")).isEqualTo(Map.of("score", -100.0, "responses", 1, "promoters", 0, "passives", 0, "detractors", 1));
    }

    @Test
    void erasureRemovesTheSampleCustomer() throws Exception {
        assertThat(invoke(new IngestFunction(settings), "ingest-webhook-typeform.json").getStatusCode()).isEqualTo(202);

        var erased = invoke(new ErasureFunction(settings), "erasure-delete-customer.json");

        assertThat(erased.getStatusCode()).isEqualTo(200);
        assertThat(json(erased)).containsEntry("erased", true);
        assertThat(((Map<?, ?>) json(erased).get("removed")).get("responses")).isEqualTo(1);
        assertThat(item("RESPONSE#typeform#a3a12ec67a1365927098a606107fac15", "RESPONSE")).isEmpty();
    }

    @Test
    void exportWritesTheDaysFilesToTheBucket() {
        var bucket = aws.bucket(resources.tableName().replace("-responses", ""));
        var env = new HashMap<>(settingsMap());
        env.put("EXPORT_BUCKET", bucket);
        assertThat(invoke(new IngestFunction(settings), "ingest-webhook-typeform.json").getStatusCode()).isEqualTo(202);

        var summary = invoke(new ExportFunction(new Settings(env)), "export-schedule.json");

        assertThat(summary).startsWith("export from=");
        var keys = aws.s3().listObjectsV2(r -> r.bucket(bucket)).contents().stream().map(o -> o.key()).toList();
        assertThat(keys).contains("latest/cases.csv", "latest/roi.html",
                "reports/date=" + LocalDate.now(ZoneOffset.UTC) + "/roi.json");
    }

    @Test
    @SuppressWarnings("unchecked")
    void outcomesImportReadsTheUploadedCsvAndWritesItsResult() throws Exception {
        var event = EventLoader.loadS3Event(events.resolve("outcomes-import-s3.json").toString());
        var object = event.getRecords().get(0).getS3();
        var bucket = object.getBucket().getName();
        if (aws.s3().listBuckets().buckets().stream().noneMatch(b -> b.name().equals(bucket))) {
            aws.s3().createBucket(r -> r.bucket(bucket));
        }
        var csv = events.resolve("imports").resolve(Path.of(object.getObject().getKey()).getFileName());
        assertThat(Files.size(csv)).as("the notification names the sample file's size").isEqualTo(object.getObject().getSizeAsLong());
        aws.s3().putObject(r -> r.bucket(bucket).key(object.getObject().getKey()), RequestBody.fromFile(csv));

        var summary = invoke(new OutcomesImportFunction(settings), "outcomes-import-s3.json");

        assertThat(summary).contains("status=imported recorded=3 duplicates=0 rejected=0");
        var result = JSON.std.mapFrom(aws.s3().getObjectAsBytes(r -> r.bucket(bucket)
                .key("imports/results/crm-outcomes-2026-11.csv.json")).asUtf8String());
        assertThat(result).containsEntry("rows", 3).containsEntry("rejected", 0);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDeskTokenTriggerPutsTheSamplesEmailInTheAccessTokenAndHandsItsGroupsBack() {
        Map<String, Object> answered = invoke(new DeskTokenClaims(), "desk-token-claims-authentication.json");

        var details = (Map<String, Object>) ((Map<String, Object>) answered.get("response")).get("claimsAndScopeOverrideDetails");
        assertThat(details).containsOnlyKeys("accessTokenGeneration", "groupOverrideDetails");
        assertThat(details.get("groupOverrideDetails")).isEqualTo(Map.of("groupsToOverride", List.of()));
        assertThat((Map<String, Object>) details.get("accessTokenGeneration"))
                .isEqualTo(Map.of("claimsToAddOrOverride", Map.of("email", "testuser@example.com")));
    }

    // ---- helpers ----

    /** Loads {@code file} into the handler's declared input type, as the runtime would, and calls it. */
    @SuppressWarnings("unchecked")
    private static <I, O> O invoke(RequestHandler<I, O> handler, String file) {
        assertThat(functions.stream().filter(f -> f.handler().equals(handler.getClass()))
                .flatMap(f -> f.eventFiles().stream()).map(p -> p.getFileName().toString()))
                .as("%s is one of %s's event files", file, handler.getClass().getSimpleName()).contains(file);
        var event = (I) EventLoader.loadEvent(events.resolve(file).toString(), inputTypeOf(handler.getClass()));
        return handler.handleRequest(event, new LocalContext(handler.getClass().getSimpleName()));
    }

    private static Class<?> inputTypeOf(Class<?> handler) {
        return Stream.of(handler.getGenericInterfaces())
                .filter(t -> t instanceof ParameterizedType p && p.getRawType() == RequestHandler.class)
                .map(t -> ((ParameterizedType) t).getActualTypeArguments()[0])
                // Map<String, Object> is read as a Map.
                .map(i -> i instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) i)
                .findFirst().orElseThrow(() -> new AssertionError(handler + " is no RequestHandler"));
    }

    /** The stream records' new images, stored as the write that caused them left them. */
    private void putImages(String file) {
        for (var record : EventLoader.loadDynamoDbEvent(events.resolve(file).toString()).getRecords()) {
            aws.dynamoDb().putItem(r -> r.tableName(resources.tableName()).item(StreamImages.toSdk(record.getDynamodb().getNewImage())));
        }
    }

    private Map<String, AttributeValue> item(String pk, String sk) {
        return aws.dynamoDb().getItem(r -> r.tableName(resources.tableName()).consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk)))).item();
    }

    private Map<String, String> settingsMap() {
        var env = new HashMap<>(LocalStack.LOCAL_SECRETS);
        env.putAll(LocalStack.LOCAL_DEFAULTS);
        env.putAll(aws.environment());
        env.put("TABLE_NAME", resources.tableName());
        env.put("TOPIC_ARN", resources.topicArn());
        // Every eligible respondent treated: the samples' customers get their follow-up, whatever arm the salt draws.
        env.put("HOLDOUT_PERCENT", "0");
        return env;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(Map<String, Object> source) {
        return (Map<String, Object>) source.get("Properties");
    }

    private static Map<String, Object> json(APIGatewayV2HTTPResponse response) throws IOException {
        return JSON.std.mapFrom(response.getBody());
    }

    private static Path scratch(String json) {
        try {
            var file = Files.createTempFile("event", ".json");
            file.toFile().deleteOnExit();
            return Files.writeString(file, json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

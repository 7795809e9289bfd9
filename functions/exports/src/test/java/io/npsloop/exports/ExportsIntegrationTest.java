package io.npsloop.exports;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification;
import com.fasterxml.jackson.jr.ob.JSON;
import io.npsloop.config.Settings;
import io.npsloop.ingest.IngestFunction;
import io.npsloop.ingest.sources.StandardWebhooks;
import io.npsloop.local.LocalAws;
import io.npsloop.local.LocalContext;
import io.npsloop.local.StreamEventSource;
import io.npsloop.report.CountersFunction;
import io.npsloop.report.ReportFunction;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/** The scheduled export and the CSV import, against DynamoDB Local and S3 in fauxqs. */
class ExportsIntegrationTest {

    private static final String SECRET = "whsec_ZXhwb3J0cy10ZXN0LXNpZ25pbmcta2V5LWxvY2Fs";

    private final LocalAws aws = LocalAws.shared();
    private LocalAws.Resources resources;
    private String bucket;
    private Settings settings;

    @BeforeEach
    void setUp() {
        var name = "exports-" + UUID.randomUUID().toString().substring(0, 8);
        resources = aws.provision(name);
        bucket = aws.bucket(name);
        var env = new HashMap<>(aws.environment());
        env.put("TABLE_NAME", resources.tableName());
        env.put("WEBHOOK_SECRET_GENERIC", SECRET);
        env.put("HOLDOUT_PERCENT", "0");
        // Recovery has variants, referral none: the detractor's case names its variant, the promoter's is empty.
        env.put("RECOVERY_VARIANTS", "call:1,email:1");
        env.put("EXPORT_BUCKET", bucket);
        settings = new Settings(env);
    }

    @Test
    void casesAndTheReportLandInTheBucketByDayWithoutPersonalDataOrFormulas() throws Exception {
        var ingest = new IngestFunction(settings);
        post(ingest, "resp-exp-1", "cust-exp-1", 2, "Ana Pérez", "ana@example.com", "The invoice was wrong");
        // A response id crafted to run as a formula when a spreadsheet opens the file.
        post(ingest, "=HYPERLINK(\\\"http://evil.example\\\",\\\"x\\\")", "@cust-exp-2", 10, "Bo", "bo@example.com", "+1 great");
        var report = new ReportFunction(settings);
        var outcome = report.handleRequest(APIGatewayV2HTTPEvent.builder().withRouteKey("POST /outcomes")
                .withBody("{\"events\":[{\"eventId\":\"crm-exp-1\",\"customerId\":\"cust-exp-1\",\"type\":\"concession\","
                        + "\"occurredAt\":\"" + Instant.now() + "\",\"value\":-1}]}").build(), new LocalContext("report"));
        assertThat(outcome.getStatusCode()).isEqualTo(400);
        report.handleRequest(APIGatewayV2HTTPEvent.builder().withRouteKey("POST /outcomes")
                .withBody("{\"events\":[{\"eventId\":\"crm-exp-1\",\"customerId\":\"cust-exp-1\",\"type\":\"concession\","
                        + "\"occurredAt\":\"" + Instant.now() + "\",\"value\":80}]}").build(), new LocalContext("report"));
        drainCounters();

        var answer = new ExportFunction(settings).handleRequest(new ScheduledEvent(), new LocalContext("export"));

        var today = LocalDate.now(ZoneOffset.UTC);
        assertThat(answer).contains("cases=2");
        var csv = object("cases-csv/date=" + today + "/cases.csv");
        var jsonl = object("cases/date=" + today + "/cases.jsonl");
        var json = object("reports/date=" + today + "/roi.json");
        assertThat(object("latest/cases.csv")).isEqualTo(csv);
        assertThat(object("latest/roi.html")).contains("<svg id=\"churn-chart\"");
        for (var file : List.of(csv, jsonl, json)) {
            assertThat(file).doesNotContain("ana@example.com", "Ana Pérez", "invoice", "bo@example.com", "great");
        }
        try (var parser = CSVParser.parse(new StringReader(csv), CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get())) {
            assertThat(parser.getHeaderNames()).containsExactlyElementsOf(CaseRow.COLUMNS);
            var rows = parser.getRecords();
            assertThat(rows).hasSize(2);
            var detractor = rows.stream().filter(r -> r.get("response_id").equals("resp-exp-1")).findFirst().orElseThrow();
            assertThat(detractor.get("category")).isEqualTo("detractor");
            assertThat(detractor.get("action")).isEqualTo("recovery");
            assertThat(detractor.get("arm")).isEqualTo("treatment");
            assertThat(detractor.get("decision_status")).isEqualTo("pending");
            assertThat(detractor.get("decision_reason")).startsWith("detractor: service recovery");
            assertThat(detractor.get("outcome")).isEqualTo("concession");
            assertThat(detractor.get("outcome_value")).isEqualTo("80");
            assertThat(detractor.get("variant")).isIn("call", "email");
            var crafted = rows.stream().filter(r -> !r.get("response_id").equals("resp-exp-1")).findFirst().orElseThrow();
            assertThat(crafted.get("response_id")).startsWith("'=HYPERLINK(");
            assertThat(crafted.get("case_id")).startsWith("generic:=HYPERLINK(");
            assertThat(crafted.get("customer_id")).isEqualTo("'@cust-exp-2");
            assertThat(crafted.get("score")).isEqualTo("10");
            assertThat(crafted.get("variant")).isEmpty();
        }
        var lines = jsonl.strip().split("\n");
        assertThat(lines).hasSize(2);
        assertThat(JSON.std.mapFrom(lines[0])).containsKeys("case_id", "arm", "decision_reason", "outcome", "variant");
        var roi = JSON.std.mapFrom(json);
        assertThat(((Map<?, ?>) roi.get("nps")).get("responses")).isEqualTo(2);
        assertThat(((Map<?, ?>) roi.get("recovery")).get("concessions")).isEqualTo(80.0);
        // Nurture is off here: its section is there, empty, and says why.
        var nurture = (Map<?, ?>) roi.get("nurture");
        assertThat(nurture.get("treated")).isEqualTo(0);
        assertThat(nurture.get("note")).isNotNull();
        assertThat(object("latest/roi.html")).contains("<th>Passives nurtured</th>");
    }

    @Test
    void aCsvFileOfOutcomesIsImportedOnceWithEveryBadRowExplained() throws Exception {
        var csv = """
                eventId,customerId,type,occurredAt,value,note
                crm-1,cust-9,churned,2026-05-01T00:00:00Z,,left for a competitor
                crm-2,cust-9,concession,2026-04-01T00:00:00Z,,credit without amount
                crm-3,cust-8,referral_converted,2026-04-02T00:00:00Z,1500,
                crm-4,cust-8,upgraded,yesterday,,
                """;
        aws.s3().putObject(r -> r.bucket(bucket).key("imports/2026 backfill.csv"), RequestBody.fromString(csv));
        var function = new OutcomesImportFunction(settings);

        var first = function.handleRequest(s3Event("imports/2026+backfill.csv"), new LocalContext("import"));
        var again = function.handleRequest(s3Event("imports/2026+backfill.csv"), new LocalContext("import"));

        assertThat(first).contains("status=partly-imported recorded=2 duplicates=0 rejected=2");
        assertThat(again).contains("recorded=0 duplicates=2 rejected=2");
        var result = JSON.std.mapFrom(object("imports/results/2026 backfill.csv.json"));
        assertThat(result).containsEntry("rows", 4).containsEntry("rejected", 2);
        @SuppressWarnings("unchecked")
        var rejected = (List<Map<String, Object>>) result.get("rejectedRows");
        assertThat(rejected).extracting(r -> r.get("eventId")).containsExactly("crm-2", "crm-4");
        assertThat(rejected.get(0).get("line")).isEqualTo(3);
        assertThat(rejected.get(1).toString()).contains("type", "occurredAt");
    }

    @Test
    void conversionRowsNameTheLeadByContactOrIdAndCountOnceForItsPromoterWithEveryBadRowExplained() throws Exception {
        var sam = io.npsloop.domain.cases.Referral.leadIdOf("sam@example.com");
        var lead = new HashMap<>(io.npsloop.table.LeadItem.key(sam));
        lead.put(io.npsloop.table.Table.TYPE, software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("lead"));
        lead.put(io.npsloop.table.LeadItem.PROMOTER_ID, software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("cust-promoter"));
        lead.put(io.npsloop.table.LeadItem.CASE_ID, software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("generic:promoter"));
        lead.put(io.npsloop.table.LeadItem.STATUS, software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("new"));
        aws.dynamoDb().putItem(r -> r.tableName(resources.tableName()).item(lead));
        var at = Instant.now().minusSeconds(60);
        var csv = "eventId,customerId,type,occurredAt,value,lead_contact,lead_id\n"
                + ",,referral_converted," + at + ",500, SAM@Example.com ,\n"
                + ",,referral_converted," + at + ",500,," + sam + "\n"
                + ",,referral_converted," + at + ",600,sam@example.com,\n"
                + ",,referral_converted," + at + ",500,nobody@example.com,\n"
                + ",,churned," + at + ",,sam@example.com,\n"
                + "crm-9,cust-9,churned," + at + ",,,\n";
        aws.s3().putObject(r -> r.bucket(bucket).key("imports/conversions.csv"), RequestBody.fromString(csv));

        var summary = new OutcomesImportFunction(settings).handleRequest(s3Event("imports/conversions.csv"), new LocalContext("import"));

        assertThat(summary).contains("recorded=2 duplicates=1 rejected=3");
        var result = JSON.std.mapFrom(object("imports/results/conversions.csv.json"));
        @SuppressWarnings("unchecked")
        var rejected = (List<Map<String, Object>>) result.get("rejectedRows");
        assertThat(rejected).extracting(r -> r.get("line")).containsExactly(4, 5, 6);
        assertThat(rejected.get(0).toString()).contains("value", "500");
        assertThat(rejected.get(1).toString()).contains("lead_contact", "names no known lead");
        assertThat(rejected.get(2).toString()).contains("type", "referral_converted");
        var conversions = aws.dynamoDb().scanPaginator(r -> r.tableName(resources.tableName())).items().stream()
                .filter(i -> "referral_converted".equals(io.npsloop.table.Table.str(i, io.npsloop.table.OutcomeItem.OUTCOME_TYPE))).toList();
        assertThat(conversions).singleElement().satisfies(o -> {
            assertThat(io.npsloop.table.Table.str(o, io.npsloop.table.OutcomeItem.CUSTOMER_ID)).isEqualTo("cust-promoter");
            assertThat(o.get(io.npsloop.table.OutcomeItem.VALUE).n()).isEqualTo("500");
        });
        var after = aws.dynamoDb().getItem(r -> r.tableName(resources.tableName()).key(io.npsloop.table.LeadItem.key(sam))).item();
        assertThat(io.npsloop.table.Table.str(after, io.npsloop.table.LeadItem.STATUS)).isEqualTo("converted");
    }

    @Test
    void aFileWithoutTheColumnsIsRejectedWhole() throws Exception {
        aws.s3().putObject(r -> r.bucket(bucket).key("imports/wrong.csv"), RequestBody.fromString("id,who\n1,2\n"));

        var answer = new OutcomesImportFunction(settings).handleRequest(s3Event("imports/wrong.csv"), new LocalContext("import"));

        assertThat(answer).contains("status=rejected");
        assertThat(JSON.std.mapFrom(object("imports/results/wrong.csv.json")).get("problem").toString())
                .startsWith("The header row lacks eventId, customerId (or accountId), type, occurredAt");
    }

    private void post(IngestFunction ingest, String responseId, String customer, int score, String name, String email, String comment) {
        var body = "{\"responseId\":\"" + responseId + "\",\"surveyId\":\"nps\",\"respondent\":{\"id\":\"" + customer
                + "\",\"name\":\"" + name + "\",\"email\":\"" + email + "\",\"annualValue\":5000},\"score\":" + score
                + ",\"comment\":\"" + comment + "\",\"submittedAt\":\"" + Instant.now() + "\"}";
        var id = "msg_" + UUID.randomUUID();
        var timestamp = Long.toString(Instant.now().getEpochSecond());
        var answer = ingest.handleRequest(APIGatewayV2HTTPEvent.builder()
                .withRouteKey("POST /webhooks/{source}").withPathParameters(Map.of("source", "generic"))
                .withHeaders(Map.of("content-type", "application/json", "webhook-id", id, "webhook-timestamp", timestamp,
                        "webhook-signature", StandardWebhooks.signature(SECRET, id, timestamp, body.getBytes(StandardCharsets.UTF_8))))
                .withBody(body).build(), new LocalContext("ingest"));
        assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(202);
    }

    private void drainCounters() {
        var counters = new CountersFunction(settings);
        new StreamEventSource(aws.dynamoDbStreams(), aws.sqs(), resources.streamArn(),
                event -> counters.handleRequest(event, new LocalContext("counters")),
                new StreamEventSource.Options(1000, 5, StreamEventSource.COUNTED_ITEMS, null)).drain(Duration.ofMillis(300));
    }

    private String object(String key) {
        return aws.s3().getObjectAsBytes(r -> r.bucket(bucket).key(key)).asString(StandardCharsets.UTF_8);
    }

    private S3Event s3Event(String encodedKey) {
        var entity = new S3EventNotification.S3Entity("import",
                new S3EventNotification.S3BucketEntity(bucket, null, "arn:aws:s3:::" + bucket),
                new S3EventNotification.S3ObjectEntity(encodedKey, 1L, "etag", null, "0"), "1.0");
        var record = new S3EventNotification.S3EventNotificationRecord("us-east-1", "ObjectCreated:Put", "aws:s3",
                Instant.now().toString(), "2.1", null, null, entity, null);
        return new S3Event(List.of(record));
    }
}

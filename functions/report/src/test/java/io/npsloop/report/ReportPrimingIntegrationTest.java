package io.npsloop.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import io.npsloop.config.Settings;
import io.npsloop.local.LocalAws;
import io.npsloop.local.LocalContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The hooks SnapStart runs before its snapshots of the report and counters functions: reads only, never a reason to fail. */
class ReportPrimingIntegrationTest {

    private final LocalAws aws = LocalAws.shared();
    private LocalAws.Resources resources;

    @BeforeEach
    void setUp() {
        resources = aws.provision("prime-" + UUID.randomUUID().toString().substring(0, 8));
    }

    private Settings settings(Map<String, String> overrides) {
        var env = new HashMap<>(aws.environment());
        env.put("TABLE_NAME", resources.tableName());
        env.putAll(overrides);
        return new Settings(env);
    }

    @Test
    void primingReadsButLeavesNoItemAndNoStreamRecord() {
        var report = new ReportFunction(settings(Map.of()));
        var counters = new CountersFunction(settings(Map.of()));

        assertThat(report.prime()).isEmpty();
        assertThat(counters.prime()).isEmpty();
        report.beforeCheckpoint(null);
        counters.beforeCheckpoint(null);

        assertThat(aws.dynamoDb().scan(r -> r.tableName(resources.tableName())).items()).isEmpty();
        assertThat(aws.streamRecordCount(resources.streamArn())).isZero();
    }

    @Test
    void primingWithDynamoDbUnreachableReportsTheReadsAndDoesNotThrow() {
        var unreachable = settings(Map.of("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:1"));
        var report = new ReportFunction(unreachable);
        var counters = new CountersFunction(unreachable);

        assertThatCode(() -> report.beforeCheckpoint(null)).doesNotThrowAnyException();
        assertThatCode(() -> counters.beforeCheckpoint(null)).doesNotThrowAnyException();
        assertThat(report.prime()).hasSize(2)
                .anySatisfy(failed -> assertThat(failed).startsWith("table:"))
                .anySatisfy(failed -> assertThat(failed).startsWith("report:"));
        assertThat(counters.prime()).singleElement().asString().startsWith("table:");
    }

    @Test
    void primedFunctionsAnswerAsUsual() {
        var report = new ReportFunction(settings(Map.of()));
        var counters = new CountersFunction(settings(Map.of()));
        report.beforeCheckpoint(null);
        counters.beforeCheckpoint(null);

        var answer = report.handleRequest(StudyTest.http("GET /reports/roi", null,
                Map.of("from", "2026-03-01", "to", "2026-03-31")), new LocalContext("report"));
        var empty = new DynamodbEvent();
        empty.setRecords(List.of());

        assertThat(answer.getStatusCode()).isEqualTo(200);
        assertThat(answer.getBody()).contains("\"period\":{\"from\":\"2026-03-01\",\"to\":\"2026-03-31\"}");
        assertThat(counters.handleRequest(empty, new LocalContext("counters")).getBatchItemFailures()).isEmpty();
    }
}

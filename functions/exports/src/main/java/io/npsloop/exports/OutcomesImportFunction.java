package io.npsloop.exports;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import io.npsloop.aws.AwsClients;
import io.npsloop.aws.S3Calls;
import io.npsloop.config.Settings;
import io.npsloop.observe.Log;
import io.npsloop.report.LeadConversions;
import io.npsloop.report.OutcomesApi;
import io.npsloop.report.ReportFunction;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * Runs when a CSV file lands under {@code imports/} in the export bucket: imports its outcomes and
 * writes {@code imports/results/<file>.json}. S3 may notify twice; events are idempotent by id, so
 * the second run only finds duplicates.
 */
public final class OutcomesImportFunction implements RequestHandler<S3Event, String> {

    private final S3Calls s3;
    private final OutcomesApi outcomes;
    private final LeadConversions conversions;

    public OutcomesImportFunction() {
        this(Settings.fromEnvironment());
    }

    public OutcomesImportFunction(Settings settings) {
        var clients = new AwsClients(settings);
        this.s3 = clients.s3();
        this.outcomes = ReportFunction.outcomes(settings, clients.dynamoDb(), Clock.systemUTC());
        this.conversions = ReportFunction.conversions(settings, clients.dynamoDb(), Clock.systemUTC());
    }

    @Override
    public String handleRequest(S3Event event, Context context) {
        var log = new Log(context.getLogger()::log, "outcomes-import", context.getAwsRequestId(), Clock.systemUTC());
        var summary = new StringBuilder();
        for (var record : event.getRecords()) {
            var bucket = record.getS3().getBucket().getName();
            // Keys arrive URL-encoded in S3 notifications, spaces as '+'.
            var key = URLDecoder.decode(record.getS3().getObject().getKey(), StandardCharsets.UTF_8);
            var importer = new OutcomesImport(outcomes, conversions, new S3Sink(s3, bucket, ""));
            try (var object = s3.get(bucket, key);
                 var reader = new InputStreamReader(object, StandardCharsets.UTF_8)) {
                var result = importer.importFile(key, reader);
                var line = "import key=" + key + " status=" + result.get("status") + " recorded=" + result.get("recorded")
                        + " duplicates=" + result.get("duplicates") + " rejected=" + result.get("rejected");
                log.log("rejected".equals(result.get("status")) ? "WARN" : "INFO", "import", "import:" + key,
                        "status", result.get("status"), "recorded", result.get("recorded"),
                        "duplicates", result.get("duplicates"), "rejected", result.get("rejected"));
                summary.append(line).append('\n');
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read s3://" + bucket + "/" + key, e);
            }
        }
        return summary.toString();
    }
}

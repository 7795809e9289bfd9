package io.npsloop.exports;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.npsloop.aws.AwsClients;
import io.npsloop.config.Settings;
import io.npsloop.config.SharedSettings;
import io.npsloop.observe.Log;
import io.npsloop.report.ReportFunction;
import java.time.Clock;

/** The scheduled export: cases and the ROI report to the export bucket, partitioned by day. */
public final class ExportFunction implements RequestHandler<ScheduledEvent, String> {

    private final Exporter exporter;

    public ExportFunction() {
        this(Settings.fromEnvironment());
    }

    public ExportFunction(Settings settings) {
        var clients = new AwsClients(settings);
        this.exporter = exporter(settings, clients.dynamoDb(), new S3Sink(clients.s3(),
                settings.required(ExportSettings.EXPORT_BUCKET), settings.string(ExportSettings.EXPORT_PREFIX)), Clock.systemUTC());
    }

    /** The exporter as configured, writing to {@code sink}: S3 here, a folder in the local stack. */
    public static Exporter exporter(Settings settings, software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamoDb,
                                    ExportSink sink, Clock clock) {
        return new Exporter(dynamoDb, settings.required(SharedSettings.TABLE_NAME), ReportFunction.reports(settings, dynamoDb, clock), sink,
                settings.positiveInt(ExportSettings.EXPORT_DAYS), settings.positiveInt(ExportSettings.EXPORT_SCAN_SEGMENTS), clock);
    }

    @Override
    public String handleRequest(ScheduledEvent event, Context context) {
        var summary = exporter.run();
        new Log(context.getLogger()::log, "export", context.getAwsRequestId(), Clock.systemUTC())
                .info("export", "export:" + summary.to(), "from", summary.from().toString(), "to", summary.to().toString(),
                        "cases", summary.cases(), "files", summary.files(), "latest", summary.latestCsv());
        return "export from=" + summary.from() + " to=" + summary.to() + " cases=" + summary.cases()
                + " files=" + summary.files() + " latest=" + summary.latestCsv();
    }
}

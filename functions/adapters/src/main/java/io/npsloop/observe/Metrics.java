package io.npsloop.observe;

import java.util.ArrayList;

/**
 * CloudWatch embedded metric format: a log line CloudWatch turns into a metric in the
 * {@code NpsLoop} namespace, with no API call and no extra dependency.
 */
public final class Metrics {

    public static final String NAMESPACE = "NpsLoop";

    private Metrics() {}

    /**
     * One count (or value) of {@code name}. {@code dimensions} are name, value pairs; the metric
     * is also published with no dimension, the total that alarms watch.
     */
    public static String emf(String name, long value, long timestampMillis, String correlationId, String... dimensions) {
        var names = new ArrayList<String>();
        for (int i = 0; i + 1 < dimensions.length; i += 2) {
            names.add("\"" + dimensions[i] + "\"");
        }
        var sets = names.isEmpty() ? "[[]]" : "[[" + String.join(",", names) + "],[]]";
        var metadata = "{\"Timestamp\":" + timestampMillis + ",\"CloudWatchMetrics\":[{\"Namespace\":\"" + NAMESPACE
                + "\",\"Dimensions\":" + sets + ",\"Metrics\":[{\"Name\":\"" + name + "\",\"Unit\":\"Count\"}]}]}";
        var line = new JsonLine().field("_aws", new JsonLine.Raw(metadata));
        for (int i = 0; i + 1 < dimensions.length; i += 2) {
            line.field(dimensions[i], dimensions[i + 1]);
        }
        return line.field("correlationId", correlationId).field(name, value).toString();
    }

    /** Dimension values are kept to a small known alphabet, never free text from a request. */
    public static String safe(String value) {
        return value != null && value.matches("[A-Za-z0-9_-]{1,40}") ? value : "unknown";
    }
}

package io.npsloop.local.stack;

import io.npsloop.ingest.sources.AskNicelyFields;
import io.npsloop.ingest.sources.DelightedSource;
import io.npsloop.ingest.sources.QualtricsSource;
import io.npsloop.ingest.sources.StandardWebhooks;
import io.npsloop.ingest.sources.SurveyMonkeySource;
import io.npsloop.ingest.sources.TypeformSource;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Signs a body the way each survey tool does, with the secret the local stack's functions use. */
final class Signer {

    private static final Pattern EVENT_DATETIME = Pattern.compile("\"event_datetime\"\\s*:\\s*\"[^\"]*\"");
    private static final Pattern COMPLETED_DATE = Pattern.compile("\"CompletedDate\"\\s*:\\s*\"[^\"]*\"");
    private static final Pattern SUBMITTED_AT = Pattern.compile("\"submitted_at\"\\s*:\\s*\"[^\"]*\"");
    private static final Pattern EPOCH_TIMES = Pattern.compile("\"(created_at|updated_at)\"\\s*:\\s*([0-9]{1,12})");
    private static final Pattern SURVEY_ID = Pattern.compile("\"SurveyID\"\\s*:\\s*\"([^\"]*)\"");

    /** What a tool would post: its headers and the exact body they sign. */
    record Signed(Map<String, String> headers, byte[] body) {}

    private Signer() {}

    static Map<String, String> headers(String source, byte[] body, Map<String, String> environment) {
        return sign(source, body, environment).headers();
    }

    /**
     * Signs a sample as its tool would send it now. The replay window judges the times a body
     * states, so they are moved first: SurveyMonkey's and Qualtrics' event time to now, Typeform's
     * {@code submitted_at} to now, Delighted's response times so that the newest is now (a created
     * and an updated sample keep their order). A Qualtrics sample is its MSG, posted inside the
     * signed form.
     */
    static Signed sign(String source, byte[] body, Map<String, String> environment) {
        var secret = environment.get("WEBHOOK_SECRET_" + source.toUpperCase(Locale.ROOT));
        if (secret == null) {
            throw new IllegalArgumentException("no signing secret for source '" + source + "'");
        }
        var headers = new LinkedHashMap<String, String>();
        headers.put("content-type", "application/json");
        var signed = body;
        switch (source) {
            case "generic", "formbricks" -> {
                var id = "msg_" + UUID.randomUUID();
                var timestamp = Long.toString(Instant.now().getEpochSecond());
                headers.put("webhook-id", id);
                headers.put("webhook-timestamp", timestamp);
                headers.put("webhook-signature", StandardWebhooks.signature(secret, id, timestamp, body));
            }
            case "typeform" -> {
                signed = redateTypeform(body);
                headers.put("typeform-signature", TypeformSource.signature(secret, signed));
            }
            case "delighted" -> {
                signed = redateDelighted(body);
                headers.put("x-delighted-webhook-signature", DelightedSource.signature(secret, signed));
            }
            case "asknicely" -> headers.put(AskNicelyFields.DEFAULT_TOKEN_HEADER.toLowerCase(Locale.ROOT), secret);
            case "surveymonkey" -> {
                var now = Instant.now().truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC).toString();
                signed = replace(body, EVENT_DATETIME, "\"event_datetime\": \"" + now + "\"");
                headers.put("sm-signature", SurveyMonkeySource.signature(secret, signed));
            }
            case "qualtrics" -> {
                var now = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC).format(Instant.now());
                var msg = new String(replace(body, COMPLETED_DATE, "\"CompletedDate\": \"" + now + "\""), StandardCharsets.UTF_8);
                var survey = SURVEY_ID.matcher(msg);
                var topic = "surveyengine.completedResponse." + (survey.find() ? survey.group(1) : "");
                signed = QualtricsSource.signedForm(secret, topic, msg).getBytes(StandardCharsets.UTF_8);
                headers.put("content-type", "application/x-www-form-urlencoded");
            }
            default -> throw new IllegalArgumentException("cannot sign for source '" + source + "'");
        }
        return new Signed(Map.copyOf(headers), signed);
    }

    private static byte[] redateTypeform(byte[] body) {
        var text = new String(body, StandardCharsets.UTF_8);
        var now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        return SUBMITTED_AT.matcher(text).replaceAll(Matcher.quoteReplacement("\"submitted_at\": \"" + now + "\""))
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] redateDelighted(byte[] body) {
        var text = new String(body, StandardCharsets.UTF_8);
        var newest = EPOCH_TIMES.matcher(text).results().mapToLong(m -> Long.parseLong(m.group(2))).max();
        if (newest.isEmpty()) {
            return body;
        }
        long shift = Instant.now().getEpochSecond() - newest.getAsLong();
        return EPOCH_TIMES.matcher(text).replaceAll(m -> "\"" + m.group(1) + "\": " + (Long.parseLong(m.group(2)) + shift))
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] replace(byte[] body, Pattern pattern, String replacement) {
        return pattern.matcher(new String(body, StandardCharsets.UTF_8)).replaceFirst(Matcher.quoteReplacement(replacement))
                .getBytes(StandardCharsets.UTF_8);
    }
}

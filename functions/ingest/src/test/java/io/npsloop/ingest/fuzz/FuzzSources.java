package io.npsloop.ingest.fuzz;

import io.npsloop.ingest.WebhookSecrets;
import io.npsloop.ingest.sources.AskNicelyFields;
import io.npsloop.ingest.sources.AskNicelySource;
import io.npsloop.ingest.sources.DelightedFields;
import io.npsloop.ingest.sources.DelightedSource;
import io.npsloop.ingest.sources.FormbricksFields;
import io.npsloop.ingest.sources.FormbricksSource;
import io.npsloop.ingest.sources.FetchingSource;
import io.npsloop.ingest.sources.GenericSource;
import io.npsloop.ingest.sources.QualtricsFields;
import io.npsloop.ingest.sources.QualtricsSource;
import io.npsloop.ingest.sources.ReplayWindow;
import io.npsloop.ingest.sources.SurveyMonkeyFields;
import io.npsloop.ingest.sources.SurveyMonkeySource;
import io.npsloop.ingest.sources.StandardWebhooks;
import io.npsloop.ingest.sources.TypeformFields;
import io.npsloop.ingest.sources.TypeformSource;
import io.npsloop.ingest.sources.WebhookSource;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The five sources configured as the function configures them by default (Formbricks with the
 * question ids of the samples), a secret for each, and the headers each survey app would sign with.
 */
final class FuzzSources {

    /** Fixed, so a finding replays the same way; the signing helpers use it as the send time. */
    static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    /**
     * Put into inputs to prove that no answer quotes them: messages name fields, never content.
     * Upper-case letters keep it outside the source-name pattern that a 404 may repeat.
     */
    static final String MARKER = "ZqxMarker7";

    static final String GENERIC_SECRET = "whsec_ZnV6ei1vbmx5LWdlbmVyaWMtc2lnbmluZy1rZXk=";
    static final String TYPEFORM_SECRET = "fuzz-only-typeform-secret";
    static final String DELIGHTED_KEY = "fuzz-only-delighted-api-key";
    static final String FORMBRICKS_SECRET = "whsec_ZnV6ei1vbmx5LWZvcm1icmlja3Mtc2lnbmluZy1rZXk=";
    static final String ASKNICELY_TOKEN = "fuzz-only-asknicely-token-5d1e8a";

    static final String NPS_QUESTION = "rn3kq8x2v7m1c4b9z6t0w5ya";
    static final String COMMENT_QUESTION = "ox9d4f1s6g3h8j2k5l0p7qzu";

    static final GenericSource GENERIC = new GenericSource(new StandardWebhooks(StandardWebhooks.DEFAULT_TOLERANCE));
    static final TypeformSource TYPEFORM = new TypeformSource(TypeformFields.DEFAULTS);
    static final DelightedSource DELIGHTED = new DelightedSource(DelightedFields.DEFAULTS);
    static final FormbricksSource FORMBRICKS = new FormbricksSource(
            new StandardWebhooks(StandardWebhooks.DEFAULT_TOLERANCE),
            FormbricksFields.DEFAULTS.withQuestions(List.of(NPS_QUESTION), List.of(COMMENT_QUESTION)));
    static final AskNicelySource ASKNICELY = new AskNicelySource(AskNicelyFields.DEFAULTS);

    static final List<WebhookSource> ALL = List.of(GENERIC, TYPEFORM, DELIGHTED, FORMBRICKS, ASKNICELY);

    static final String SURVEYMONKEY_KEY = "fuzz-client-id&fuzz-client-secret";
    static final String QUALTRICS_KEY = "fuzz-only-qualtrics-shared-key";
    static final SurveyMonkeySource SURVEYMONKEY = new SurveyMonkeySource(
            SurveyMonkeyFields.DEFAULTS.withQuestions(List.of("648290117"), List.of("648290118")), ReplayWindow.DEFAULT);
    /** Without a configured question, so the NPS question is looked for by its group. */
    static final QualtricsSource QUALTRICS = new QualtricsSource(
            QualtricsFields.DEFAULTS.withQuestions(List.of(), List.of("QID2_TEXT")), ReplayWindow.DEFAULT);

    /** Sources whose webhooks announce a response that is then read from the tool's API. */
    static final List<FetchingSource> FETCHING = List.of(SURVEYMONKEY, QUALTRICS);

    private static final Map<String, String> SECRETS = Map.of(
            GenericSource.NAME, GENERIC_SECRET,
            TypeformSource.NAME, TYPEFORM_SECRET,
            DelightedSource.NAME, DELIGHTED_KEY,
            FormbricksSource.NAME, FORMBRICKS_SECRET,
            AskNicelySource.NAME, ASKNICELY_TOKEN,
            SurveyMonkeySource.NAME, SURVEYMONKEY_KEY,
            QualtricsSource.NAME, QUALTRICS_KEY);

    /** Every header any source reads, in lower case as the signed ones are, so a signed value replaces a fuzzed one. */
    static final List<String> SIGNATURE_HEADERS = List.of(
            "webhook-id", "webhook-timestamp", "webhook-signature", "typeform-signature",
            "x-delighted-webhook-signature", AskNicelyFields.DEFAULT_TOKEN_HEADER.toLowerCase(Locale.ROOT), "sm-signature");

    private FuzzSources() {}

    static String secretFor(WebhookSource source) {
        return SECRETS.get(source.name());
    }

    static WebhookSecrets secrets() {
        return name -> Optional.ofNullable(SECRETS.get(name));
    }

    /** The headers the source's survey app would send with this body, sent at {@code sentAt}. */
    static Map<String, String> signedHeaders(String source, byte[] body, String messageId, Instant sentAt) {
        var headers = new LinkedHashMap<String, String>();
        var timestamp = Long.toString(sentAt.getEpochSecond());
        switch (source) {
            case GenericSource.NAME, FormbricksSource.NAME -> {
                headers.put("webhook-id", messageId);
                headers.put("webhook-timestamp", timestamp);
                headers.put("webhook-signature",
                        StandardWebhooks.signature(SECRETS.get(source), messageId, timestamp, body));
            }
            case TypeformSource.NAME -> headers.put("typeform-signature", TypeformSource.signature(TYPEFORM_SECRET, body));
            case DelightedSource.NAME ->
                    headers.put("x-delighted-webhook-signature", DelightedSource.signature(DELIGHTED_KEY, body));
            case AskNicelySource.NAME ->
                    headers.put(AskNicelyFields.DEFAULT_TOKEN_HEADER.toLowerCase(Locale.ROOT), ASKNICELY_TOKEN);
            case SurveyMonkeySource.NAME -> headers.put("sm-signature", SurveyMonkeySource.signature(SURVEYMONKEY_KEY, body));
            default -> throw new IllegalArgumentException("no signing scheme for " + source);
        }
        return headers;
    }

    /** Whether an answer or message repeats the marker, in any letter case. */
    static boolean quotesMarker(String text) {
        return text != null && text.toLowerCase(Locale.ROOT).contains(MARKER.toLowerCase(Locale.ROOT));
    }
}

package io.npsloop.ingest.fuzz;

import io.npsloop.config.Settings;
import io.npsloop.ingest.WebhookSecrets;
import io.npsloop.ingest.sources.FetchingSource;
import io.npsloop.ingest.sources.ReplayWindow;
import io.npsloop.ingest.sources.StandardWebhooks;
import io.npsloop.ingest.sources.SurveyTool;
import io.npsloop.ingest.sources.SurveyTools;
import io.npsloop.ingest.sources.Verification;
import io.npsloop.ingest.sources.WebhookSource;
import io.npsloop.ingest.sources.asknicely.AskNicelySource;
import io.npsloop.ingest.sources.delighted.DelightedSource;
import io.npsloop.ingest.sources.formbricks.FormbricksSource;
import io.npsloop.ingest.sources.generic.GenericSource;
import io.npsloop.ingest.sources.mapped.DocumentedRecipes;
import io.npsloop.ingest.sources.mapped.MappedSource;
import io.npsloop.ingest.sources.mapped.Recipe;
import io.npsloop.ingest.sources.qualtrics.QualtricsSource;
import io.npsloop.ingest.sources.surveymonkey.SurveyMonkeySource;
import io.npsloop.ingest.sources.typeform.TypeformSource;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Every registered survey tool's source configured as the function configures it (with the
 * question ids of the samples), its local secret, and the headers its survey app would sign with;
 * after the built-in tools, the documented recipes of MAPPED_SOURCES and two more, so that every
 * signature scheme a recipe may name is fuzzed too.
 */
final class FuzzSources {

    /** Fixed, so a finding replays the same way; the signing helpers use it as the send time. */
    static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    /**
     * Put into inputs to prove that no answer quotes them: messages name fields, never content.
     * Upper-case letters keep it outside the source-name pattern that a 404 may repeat.
     */
    static final String MARKER = "ZqxMarker7";

    static final String NPS_QUESTION = "rn3kq8x2v7m1c4b9z6t0w5ya";
    static final String COMMENT_QUESTION = "ox9d4f1s6g3h8j2k5l0p7qzu";

    /** The documented recipes, and a hex HMAC with a prefix and a signed time, and Standard Webhooks: the schemes they lack. */
    private static final String RECIPES = DocumentedRecipes.JSON.strip().replaceFirst("\\}$", """
            , "in-house-hex": {"responseId": "/id", "surveyId": "/survey", "score": "/nps", "comment": "/comment",
                "submittedAt": "/at", "signedAt": "/at", "respondent": {"email": "/email", "annualValue": "/value"},
                "signature": {"scheme": "hmac-sha256", "header": "X-Form-Signature", "encoding": "hex", "prefix": "sha256="}},
              "in-house-standard": {"responseId": "/id", "fixedSurveyId": "nps-2026", "score": "/nps", "scale": {"from": 0, "to": 10},
                "submittedAt": "/at", "respondent": {"customerId": "/customer"}, "signature": {"scheme": "standard-webhooks"}}
            }""");

    /** The samples' question ids; Qualtrics without a configured question, so it is looked for by its NPS group. */
    private static final Settings SETTINGS = new Settings(Map.of(
            "FORMBRICKS_NPS_QUESTION_IDS", NPS_QUESTION,
            "FORMBRICKS_COMMENT_QUESTION_IDS", COMMENT_QUESTION,
            "SURVEYMONKEY_NPS_QUESTION_IDS", "648290117",
            "SURVEYMONKEY_COMMENT_QUESTION_IDS", "648290118",
            "QUALTRICS_COMMENT_FIELDS", "QID2_TEXT",
            "MAPPED_SOURCES", RECIPES));

    /** Built-in tools first, in registration order, which the seeds count on; then the recipes. */
    static final List<SurveyTool> TOOLS = SurveyTools.of(SETTINGS);

    /** Wider than any time a body can state. */
    private static final ReplayWindow UNBOUNDED = new ReplayWindow(Duration.ofSeconds(Long.MAX_VALUE));

    private static final Map<String, WebhookSource> SOURCES = TOOLS.stream()
            .collect(Collectors.toMap(SurveyTool::name, FuzzSources::configured, (a, b) -> a, LinkedHashMap::new));

    /** Sources whose webhooks carry the response, in registration order, which the seeds count on. */
    static final List<WebhookSource> ALL = SOURCES.values().stream().filter(s -> !(s instanceof FetchingSource)).toList();

    /** Sources whose webhooks announce a response that is then read from the tool's API. */
    static final List<FetchingSource> FETCHING = SOURCES.values().stream()
            .filter(FetchingSource.class::isInstance).map(FetchingSource.class::cast).toList();

    static final GenericSource GENERIC = (GenericSource) SOURCES.get(GenericSource.NAME);
    static final TypeformSource TYPEFORM = (TypeformSource) SOURCES.get(TypeformSource.NAME);
    static final DelightedSource DELIGHTED = (DelightedSource) SOURCES.get(DelightedSource.NAME);
    static final FormbricksSource FORMBRICKS = (FormbricksSource) SOURCES.get(FormbricksSource.NAME);
    static final AskNicelySource ASKNICELY = (AskNicelySource) SOURCES.get(AskNicelySource.NAME);
    static final SurveyMonkeySource SURVEYMONKEY = (SurveyMonkeySource) SOURCES.get(SurveyMonkeySource.NAME);
    static final QualtricsSource QUALTRICS = (QualtricsSource) SOURCES.get(QualtricsSource.NAME);

    private static final Map<String, SurveyTool> BY_NAME = TOOLS.stream()
            .collect(Collectors.toUnmodifiableMap(SurveyTool::name, tool -> tool));

    private static final Map<String, String> SECRETS = TOOLS.stream()
            .collect(Collectors.toUnmodifiableMap(SurveyTool::name, SurveyTool::localSecret));

    /**
     * Every header any tool signs with, in lower case as the signed ones are, so a signed value
     * replaces a fuzzed one; in registration order, which the seeds count on.
     */
    static final List<String> SIGNATURE_HEADERS = TOOLS.stream()
            .flatMap(tool -> signedHeaders(tool.name(), new byte[0], "msg_1", NOW).keySet().stream())
            .distinct()
            .toList();

    private FuzzSources() {}

    /**
     * The sources verified by the generic checks must accept their own signature whatever time the
     * body states, so they get no replay window; the sources read from an API are checked for
     * their window separately and keep the default.
     */
    private static WebhookSource configured(SurveyTool tool) {
        var unbounded = tool.source(SETTINGS, new SurveyTool.Shared(StandardWebhooks.DEFAULT_TOLERANCE, UNBOUNDED));
        return unbounded instanceof FetchingSource
                ? tool.source(SETTINGS, new SurveyTool.Shared(StandardWebhooks.DEFAULT_TOLERANCE, ReplayWindow.DEFAULT))
                : unbounded;
    }

    static String secretFor(WebhookSource source) {
        return SECRETS.get(source.name());
    }

    static WebhookSecrets secrets() {
        return name -> Optional.ofNullable(SECRETS.get(name));
    }

    /** The headers the source's survey app would send with this body, sent at {@code sentAt}; the fuzz picks the content type. */
    static Map<String, String> signedHeaders(String source, byte[] body, String messageId, Instant sentAt) {
        var tool = BY_NAME.get(source);
        if (tool == null) {
            throw new IllegalArgumentException("no signing scheme for " + source);
        }
        var headers = new LinkedHashMap<>(tool.sign(body, SECRETS.get(source), messageId, sentAt).headers());
        headers.remove("content-type");
        return headers;
    }

    /** Whether the source's proof covers the body: AskNicely's token and a recipe's token header or URL token do not. */
    static boolean signsBody(WebhookSource source) {
        if (source instanceof AskNicelySource) {
            return false;
        }
        return !(source instanceof MappedSource mapped)
                || mapped.recipe().signature() instanceof Recipe.Signature.HmacSha256
                || mapped.recipe().signature() instanceof Recipe.Signature.StandardWebhooks;
    }

    /** A recipe with a signed time refuses a genuinely signed body that states no time, or one outside the window. */
    static boolean refusedForSignedTime(WebhookSource source, Verification verification) {
        return refusedForSignedTime(source, verification.problem());
    }

    /** The same, read from the problem an answer states (an intake answer's detail quotes it). */
    static boolean refusedForSignedTime(WebhookSource source, String problem) {
        return source instanceof MappedSource mapped && problem != null && mapped.recipe().signedAt()
                .map(pointer -> problem.startsWith(pointer.toString()) || problem.contains("\"detail\":\"" + pointer))
                .orElse(false);
    }

    /** Whether an answer or message repeats the marker, in any letter case. */
    static boolean quotesMarker(String text) {
        return text != null && text.toLowerCase(Locale.ROOT).contains(MARKER.toLowerCase(Locale.ROOT));
    }
}

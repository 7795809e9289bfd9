package io.npsloop.ingest.sources.mapped;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How one configured tool's JSON maps onto a response: where each field is, how its score reads
 * as 0-10, how its webhooks are proven, and which requests are responses at all.
 */
public record Recipe(
        String name,
        JsonPointer responseId,
        Optional<JsonPointer> surveyId,
        Optional<String> fixedSurveyId,
        JsonPointer score,
        Map<String, Integer> scoreValues,
        Optional<JsonPointer> comment,
        JsonPointer submittedAt,
        Map<String, JsonPointer> respondent,
        Signature signature,
        Optional<JsonPointer> signedAt,
        Optional<Filter> responsesOnly) {

    /** The respondent fields a recipe may point at, as the configuration names them. */
    public static final List<String> RESPONDENT_FIELDS = List.of("customerId", "email", "name", "accountId", "annualValue", "locale");

    public Recipe {
        scoreValues = Map.copyOf(scoreValues);
        respondent = Map.copyOf(respondent);
    }

    public Optional<JsonPointer> respondent(String field) {
        return Optional.ofNullable(respondent.get(field));
    }

    /**
     * Requests with nothing at {@code at}, or with a value not among {@code values} where those are
     * given, are not responses (another event type) and are answered ignored.
     */
    public record Filter(JsonPointer at, Set<String> values) {}

    /** How a webhook proves it comes from the tool: one of a small fixed set of schemes. */
    public sealed interface Signature {

        /** Standard Webhooks' headers and whsec_ key. */
        record StandardWebhooks() implements Signature {}

        /** HMAC-SHA256 of the raw body in {@code header}, hex or base64, after an optional prefix such as {@code sha256=}. */
        record HmacSha256(String header, String encoding, String prefix) implements Signature {}

        /** A shared token sent as is in {@code header}. */
        record TokenHeader(String header) implements Signature {}

        /** No proof in the request: it must come by the URL with a token. */
        record UrlToken() implements Signature {}
    }
}

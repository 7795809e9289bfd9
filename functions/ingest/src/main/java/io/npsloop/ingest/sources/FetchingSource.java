package io.npsloop.ingest.sources;

import io.npsloop.domain.intake.SurveyResponse;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A tool whose webhook says only which response was completed: intake records a
 * {@link ResponseNotice} and answers at once, and the answers are fetched from the tool's API
 * afterwards, with retries, so a slow or failing API never loses a response.
 */
public interface FetchingSource extends WebhookSource {

    /** The ids in an authentic body; empty for events this product does not use. */
    Optional<ResponseNotice> notice(WebhookRequest request) throws InvalidPayloadException;

    /** Headers needed to verify the body again on a replay (signatures, never secrets). */
    List<String> signatureHeaders();

    /** Name of the API token in the secret store, next to the signing secret. */
    default String tokenName() {
        return name() + "-api-token";
    }

    /** Where the response's answers are read. */
    URI responseUri(URI baseUrl, ResponseNotice notice);

    /** Headers that authenticate the API call with {@code token}. */
    Map<String, String> apiHeaders(String token);

    /**
     * Reads the API's answer. Throws when it has no usable NPS answer: the configuration (question
     * id, field names) needs fixing, and the request then waits in the quarantine.
     */
    SurveyResponse read(ResponseNotice notice, byte[] apiBody) throws InvalidPayloadException;

    /**
     * Reads the API's answer, reading from {@code api} what else it needs to make sense of it
     * (SurveyMonkey: the survey's choices when an answer names only a choice).
     */
    default SurveyResponse read(ResponseNotice notice, byte[] apiBody, ApiReader api) throws InvalidPayloadException {
        return read(notice, apiBody);
    }

    /** Responses are read through {@link #notice} and {@link #read}, never straight from the webhook. */
    @Override
    default Optional<SurveyResponse> parse(WebhookRequest request) {
        throw new UnsupportedOperationException(name() + " responses are fetched from its API");
    }
}

package io.npsloop.ingest.sources;

import io.npsloop.domain.SurveyResponse;
import java.time.Instant;
import java.util.Optional;

/** One survey tool: how its webhooks are signed and how its body maps to a {@link SurveyResponse}. */
public interface WebhookSource {

    /** The path segment in {@code POST /webhooks/{source}}. */
    String name();

    /** Checks the signature over the raw body with the tool's scheme, in constant time. */
    Verification verify(WebhookRequest request, String secret, Instant now);

    /**
     * Reads the response out of an authentic body. Empty when the event is authentic but not a
     * response to keep (e.g. an event type this product does not use).
     */
    Optional<SurveyResponse> parse(WebhookRequest request) throws InvalidPayloadException;
}

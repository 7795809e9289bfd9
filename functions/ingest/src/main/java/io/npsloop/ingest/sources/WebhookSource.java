package io.npsloop.ingest.sources;

import io.npsloop.domain.intake.SurveyResponse;
import java.time.Instant;
import java.util.List;
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

    /**
     * Request headers that carry the tool's own proof (a signature or a shared token), lower case;
     * none where the proof is inside the body. On the URL-token route a request that sends one of
     * them is still verified; one that sends none is taken on the token alone.
     */
    List<String> proofHeaders();

    /** Whether the request carries one of the {@link #proofHeaders()}. */
    default boolean carriesProof(WebhookRequest request) {
        return proofHeaders().stream().anyMatch(name -> request.header(name).isPresent());
    }

    /** Whether requests carry a proof of their own; a source that has none takes webhooks only by the URL with a token. */
    default boolean signsRequests() {
        return true;
    }

    /** Whether the tool sends bodies of this media type (lower case, without parameters); JSON by default. */
    default boolean accepts(String mediaType) {
        return mediaType.equals("application/json") || mediaType.endsWith("+json");
    }

    /** What to ask the sender to send when {@link #accepts} says no. */
    default String expectedMediaType() {
        return "application/json";
    }
}

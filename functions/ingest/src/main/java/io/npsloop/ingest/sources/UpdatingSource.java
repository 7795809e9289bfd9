package io.npsloop.ingest.sources;

/**
 * A source whose survey app sends the same response again when it changes, typically to add the
 * comment after the score. Such a delivery carries the same {@link io.npsloop.domain.intake.ResponseKey}
 * as the first one, so intake can revise the stored response instead of discarding it as a retry.
 */
public interface UpdatingSource extends WebhookSource {

    /** Whether this authentic body revises a response the survey app may already have delivered. */
    boolean isUpdate(WebhookRequest request) throws InvalidPayloadException;
}

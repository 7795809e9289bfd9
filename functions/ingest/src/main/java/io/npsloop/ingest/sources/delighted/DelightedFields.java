package io.npsloop.ingest.sources.delighted;

/**
 * Where a Delighted response carries what the product needs. Email and name are the person's
 * own; the rest are person properties, named by whoever sends the surveys (matched ignoring
 * case). Delighted names no survey in its webhooks, so the survey id is set here.
 */
public record DelightedFields(
        String customerId,
        String accountId,
        String annualValue,
        String locale,
        String surveyId) {

    public static final DelightedFields DEFAULTS =
            new DelightedFields("Customer ID", "Account", "Annual Value", "Locale", "delighted");
}

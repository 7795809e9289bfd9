package io.npsloop.ingest.sources.typeform;

import java.util.Optional;

/**
 * Where a Typeform carries what the product needs. Customer data comes from hidden fields, whose
 * names are set per form; the score is the {@code nps} answer unless a field ref is given (see
 * {@link ScoreQuestion}); the comment is the first text answer unless a field ref is given.
 */
public record TypeformFields(
        String customerId,
        String email,
        String name,
        String accountId,
        String annualValue,
        String locale,
        Optional<String> scoreRef,
        Optional<String> commentRef) {

    public static final TypeformFields DEFAULTS = new TypeformFields(
            "customer_id", "email", "name", "account_id", "annual_value", "locale", Optional.empty(), Optional.empty());
}

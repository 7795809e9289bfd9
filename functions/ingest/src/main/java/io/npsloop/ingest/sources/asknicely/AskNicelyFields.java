package io.npsloop.ingest.sources.asknicely;

/**
 * How AskNicely webhooks are authenticated and where they carry what the product needs.
 * AskNicely signs nothing; it sends the custom headers set in its Webhooks app, so the token
 * header's name is whatever was set there. Custom data fields are snake_case with a {@code _c}
 * suffix (https://asknicely.asknice.ly/help/apidocs/auth), looked up on the contact, then on the
 * question. The webhook names no survey, so the survey id is set here.
 */
public record AskNicelyFields(
        String tokenHeader,
        String customerId,
        String accountId,
        String annualValue,
        String locale,
        String surveyId) {

    public static final String DEFAULT_TOKEN_HEADER = "X-AskNicely-Token";

    public static final AskNicelyFields DEFAULTS = new AskNicelyFields(
            DEFAULT_TOKEN_HEADER, "customer_id_c", "account_id_c", "annual_value_c", "locale_c", "asknicely");
}

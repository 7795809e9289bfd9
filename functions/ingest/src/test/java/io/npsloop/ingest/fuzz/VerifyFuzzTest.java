package io.npsloop.ingest.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.npsloop.ingest.sources.StandardWebhooks;
import io.npsloop.ingest.sources.Verification;
import io.npsloop.ingest.sources.WebhookRequest;
import io.npsloop.ingest.sources.WebhookSource;
import io.npsloop.ingest.sources.qualtrics.QualtricsSource;
import io.npsloop.ingest.sources.surveymonkey.SurveyMonkeySource;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Timeout;

/**
 * Every source's {@code verify} on fuzzed header values and bodies, with its configured secret:
 * it answers, never throws, accepts its own survey app's signature of the body (a recipe with a
 * signed time may refuse a body that states none), and rejects a signature of another body (a
 * token covers no body) or one with text appended. Its reasons quote
 * no header. With a fuzzed secret instead, the only exception allowed is the
 * {@link IllegalStateException} that intake answers as a misconfiguration.
 *
 * <p>Seeds are a body followed by the choices, read from the end: the signing source (its index in
 * {@link FuzzSources#ALL}, built-in tools first), signing (0 none, 1 genuine, 2 of another body, 3 tampered),
 * two bytes of clock skew, upper-case header names, a fuzzed secret (odd: yes), and six flags for
 * fuzzed header values.
 */
class VerifyFuzzTest {

    @Timeout(5)
    @FuzzTest
    void verify(FuzzedDataProvider data) {
        // Decisions come from the end of the input, header values and the body from the front.
        var signer = FuzzSources.ALL.get(data.consumeInt(0, FuzzSources.ALL.size() - 1));
        int signing = data.consumeInt(0, 3);
        long skewSeconds = data.consumeLong(-900, 900);
        boolean upperCaseNames = data.consumeBoolean();
        String fuzzedSecret = data.consumeBoolean() ? data.consumeString(80) : null;

        var headers = new HashMap<String, String>();
        for (var name : FuzzSources.SIGNATURE_HEADERS) {
            if (data.consumeBoolean()) {
                headers.put(name, data.consumeString(120));
            }
        }
        var body = data.consumeRemainingAsBytes();
        var sentAt = FuzzSources.NOW.plusSeconds(skewSeconds);
        var messageId = "msg_" + Integer.toHexString(Arrays.hashCode(body));
        boolean genuine = false;
        if (signing == 1) {
            // The survey app's own signature: must pass if the time is within tolerance.
            headers.putAll(FuzzSources.signedHeaders(signer.name(), body, messageId, sentAt));
            genuine = signer.signsRequests()
                    && (!usesTimestamp(signer) || Math.abs(skewSeconds) <= StandardWebhooks.DEFAULT_TOLERANCE.toSeconds());
        } else if (signing == 2 && FuzzSources.signsBody(signer)) {
            // A genuine signature of a different body must never pass; a token covers no body.
            var other = Arrays.copyOf(body, body.length + 1);
            other[body.length] = '\n';
            headers.putAll(FuzzSources.signedHeaders(signer.name(), other, messageId, sentAt));
        } else if (signing == 3) {
            FuzzSources.signedHeaders(signer.name(), body, messageId, sentAt)
                    .forEach((name, value) -> headers.put(name, value + FuzzSources.MARKER));
        }
        var sent = new HashMap<String, String>();
        headers.forEach((name, value) -> sent.put(upperCaseNames ? name.toUpperCase(Locale.ROOT) : name, value));
        var request = new WebhookRequest(sent, body);

        for (WebhookSource source : FuzzSources.ALL) {
            if (fuzzedSecret != null) {
                try {
                    source.verify(request, fuzzedSecret, FuzzSources.NOW);
                } catch (IllegalStateException misconfigured) {
                    // Intake answers 503 not-configured; anything else thrown would escape it.
                }
                continue;
            }
            Verification verification = source.verify(request, FuzzSources.secretFor(source), FuzzSources.NOW);
            if (verification == null) {
                throw new AssertionError(source.name() + " returned no verification");
            }
            if (!verification.valid() && (verification.problem() == null || verification.problem().isBlank())) {
                throw new AssertionError(source.name() + " rejected without saying why");
            }
            if (!verification.valid() && FuzzSources.quotesMarker(verification.problem())) {
                throw new AssertionError(source.name() + " quoted a header: " + verification.problem());
            }
            if (source == signer && genuine && !verification.valid() && !FuzzSources.refusedForSignedTime(source, verification)) {
                throw new AssertionError(source.name() + " rejected its own survey app's signature: " + verification.problem());
            }
            if (source == signer && signing == 2 && FuzzSources.signsBody(signer) && verification.valid()) {
                throw new AssertionError(source.name() + " accepted a signature of another body");
            }
            if (source == signer && signing == 3 && verification.valid()) {
                throw new AssertionError(source.name() + " accepted a tampered signature");
            }
        }
        if (fuzzedSecret == null) {
            verifyTimedSources(body, signing == 3);
        }
    }

    /**
     * The sources that sign their own event time: with their key they answer and never throw, accept
     * their tool's signature of the body unless the body states a time outside the replay window,
     * and reject a tampered one. Qualtrics signs MSG inside a form, so the body becomes MSG. In the
     * same target as the others: each fuzzed target costs a JVM.
     */
    private static void verifyTimedSources(byte[] body, boolean tamper) {
        var monkeySignature = SurveyMonkeySource.signature(FuzzSources.secretFor(FuzzSources.SURVEYMONKEY), body)
                + (tamper ? FuzzSources.MARKER : "");
        check(FuzzSources.SURVEYMONKEY, new WebhookRequest(Map.of("sm-signature", monkeySignature), body), tamper, "event_datetime");

        var msg = new String(body, StandardCharsets.UTF_8);
        var form = QualtricsSource.signedForm(FuzzSources.secretFor(FuzzSources.QUALTRICS), "surveyengine.completedResponse.SV_1", msg)
                + (tamper ? "0" : "");
        check(FuzzSources.QUALTRICS, new WebhookRequest(Map.of(), form.getBytes(StandardCharsets.UTF_8)), tamper, "MSG.CompletedDate");
    }

    private static void check(WebhookSource source, WebhookRequest request, boolean tampered, String timeField) {
        var verification = source.verify(request, FuzzSources.secretFor(source), FuzzSources.NOW);
        if (verification == null || !verification.valid() && (verification.problem() == null || verification.problem().isBlank())) {
            throw new AssertionError(source.name() + " rejected without saying why");
        }
        if (!verification.valid() && FuzzSources.quotesMarker(verification.problem())) {
            throw new AssertionError(source.name() + " quoted the request: " + verification.problem());
        }
        if (tampered && verification.valid()) {
            throw new AssertionError(source.name() + " accepted a tampered signature");
        }
        if (!tampered && !verification.valid() && !verification.problem().startsWith(timeField + " is more than")) {
            throw new AssertionError(source.name() + " rejected its own tool's signature: " + verification.problem());
        }
    }

    /** Sources whose signature covers a send time, which must lie within the tolerance. */
    private static boolean usesTimestamp(WebhookSource source) {
        return FuzzSources.signedHeaders(source.name(), new byte[0], "msg_1", FuzzSources.NOW).containsKey("webhook-timestamp");
    }
}

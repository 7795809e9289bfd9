package io.npsloop.ingest.sources;

import static org.assertj.core.api.Assertions.assertThat;

import io.npsloop.ingest.Fixtures;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SignatureTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private static final String BODY = Fixtures.webhook("generic-detractor.json");
    private final StandardWebhooks standard = new StandardWebhooks(Duration.ofMinutes(5));

    private static WebhookRequest request(Map<String, String> headers, String body) {
        return new WebhookRequest(headers, body.getBytes(StandardCharsets.UTF_8));
    }

    /** A vector computed independently (openssl dgst -sha256 -hmac over "msg_1.1700000000.{}"). */
    @Test
    void standardWebhooksMatchesAnIndependentlyComputedSignature() {
        var secret = "whsec_" + java.util.Base64.getEncoder().encodeToString("key".getBytes(StandardCharsets.UTF_8));
        assertThat(StandardWebhooks.signature(secret, "msg_1", "1700000000", "{}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("v1,XaXLFEFQ69Q4+demDWPEv5ydXczDW2mM5crCUEFcFBA=");
    }

    @Test
    void standardWebhooksAcceptsAValidSignatureAmongSeveral() {
        var headers = new HashMap<>(Fixtures.genericHeaders(BODY, "msg_1", NOW));
        headers.put("webhook-signature", "v1,bm90LXRoaXMtb25l " + headers.get("webhook-signature") + " v2,abc");

        assertThat(standard.verify(request(headers, BODY), Fixtures.GENERIC_SECRET, NOW)).isEqualTo(Verification.VALID);
    }

    @Test
    void standardWebhooksRejectsATamperedBody() {
        var headers = Fixtures.genericHeaders(BODY, "msg_1", NOW);

        var result = standard.verify(request(headers, BODY.replace("\"score\": 3", "\"score\": 10")), Fixtures.GENERIC_SECRET, NOW);

        assertThat(result.valid()).isFalse();
        assertThat(result.problem()).isEqualTo("webhook-signature does not match the body");
    }

    @Test
    void standardWebhooksRejectsAnotherMessageIdsSignature() {
        var headers = new HashMap<>(Fixtures.genericHeaders(BODY, "msg_1", NOW));
        headers.put("webhook-id", "msg_2");

        assertThat(standard.verify(request(headers, BODY), Fixtures.GENERIC_SECRET, NOW).valid()).isFalse();
    }

    @Test
    void standardWebhooksRejectsStaleAndFutureTimestamps() {
        var stale = Fixtures.genericHeaders(BODY, "msg_1", NOW.minus(Duration.ofMinutes(5)).minusSeconds(1));
        var future = Fixtures.genericHeaders(BODY, "msg_1", NOW.plus(Duration.ofMinutes(5)).plusSeconds(1));
        var edge = Fixtures.genericHeaders(BODY, "msg_1", NOW.minus(Duration.ofMinutes(5)));

        assertThat(standard.verify(request(stale, BODY), Fixtures.GENERIC_SECRET, NOW).problem()).contains("replayed");
        assertThat(standard.verify(request(future, BODY), Fixtures.GENERIC_SECRET, NOW).valid()).isFalse();
        assertThat(standard.verify(request(edge, BODY), Fixtures.GENERIC_SECRET, NOW).valid()).isTrue();
    }

    @Test
    void standardWebhooksRejectsMissingOrGarbledHeaders() {
        var headers = new HashMap<>(Fixtures.genericHeaders(BODY, "msg_1", NOW));
        headers.remove("webhook-signature");
        assertThat(standard.verify(request(headers, BODY), Fixtures.GENERIC_SECRET, NOW).problem()).contains("are required");

        headers = new HashMap<>(Fixtures.genericHeaders(BODY, "msg_1", NOW));
        headers.put("webhook-timestamp", "99999999999999999999");
        assertThat(standard.verify(request(headers, BODY), Fixtures.GENERIC_SECRET, NOW).problem()).contains("seconds since the epoch");

        headers = new HashMap<>(Fixtures.genericHeaders(BODY, "msg_1", NOW));
        headers.put("webhook-timestamp", Long.toString(Long.MAX_VALUE));
        assertThat(standard.verify(request(headers, BODY), Fixtures.GENERIC_SECRET, NOW).valid()).isFalse();

        headers = new HashMap<>(Fixtures.genericHeaders(BODY, "msg_1", NOW));
        headers.put("webhook-signature", "v1,%%%not-base64");
        assertThat(standard.verify(request(headers, BODY), Fixtures.GENERIC_SECRET, NOW).valid()).isFalse();
    }

    @Test
    void headerNamesAreCaseInsensitive() {
        var upper = new HashMap<String, String>();
        Fixtures.genericHeaders(BODY, "msg_1", NOW).forEach((k, v) -> upper.put(k.toUpperCase(), v));

        assertThat(standard.verify(request(upper, BODY), Fixtures.GENERIC_SECRET, NOW).valid()).isTrue();
    }
}

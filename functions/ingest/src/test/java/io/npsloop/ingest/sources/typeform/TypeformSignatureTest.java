package io.npsloop.ingest.sources.typeform;

import static org.assertj.core.api.Assertions.assertThat;

import io.npsloop.ingest.Fixtures;
import io.npsloop.ingest.sources.ReplayWindow;
import io.npsloop.ingest.sources.Verification;
import io.npsloop.ingest.sources.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TypeformSignatureTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private final TypeformSource typeform = new TypeformSource(TypeformFields.DEFAULTS, ReplayWindow.DEFAULT);

    private static WebhookRequest request(Map<String, String> headers, String body) {
        return new WebhookRequest(headers, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void typeformAcceptsItsOwnSignatureAndNothingElse() {
        var body = Fixtures.webhook("typeform-detractor.json");
        var headers = Fixtures.typeformHeaders(body);

        assertThat(typeform.verify(request(headers, body), Fixtures.TYPEFORM_SECRET, NOW)).isEqualTo(Verification.VALID);
        assertThat(typeform.verify(request(headers, body + " "), Fixtures.TYPEFORM_SECRET, NOW).problem())
                .isEqualTo("Typeform-Signature does not match the body");
        assertThat(typeform.verify(request(headers, body), "another-secret", NOW).valid()).isFalse();
        assertThat(typeform.verify(request(Map.of(), body), Fixtures.TYPEFORM_SECRET, NOW).problem())
                .isEqualTo("Typeform-Signature header is required");
        assertThat(typeform.verify(request(Map.of("typeform-signature", "sha1=abc"), body), Fixtures.TYPEFORM_SECRET, NOW).problem())
                .isEqualTo("Typeform-Signature must start with sha256=");
    }

    /** Typeform's documented scheme: base64 of HMAC-SHA256 over the raw body, checked against a fixed vector. */
    @Test
    void typeformSignatureMatchesAnIndependentlyComputedValue() {
        assertThat(TypeformSource.signature("key", "{}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("sha256=" + "p3dyTZQ+tI3Gm8qKSm1XoE2z+ex+HeTlgehgJlvfMDI=");
    }
}

package io.npsloop.connectors.zendesk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.npsloop.aws.AwsClients;
import io.npsloop.config.Settings;
import io.npsloop.connectors.CallOutcome;
import io.npsloop.connectors.QueueRetries;
import io.npsloop.connectors.RetryAfter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The connector's configuration fails at start-up with the variable and the entry named; the pure parts behave. */
class ZendeskConfigTest {

    private static Map<String, String> env(String... pairs) {
        var env = new HashMap<String, String>(Map.of("TABLE_NAME", "t", "AWS_REGION", "eu-west-1",
                "ZENDESK_PARAMETER_PATH", "/nps-loop/zendesk/"));
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    private static ZendeskFunction start(Map<String, String> env) {
        var settings = new Settings(env);
        return new ZendeskFunction(settings, new AwsClients(settings), Clock.systemUTC());
    }

    @Test
    void eachMistakeInTheMappingIsNamedWithItsVariableAndEntry() {
        assertThatThrownBy(() -> start(env("ZENDESK_PRIORITIES", "vip=high")))
                .hasMessage("ZENDESK_PRIORITIES: entry 'vip=high': the value tier must be one of high, low, medium, unknown");
        assertThatThrownBy(() -> start(env("ZENDESK_PRIORITIES", "high=asap")))
                .hasMessage("ZENDESK_PRIORITIES: entry 'high=asap': the priority must be one of urgent, high, normal, low");
        assertThatThrownBy(() -> start(env("ZENDESK_PRIORITIES", "high=high,high=low")))
                .hasMessage("ZENDESK_PRIORITIES: entry 'high=low': high is named twice");
        assertThatThrownBy(() -> start(env("ZENDESK_CUSTOM_FIELDS", "score=abc")))
                .hasMessageStartingWith("ZENDESK_CUSTOM_FIELDS: entry 'score=abc': the field id must be a positive whole number");
        assertThatThrownBy(() -> start(env("ZENDESK_CUSTOM_FIELDS", "comment=123")))
                .hasMessage("ZENDESK_CUSTOM_FIELDS: entry 'comment=123': what to fill must be one of caseLink, score, valueTier");
        assertThatThrownBy(() -> start(env("ZENDESK_TAGS", "nps-loop,Bad Tag")))
                .hasMessage("ZENDESK_TAGS: entry 'Bad Tag': a tag is 1 to 80 lower case letters, digits, '-' or '_'");
        assertThatThrownBy(() -> start(env("ZENDESK_PARAMETER_PATH", "nps-loop")))
                .hasMessageStartingWith("ZENDESK_PARAMETER_PATH must start and end with '/'");
        assertThatThrownBy(() -> start(env("ZENDESK_SECRETS", "api-token")))
                .hasMessage("ZENDESK_SECRETS must be <name>=<value> pairs separated by ';'");
    }

    @Test
    void theDefaultsMapHighToHighMediumToNormalAndLowToLow() {
        var mapping = ZendeskMapping.of(new Settings(env()));
        assertThat(mapping.priorities()).isEqualTo(Map.of("high", "high", "medium", "normal", "low", "low"));
        assertThat(mapping.fields()).isEmpty();
        assertThat(mapping.tags()).containsExactly("nps-loop", "nps-detractor");
    }

    @Test
    void aSignatureIsBase64HmacSha256OfTheTimestampThenTheBodyAcceptedWithinFiveMinutes() {
        var secret = "dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==".getBytes(StandardCharsets.UTF_8);
        var body = "{\"say\": \"hello\"}";
        // Computed apart from this code (Python's hmac over timestamp + body).
        var signature = "gf3v0LzLRHPUnIdhbvwRDVEvzSb07/QN0GYjSNlkBT0=";
        assertThat(ZendeskSignature.sign(secret, "2021-07-25T10:00:00Z", body)).isEqualTo(signature);
        var at = Instant.parse("2021-07-25T10:00:00Z");
        assertThat(ZendeskSignature.verify(secret, signature, "2021-07-25T10:00:00Z", body, at.plusSeconds(299)))
                .isEqualTo(ZendeskSignature.Verdict.GENUINE);
        assertThat(ZendeskSignature.verify(secret, signature, "2021-07-25T10:00:00Z", body, at.plusSeconds(301)))
                .isEqualTo(ZendeskSignature.Verdict.STALE);
        assertThat(ZendeskSignature.verify(secret, signature, "2021-07-25T10:00:00Z", body + " ", at))
                .isEqualTo(ZendeskSignature.Verdict.TAMPERED);
        assertThat(ZendeskSignature.verify(secret, null, "2021-07-25T10:00:00Z", body, at)).isEqualTo(ZendeskSignature.Verdict.UNSIGNED);
    }

    @Test
    void retryAfterIsHonouredElseTheBackoffDoublesPerReceiveUpToFifteenMinutes() {
        var clock = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);
        assertThat(RetryAfter.parse("7", clock)).contains(Duration.ofSeconds(7));
        assertThat(RetryAfter.parse("Sun, 22 Nov 2026 10:01:00 GMT", clock)).contains(Duration.ofMinutes(1));
        assertThat(RetryAfter.parse("soon", clock)).isEmpty();
        assertThat(QueueRetries.delay(new CallOutcome.TryLater(Optional.of(Duration.ofSeconds(42)), "http_429"), 5))
                .isEqualTo(Duration.ofSeconds(42));
        assertThat(List.of(1, 2, 3, 7, 12).stream().map(n -> QueueRetries.delay(new CallOutcome.TryLater(Optional.empty(), "http_500"), n)).toList())
                .containsExactly(Duration.ofSeconds(15), Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofMinutes(15), Duration.ofMinutes(15));
    }
}

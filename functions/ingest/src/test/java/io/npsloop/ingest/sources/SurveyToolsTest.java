package io.npsloop.ingest.sources;

import static org.assertj.core.api.Assertions.assertThat;

import io.npsloop.config.Settings;
import io.npsloop.ingest.Fixtures;
import io.npsloop.ingest.WebhookReceiver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every registered tool is complete: named as intake accepts, with samples it signs and its own source verifies. */
class SurveyToolsTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private static final Settings SETTINGS = new Settings(Map.of());
    private static final SurveyTool.Shared SHARED = new SurveyTool.Shared(StandardWebhooks.DEFAULT_TOLERANCE, ReplayWindow.DEFAULT);

    static Stream<SurveyTool> tools() {
        return SurveyTools.ALL.stream();
    }

    @Test
    void namesAreUniqueAndWhatTheWebhookPathAccepts() {
        var names = SurveyTools.ALL.stream().map(SurveyTool::name).toList();

        assertThat(names).doesNotHaveDuplicates();
        assertThat(names).allMatch(name -> WebhookReceiver.SOURCE_NAME.matcher(name).matches());
        assertThat(SurveyTools.sources(SETTINGS, SHARED).stream().map(WebhookSource::name).toList()).isEqualTo(names);
    }

    @ParameterizedTest
    @MethodSource("tools")
    void hasASampleThatItSignsAndItsSourceVerifies(SurveyTool tool) throws IOException {
        var samples = samples(tool);
        var source = tool.source(SETTINGS, SHARED);
        var secret = tool.localSecret();

        assertThat(samples).as("events/webhooks/%s-*.json", tool.name()).isNotEmpty();
        for (var sample : samples) {
            var signed = tool.sign(Files.readAllBytes(sample), secret, NOW);

            assertThat(source.verify(new WebhookRequest(signed.headers(), signed.body()), secret, NOW))
                    .as(sample.getFileName().toString()).isEqualTo(Verification.VALID);
            assertThat(source.verify(tampered(tool, signed), secret, NOW).valid()).as(sample.getFileName() + " tampered").isFalse();
        }
    }

    @ParameterizedTest
    @MethodSource("tools")
    void aSignedRequestCarriesTheProofHeadersItsSourceDeclaresAndAnUnsignedOneNone(SurveyTool tool) throws IOException {
        var source = tool.source(SETTINGS, SHARED);
        var signed = tool.sign(Files.readAllBytes(samples(tool).get(0)), tool.localSecret(), NOW);
        var request = new WebhookRequest(signed.headers(), signed.body());
        var unsigned = new WebhookRequest(Map.of("content-type", signed.headers().get("content-type")), signed.body());

        // The URL-token route verifies a request that carries such a header, and takes one that carries none on its token.
        assertThat(source.carriesProof(request)).as("%s signs in a header", tool.name()).isEqualTo(!source.proofHeaders().isEmpty());
        assertThat(source.proofHeaders().isEmpty()).as("only Qualtrics signs inside its body").isEqualTo(tool.name().equals("qualtrics"));
        assertThat(source.carriesProof(unsigned)).isFalse();
    }

    @ParameterizedTest
    @MethodSource("tools")
    void signsAsSentWithTheSendTimeAndMessageIdItIsGiven(SurveyTool tool) throws IOException {
        var sample = Files.readAllBytes(samples(tool).get(0));
        var sentAt = NOW.minusSeconds(30);

        var once = tool.sign(sample, tool.localSecret(), "msg_1", sentAt);
        var again = tool.sign(sample, tool.localSecret(), "msg_1", sentAt);

        assertThat(again.headers()).isEqualTo(once.headers());
        assertThat(again.body()).isEqualTo(once.body());
    }

    @Test
    void everyHeaderThatCarriesASecretIsOneTheQuarantineLeavesOut() {
        var settings = new Settings(Map.of("ASKNICELY_TOKEN_HEADER", "X-Custom-Token"));

        assertThat(SurveyTools.secretHeaders(settings)).containsExactly("X-Custom-Token");
        assertThat(SurveyTools.secretHeaders(SETTINGS)).containsExactly("X-AskNicely-Token");
    }

    @Test
    void apiBaseUrlsAreThoseOfTheToolsReadFromAnApi() {
        var settings = new Settings(Map.of("QUALTRICS_API_BASE_URL", "https://fra1.qualtrics.com"));

        assertThat(SurveyTools.apiBaseUrls(SETTINGS)).containsOnlyKeys("surveymonkey");
        assertThat(SurveyTools.apiBaseUrls(settings)).containsOnlyKeys("surveymonkey", "qualtrics");
        var fetching = SurveyTools.sources(SETTINGS, SHARED).stream()
                .filter(FetchingSource.class::isInstance).map(WebhookSource::name).toList();
        assertThat(SurveyTools.apiBaseUrls(settings).keySet()).containsExactlyInAnyOrderElementsOf(fetching);
    }

    /**
     * One byte changed in what the tool's proof covers: the body, or for a tool whose proof is a
     * token sent as is (it covers no body), the token.
     */
    private static WebhookRequest tampered(SurveyTool tool, SurveyTool.Signed signed) {
        var headers = new HashMap<>(signed.headers());
        var body = signed.body().clone();
        var tokenHeaders = tool.secretHeaders(SETTINGS).stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
        if (tokenHeaders.isEmpty()) {
            body[body.length / 2] ^= 1;
        } else {
            tokenHeaders.forEach(name -> headers.computeIfPresent(name, (n, value) -> (char) (value.charAt(0) ^ 1) + value.substring(1)));
        }
        return new WebhookRequest(headers, body);
    }

    private static List<Path> samples(SurveyTool tool) throws IOException {
        try (var files = Files.list(Fixtures.events().resolve("webhooks"))) {
            return files.filter(file -> file.getFileName().toString().startsWith(tool.name() + "-")
                            && file.getFileName().toString().endsWith(".json"))
                    .sorted()
                    .toList();
        }
    }
}

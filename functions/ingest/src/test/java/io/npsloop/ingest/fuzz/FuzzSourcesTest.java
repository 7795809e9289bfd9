package io.npsloop.ingest.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.npsloop.ingest.sources.SurveyTool;
import io.npsloop.ingest.sources.SurveyTools;
import io.npsloop.ingest.sources.WebhookSource;
import io.npsloop.ingest.sources.mapped.MappedSource;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The fuzz targets reach every registered tool and recipe scheme, each with a secret and its survey app's signature. */
class FuzzSourcesTest {

    @Test
    void everyRegisteredToolHasAFuzzEntryWithASecret() {
        var fuzzed = Stream.concat(FuzzSources.ALL.stream(), FuzzSources.FETCHING.stream()).map(WebhookSource::name).toList();

        assertThat(fuzzed).containsAll(SurveyTools.ALL.stream().map(SurveyTool::name).toList());
        // The seeds count on the built-in tools coming first, in registration order.
        assertThat(FuzzSources.ALL.subList(0, 5)).extracting(WebhookSource::name)
                .containsExactly("generic", "typeform", "delighted", "formbricks", "asknicely");
        Stream.concat(FuzzSources.ALL.stream(), FuzzSources.FETCHING.stream())
                .forEach(source -> assertThat(FuzzSources.secretFor(source)).as(source.name()).isNotBlank());
    }

    @Test
    void everyDocumentedRecipeAndEverySignatureSchemeARecipeMayNameIsFuzzed() {
        var recipes = FuzzSources.ALL.stream().filter(MappedSource.class::isInstance).map(MappedSource.class::cast).toList();

        assertThat(recipes).extracting(WebhookSource::name).contains("tally", "survicate", "wootric");
        assertThat(recipes.stream().map(source -> source.recipe().signature().getClass().getSimpleName()).distinct())
                .containsExactlyInAnyOrder("StandardWebhooks", "HmacSha256", "TokenHeader", "UrlToken");
        assertThat(recipes).anySatisfy(source -> assertThat(source.recipe().signedAt()).isPresent());
    }

    @Test
    void everyHeaderAToolSignsWithIsFuzzed() {
        var body = "{}".getBytes(StandardCharsets.UTF_8);

        for (var tool : FuzzSources.TOOLS) {
            assertThat(FuzzSources.SIGNATURE_HEADERS).as(tool.name())
                    .containsAll(FuzzSources.signedHeaders(tool.name(), body, "msg_1", FuzzSources.NOW).keySet());
        }
        // The seeds count on this order.
        assertThat(FuzzSources.SIGNATURE_HEADERS).startsWith("webhook-id", "webhook-timestamp", "webhook-signature",
                "typeform-signature", "x-delighted-webhook-signature", "x-asknicely-token", "sm-signature");
    }
}

package io.npsloop.domain.notices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.npsloop.domain.notices.NoticeTexts.Text;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class NoticeTextsTest {

    @ParameterizedTest
    @EnumSource(NoticeTexts.class)
    void everyLanguageHasEveryText(NoticeTexts language) {
        for (var key : Text.values()) {
            assertThat(language.text(key)).as("%s in %s", key, language).isNotBlank();
        }
    }

    @ParameterizedTest
    @EnumSource(NoticeTexts.class)
    void everyLanguageFillsTheSamePlaceholders(NoticeTexts language) {
        for (var key : Text.values()) {
            assertThat(language.placeholders(key))
                    .as("placeholders of %s in %s", key, language)
                    .containsExactlyInAnyOrderElementsOf(NoticeTexts.FALLBACK.placeholders(key));
        }
    }

    @Test
    void eachLanguageIsListedOnce() {
        assertThat(Arrays.stream(NoticeTexts.values()).map(NoticeTexts::language)).doesNotHaveDuplicates();
        assertThat(NoticeTexts.values()).contains(NoticeTexts.FALLBACK);
    }

    @ParameterizedTest
    @CsvSource({"es, SPANISH", "es-MX, SPANISH", "ES-es, SPANISH", "es_CO, SPANISH", "en, ENGLISH", "en-US, ENGLISH",
        "pt-BR, ENGLISH", "de, ENGLISH", "'', ENGLISH", "xx-invalid-tag-!!, ENGLISH"})
    void languageTagsPickTheirLanguageOrFallBack(String tag, NoticeTexts expected) {
        assertThat(NoticeTexts.forLanguageTag(tag)).isEqualTo(expected);
    }

    @Test
    void fillReplacesEachPlaceholderOnceAndRefusesMissingValues() {
        assertThat(NoticeTexts.SPANISH.fill(Text.REFERRAL_STEP_THANK, Map.of("who", "{who}")))
                .isEqualTo("Póngase en contacto con {who} para agradecerle personalmente la puntuación que nos dio.");
        assertThatThrownBy(() -> NoticeTexts.ENGLISH.fill(Text.SUBJECT, Map.of("who", "Ana")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("{action}");
    }
}

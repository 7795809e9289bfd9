package io.npsloop.local.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md is the catalogue's text. With {@code -Dconfiguration.write=true} this test
 * rewrites it instead (the command is in {@link ConfigurationDoc#REGENERATE}).
 */
class ConfigurationDocTest {

    private static Path doc() {
        return Main.findEvents().getParent().getParent().resolve("docs/configuration.md");
    }

    @Test
    void theCommittedPageIsTheCatalogues() throws Exception {
        var generated = ConfigurationDoc.render();
        if (Boolean.getBoolean("configuration.write")) {
            Files.writeString(doc(), generated);
        }
        var committed = Files.exists(doc()) ? Files.readString(doc()) : "";
        assertThat(committed)
                .withFailMessage("docs/configuration.md differs from the settings catalogue; regenerate it with%n  %s",
                        ConfigurationDoc.REGENERATE)
                .isEqualTo(generated);
    }

    @Test
    void everySettingAndParameterIsDocumentedOnce() {
        var page = ConfigurationDoc.render();
        for (var setting : SettingsCatalogue.all()) {
            assertThat(page).as(setting.variable()).containsOnlyOnce("| `" + setting.variable() + "` |");
            assertThat(setting.meaning()).as(setting.variable()).isNotBlank();
        }
        for (var parameter : SettingsCatalogue.TEMPLATE_PARAMETERS) {
            assertThat(page).as(parameter.name()).containsOnlyOnce("| `" + parameter.name() + "` |");
        }
    }
}

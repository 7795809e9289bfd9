package io.npsloop.ingest.sources.mapped;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import io.npsloop.ingest.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The recipes an operator copies from docs/survey-tools.md are the ones the tests, the fuzzing and the local stack run. */
class DocumentedRecipesTest {

    private static final Pattern TESTED_BLOCK = Pattern.compile(
            "The recipes below are tested.*?```json\\n(.*?)\\n```", Pattern.DOTALL);

    @Test
    void theDocumentsRecipesAreTheTestedOnes() throws Exception {
        var docs = Files.readString(Fixtures.events().resolveSibling("docs").resolve("survey-tools.md"), StandardCharsets.UTF_8);
        var block = TESTED_BLOCK.matcher(docs);

        assertThat(block.find()).as("docs/survey-tools.md has the tested recipes in a json block").isTrue();
        assertThat(JSON.std.anyFrom(block.group(1))).isEqualTo(JSON.std.anyFrom(DocumentedRecipes.JSON));
    }
}

package io.npsloop.ingest.sources.mapped;

import io.npsloop.ingest.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

/**
 * The recipes of docs/survey-tools.md, as an operator would set them in MAPPED_SOURCES: kept in
 * {@code events/webhooks/mapped/recipes.json}, which the local stack configures too.
 */
public final class DocumentedRecipes {

    public static final String JSON = read();

    private static String read() {
        try {
            return Files.readString(Fixtures.events().resolve("webhooks/mapped/recipes.json"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private DocumentedRecipes() {}
}

package io.npsloop.exports;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;

/** Exports to a folder, as the local stack does; each file is replaced whole, never seen half-written. */
public final class FolderSink implements ExportSink {

    private final Path root;

    public FolderSink(Path root) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    }

    @Override
    public void write(String path, String contentType, byte[] content) {
        var target = root.resolve(path).normalize();
        if (!target.startsWith(root)) {
            throw new IllegalArgumentException("outside the export folder: " + path);
        }
        try {
            Files.createDirectories(target.getParent());
            var temporary = Files.createTempFile(target.getParent(), ".export-", ".tmp");
            Files.write(temporary, content);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String describe(String path) {
        return root.resolve(path).toString();
    }
}

package io.npsloop.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the built jars are, found from the repository root. */
record Paths(Path root) {

    /** The repository root: the working directory or one of its parents, the first that has the functions. */
    static Paths find() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("functions/ingest")) && Files.isDirectory(p.resolve("benchmarks"))) {
                return new Paths(p);
            }
        }
        throw new IllegalStateException("run from the repository (no functions/ingest above " + dir + ")");
    }

    Path ingestJar() {
        return root.resolve("functions/ingest/target/ingest.jar");
    }

    Path dispatchJar() {
        return root.resolve("functions/dispatch/target/dispatch.jar");
    }

    /** A function module's shaded jar, {@code functions/<name>/target/<name>.jar}. */
    Path functionJar(String name) {
        return root.resolve("functions/" + name + "/target/" + name + ".jar");
    }

    Path referenceJar() {
        return root.resolve("benchmarks/target/reference.jar");
    }

    void requireJars() {
        for (Path jar : new Path[] {ingestJar(), dispatchJar(), referenceJar()}) {
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(root.relativize(jar) + " is missing: build with "
                        + "./mvnw -B -q -pl benchmarks -am package -DskipTests (benchmarks/run does)");
            }
        }
    }
}

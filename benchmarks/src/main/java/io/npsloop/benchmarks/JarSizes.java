package io.npsloop.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;

/** Each deployable jar's size on disk, and what takes the room in it (compressed bytes by library). */
final class JarSizes {

    record Part(String name, long compressedBytes) {}

    record Jar(String name, Path path, long bytes, int entries, List<Part> parts) {}

    static Jar measure(String name, Path path) {
        try (var zip = new ZipFile(path.toFile())) {
            Map<String, Long> parts = new LinkedHashMap<>();
            var entries = zip.entries();
            int count = 0;
            while (entries.hasMoreElements()) {
                var entry = entries.nextElement();
                count++;
                if (!entry.isDirectory()) {
                    parts.merge(group(entry.getName()), Math.max(0, entry.getCompressedSize()), Long::sum);
                }
            }
            var sorted = new ArrayList<Part>();
            parts.forEach((k, v) -> sorted.add(new Part(k, v)));
            sorted.sort(Comparator.comparingLong(Part::compressedBytes).reversed());
            return new Jar(name, path, Files.size(path), count, sorted);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    /** Which library an entry comes from, judged by its package. */
    static String group(String entry) {
        String[][] known = {
            {"software/amazon/awssdk/services/", "AWS SDK client: "},
            {"software/amazon/awssdk/thirdparty/jackson/", "AWS SDK shaded Jackson"},
            {"software/amazon/awssdk/http/apache/", "AWS SDK Apache HTTP client"},
            {"software/amazon/awssdk/http/urlconnection/", "AWS SDK URL-connection client"},
            {"software/amazon/awssdk/regions/", "AWS SDK regions and endpoints metadata"},
            {"software/amazon/awssdk/", "AWS SDK core (auth, protocols, retries, ...)"},
            {"software/amazon/eventstream/", "AWS SDK event streams"},
            {"com/amazonaws/services/lambda/runtime/events/", "aws-lambda-java-events"},
            {"com/amazonaws/services/lambda/runtime/", "aws-lambda-java-core"},
            {"com/fasterxml/jackson/jr/", "jackson-jr"},
            {"com/fasterxml/jackson/databind/", "jackson-databind"},
            {"com/fasterxml/jackson/core/", "jackson-core"},
            {"com/fasterxml/jackson/annotation/", "jackson-annotations"},
            {"org/apache/http/", "Apache HttpClient"},
            {"org/apache/commons/logging/", "commons-logging"},
            {"org/apache/commons/codec/", "commons-codec"},
            {"org/slf4j/", "slf4j-api"},
            {"org/reactivestreams/", "reactive-streams"},
            {"io/npsloop/", "NPS Loop code"},
            {"META-INF/", "META-INF (licences, service files)"},
        };
        for (String[] k : known) {
            if (entry.startsWith(k[0])) {
                if (k[1].endsWith(": ")) {
                    String rest = entry.substring(k[0].length());
                    int slash = rest.indexOf('/');
                    return k[1] + (slash < 0 ? rest : rest.substring(0, slash));
                }
                return k[1];
            }
        }
        int slash = entry.indexOf('/');
        return slash < 0 ? "(root files)" : entry.substring(0, entry.indexOf('/', slash + 1) < 0 ? slash : entry.indexOf('/', slash + 1));
    }

    static String mb(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.2f MB", bytes / 1_000_000.0);
    }
}

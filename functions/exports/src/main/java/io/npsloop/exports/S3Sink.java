package io.npsloop.exports;

import java.util.Objects;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Exports to a bucket, under an optional prefix; the bucket's default encryption applies. */
final class S3Sink implements ExportSink {

    private final S3Client s3;
    private final String bucket;
    private final String prefix;

    S3Sink(S3Client s3, String bucket, String prefix) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        var given = prefix == null ? "" : prefix;
        this.prefix = given.isEmpty() || given.endsWith("/") ? given : given + "/";
    }

    @Override
    public void write(String path, String contentType, byte[] content) {
        s3.putObject(r -> r.bucket(bucket).key(prefix + path).contentType(contentType), RequestBody.fromBytes(content));
    }

    @Override
    public String describe(String path) {
        return "s3://" + bucket + "/" + prefix + path;
    }
}

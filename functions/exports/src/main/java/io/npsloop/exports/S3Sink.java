package io.npsloop.exports;

import io.npsloop.aws.S3Calls;
import java.util.Objects;

/** Exports to a bucket, under an optional prefix; the bucket's default encryption applies. */
final class S3Sink implements ExportSink {

    private final S3Calls s3;
    private final String bucket;
    private final String prefix;

    S3Sink(S3Calls s3, String bucket, String prefix) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        var given = prefix == null ? "" : prefix;
        this.prefix = given.isEmpty() || given.endsWith("/") ? given : given + "/";
    }

    @Override
    public void write(String path, String contentType, byte[] content) {
        s3.put(bucket, prefix + path, contentType, content);
    }

    @Override
    public String describe(String path) {
        return "s3://" + bucket + "/" + prefix + path;
    }
}

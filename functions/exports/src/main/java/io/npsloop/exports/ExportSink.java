package io.npsloop.exports;

/** Where exports land: an S3 bucket in AWS, a folder on the local stack. */
public interface ExportSink {

    /** Writes (or replaces) the file at {@code path}, a relative path with forward slashes. */
    void write(String path, String contentType, byte[] content);

    /** Where a path ends up, for logs and answers, e.g. {@code s3://bucket/prefix/path}. */
    String describe(String path);
}

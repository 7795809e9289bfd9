package io.npsloop.aws;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongConsumer;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * The two S3 calls the exports make, PutObject and GetObject, as requests signed with the SDK's
 * own SigV4 signer under S3's rules, instead of the S3 client (megabytes of jar for two calls).
 * Virtual-hosted addressing on AWS, path-style on an overridden endpoint (emulators serve buckets
 * under the path). The payload is signed: its SHA-256 is what S3 checks the body against. The
 * bucket's default encryption applies, so no encryption header is sent.
 *
 * <p>Both calls are idempotent, so a throttled, failed or unreachable call is tried again as the
 * client did, up to {@link #ATTEMPTS} times in all: without it, one {@code SlowDown} would cost a
 * whole export's scan again.
 */
public final class S3Calls {

    /** Attempts per call, the first included, as the SDK's standard retry mode. */
    static final int ATTEMPTS = 3;
    /** How much of an error's body is read for its code; S3's are a few hundred bytes. */
    private static final int ERROR_BODY_LIMIT = 16 * 1024;
    private static final Pattern CODE = Pattern.compile("<Code>([^<]*)</Code>");
    /** Names that fit a TLS wildcard host name; others (dots, capitals) go path-style, as the SDK sends them. */
    private static final Pattern VIRTUAL_HOSTABLE = Pattern.compile("[a-z0-9][a-z0-9-]{1,61}[a-z0-9]");

    /** S3 answered an error, or could not be reached: {@code status} 0 and {@code code} "unreachable" then. */
    public static final class FailedException extends IllegalStateException {
        private final int status;
        private final String code;

        FailedException(String operation, String location, int status, String code, Throwable cause) {
            super("S3 " + operation + " " + location + (status == 0 ? ": " + code : " answered " + status + " " + code), cause);
            this.status = status;
            this.code = code;
        }

        public int status() {
            return status;
        }

        /** S3's error code, e.g. {@code NoSuchKey}, {@code AccessDenied}, {@code SlowDown}; empty when the body named none. */
        public String code() {
            return code;
        }
    }

    private final SdkHttpClient http;
    private final AwsCredentialsProvider credentials;
    private final Region region;
    private final URI endpointOverride;
    private final LongConsumer sleep;

    S3Calls(SdkHttpClient http, AwsCredentialsProvider credentials, Region region, Optional<URI> endpointOverride, LongConsumer sleep) {
        this.http = Objects.requireNonNull(http, "http");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.region = Objects.requireNonNull(region, "region");
        this.endpointOverride = endpointOverride.orElse(null);
        this.sleep = Objects.requireNonNull(sleep, "sleep");
    }

    /** Writes (or replaces) the object. */
    public void put(String bucket, String key, String contentType, byte[] content) {
        var request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.PUT)
                .uri(objectUri(bucket, key))
                .putHeader("Content-Type", contentType)
                .putHeader("Content-Length", Integer.toString(content.length))
                .build();
        try (var ignored = call("PutObject", bucket, key, request, content)) {
            // Nothing to read from a successful put.
        } catch (IOException e) {
            // Closing what the put answered failed: the object was written all the same.
        }
    }

    /**
     * The object's content, streamed as it arrives: the caller reads as much as it needs and
     * closes it.
     */
    public InputStream get(String bucket, String key) {
        var request = SdkHttpRequest.builder().method(SdkHttpMethod.GET).uri(objectUri(bucket, key)).build();
        return call("GetObject", bucket, key, request, new byte[0]);
    }

    /** Where an object is: {@code https://<bucket>.s3.<region>.<domain>/<key>}, or {@code <endpoint>/<bucket>/<key>}. */
    URI objectUri(String bucket, String key) {
        // Each segment of the key encoded, slashes kept: the signer signs the path as sent.
        var path = "/" + SdkHttpUtils.urlEncodeIgnoreSlashes(key);
        if (endpointOverride != null) {
            var base = endpointOverride.toString().replaceAll("/+$", "");
            return URI.create(base + "/" + SdkHttpUtils.urlEncode(bucket) + path);
        }
        var host = "s3." + region.id() + "." + PartitionMetadata.of(region).dnsSuffix();
        return VIRTUAL_HOSTABLE.matcher(bucket).matches()
                ? URI.create("https://" + bucket + "." + host + path)
                : URI.create("https://" + host + "/" + SdkHttpUtils.urlEncode(bucket) + path);
    }

    private InputStream call(String operation, String bucket, String key, SdkHttpRequest request, byte[] payload) {
        var location = "s3://" + bucket + "/" + key;
        for (int attempt = 1; ; attempt++) {
            FailedException failure;
            try {
                var response = send(request, payload);
                int status = response.httpResponse().statusCode();
                var body = response.responseBody().orElse(null);
                if (status / 100 == 2) {
                    return body == null ? InputStream.nullInputStream() : body;
                }
                failure = new FailedException(operation, location, status, errorCode(body), null);
            } catch (IOException e) {
                failure = new FailedException(operation, location, 0, "unreachable", e);
            }
            if (attempt >= ATTEMPTS || !retryable(failure)) {
                throw failure;
            }
            // Full jitter, as the SDK's standard mode; throttling waits longer.
            long base = "SlowDown".equals(failure.code()) || failure.status() == 503 ? 500 : 100;
            sleep.accept(ThreadLocalRandom.current().nextLong(base << attempt));
        }
    }

    private HttpExecuteResponse send(SdkHttpRequest request, byte[] payload) throws IOException {
        var signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(credentials.resolveCredentials())
                .request(request)
                .payload(ContentStreamProvider.fromByteArrayUnsafe(payload))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region.id())
                // S3 signs the path exactly as sent: encoded once, never normalised.
                .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true));
        return http.prepareRequest(HttpExecuteRequest.builder()
                .request(signed.request())
                .contentStreamProvider(request.method() == SdkHttpMethod.GET ? null : signed.payload().orElse(null))
                .build()).call();
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted between S3 attempts", e);
        }
    }

    private static boolean retryable(FailedException failure) {
        return failure.status() == 0 || failure.status() >= 500
                || "SlowDown".equals(failure.code()) || "RequestTimeout".equals(failure.code());
    }

    /** The code of S3's XML error body; a HEAD-like answer without a body names none. */
    private static String errorCode(InputStream body) {
        if (body == null) {
            return "";
        }
        try (body) {
            var text = new String(body.readNBytes(ERROR_BODY_LIMIT), StandardCharsets.UTF_8);
            var code = CODE.matcher(text);
            return code.find() ? code.group(1).strip() : "";
        } catch (IOException e) {
            return "";
        }
    }
}

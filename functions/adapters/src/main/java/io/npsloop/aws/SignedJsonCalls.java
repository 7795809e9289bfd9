package io.npsloop.aws;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.regions.Region;

/**
 * One operation of a service that speaks the AWS JSON protocol (SSM, for one), signed with the
 * SDK's own SigV4 signer and sent with the shared HTTP client. For a function that needs a single
 * read-only call of a service whose full client would add megabytes to its jar and classes to
 * load at start-up. No retries here: callers decide what a failure means.
 */
public final class SignedJsonCalls {

    /** What the service answered: its status and JSON body (empty when it sent none). */
    public record Answer(int status, Map<String, Object> body) {
        /** The error's type as the protocol names it, e.g. {@code ParameterNotFound}, without its namespace. */
        public String errorType() {
            var type = body.get("__type") instanceof String t ? t : "";
            return type.substring(type.lastIndexOf('#') + 1);
        }
    }

    private final SdkHttpClient http;
    private final AwsCredentialsProvider credentials;
    private final Region region;
    private final URI endpoint;
    private final String signingName;
    private final String targetPrefix;
    private final String contentType;

    SignedJsonCalls(SdkHttpClient http, AwsCredentialsProvider credentials, Region region, URI endpoint, String signingName,
                    String targetPrefix, String contentType) {
        this.http = Objects.requireNonNull(http, "http");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.region = Objects.requireNonNull(region, "region");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.signingName = Objects.requireNonNull(signingName, "signingName");
        this.targetPrefix = Objects.requireNonNull(targetPrefix, "targetPrefix");
        this.contentType = Objects.requireNonNull(contentType, "contentType");
    }

    /** Where the calls go. */
    public URI endpoint() {
        return endpoint;
    }

    /**
     * Calls {@code operation} with {@code input} as its JSON body.
     *
     * @throws UncheckedIOException when the service cannot be reached or answers something that is not JSON
     */
    public Answer call(String operation, Map<String, ?> input) {
        byte[] body;
        try {
            body = JSON.std.asBytes(input);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(endpoint)
                .putHeader("Content-Type", contentType)
                .putHeader("X-Amz-Target", targetPrefix + "." + operation)
                .build();
        var signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(credentials.resolveCredentials())
                .request(request)
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, signingName)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region.id()));
        try {
            var response = http.prepareRequest(HttpExecuteRequest.builder()
                    .request(signed.request())
                    .contentStreamProvider(signed.payload().orElse(null))
                    .build()).call();
            byte[] answer = response.responseBody().isPresent() ? response.responseBody().get().readAllBytes() : new byte[0];
            Map<String, Object> json = answer.length == 0 ? Map.of() : JSON.std.mapFrom(new String(answer, StandardCharsets.UTF_8));
            return new Answer(response.httpResponse().statusCode(), json == null ? Map.of() : json);
        } catch (IOException e) {
            throw new UncheckedIOException(signingName + " " + operation + ": " + e.getMessage(), e);
        }
    }
}

package io.npsloop.aws;

import io.npsloop.config.AwsSettings;
import io.npsloop.config.Settings;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.ServiceMetadata;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Builds the AWS clients a function needs, once per container: explicit region, the light
 * URL-connection HTTP client, and the standard {@code AWS_ENDPOINT_URL} and
 * {@code AWS_ENDPOINT_URL_<SERVICE>} variables, so the same code reaches AWS or a local emulator.
 */
public final class AwsClients {

    private final Settings settings;
    private final SdkHttpClient httpClient = UrlConnectionHttpClient.create();
    private final List<ExecutionInterceptor> interceptors;

    public AwsClients(Settings settings) {
        this(settings, List.of());
    }

    /**
     * With interceptors on every client: how fault tests make calls fail in ways no emulator can
     * (throttling, a 500, a process dying after a call succeeded).
     */
    public AwsClients(Settings settings, List<ExecutionInterceptor> interceptors) {
        this.settings = settings;
        this.interceptors = List.copyOf(interceptors);
    }

    public static AwsClients fromEnvironment() {
        return new AwsClients(Settings.fromEnvironment());
    }

    public DynamoDbClient dynamoDb() {
        return configure(DynamoDbClient.builder(), "DYNAMODB").build();
    }

    /**
     * Applies region, credentials, endpoint and the shared HTTP client to any service's builder;
     * each function depends only on the service clients it uses, which keeps its jar small.
     */
    public <B extends AwsSyncClientBuilder<B, ?> & AwsClientBuilder<B, ?>> B configure(B builder, String serviceId) {
        return configure(builder, serviceId, null);
    }

    /** As {@link #configure(AwsSyncClientBuilder, String)}, with a bound on each call, SDK retries included (null: none). */
    public <B extends AwsSyncClientBuilder<B, ?> & AwsClientBuilder<B, ?>> B configure(B builder, String serviceId, Duration callTimeout) {
        builder.httpClient(httpClient);
        if (!interceptors.isEmpty() || callTimeout != null) {
            builder.overrideConfiguration(o -> {
                interceptors.forEach(o::addExecutionInterceptor);
                if (callTimeout != null) {
                    o.apiCallTimeout(callTimeout);
                }
            });
        }
        return configureEndpoint(builder, serviceId);
    }

    /**
     * Signed calls of one JSON-protocol service without its SDK client, e.g.
     * {@code jsonCalls("SSM", "ssm", "AmazonSSM")}: the endpoint from the same variables, else the
     * service's regional endpoint; the same region, credentials and HTTP client as every client.
     */
    public SignedJsonCalls jsonCalls(String serviceId, String signingName, String targetPrefix) {
        return jsonCalls(serviceId, signingName, targetPrefix, "application/x-amz-json-1.1", httpClient);
    }

    /**
     * SQS's calls, signed (see {@link SqsCalls}), each bounded by {@code callTimeout} to connect and
     * to wait for an answer, as the client's call timeout bounded it.
     */
    public SqsCalls sqs(Duration callTimeout) {
        // SQS speaks JSON 1.0, not the 1.1 of SSM and Cognito.
        var http = UrlConnectionHttpClient.builder().connectionTimeout(callTimeout).socketTimeout(callTimeout).build();
        return new SqsCalls(jsonCalls("SQS", "sqs", "AmazonSQS", "application/x-amz-json-1.0", http));
    }

    /**
     * S3's PutObject and GetObject, signed (see {@link S3Calls}): path-style at an endpoint from
     * {@code AWS_ENDPOINT_URL_S3} or {@code AWS_ENDPOINT_URL}, else the bucket's regional host.
     */
    public S3Calls s3() {
        return new S3Calls(httpClient, credentials(), region(), endpoint("S3"), S3Calls::pause);
    }

    private SignedJsonCalls jsonCalls(String serviceId, String signingName, String targetPrefix, String contentType, SdkHttpClient http) {
        var region = region();
        var uri = endpoint(serviceId).orElseGet(() ->
                URI.create("https://" + ServiceMetadata.of(signingName).endpointFor(region)));
        return new SignedJsonCalls(http, credentials(), region, uri, signingName, targetPrefix, contentType);
    }

    /** The endpoint for a service, from its own variable first, then the general one. */
    public Optional<URI> endpoint(String serviceId) {
        return settings.optional(AwsSettings.AWS_ENDPOINT_URL_SERVICE.member(serviceId))
                .or(() -> settings.optional(AwsSettings.AWS_ENDPOINT_URL))
                .map(URI::create);
    }

    private <B extends AwsClientBuilder<B, ?>> B configureEndpoint(B builder, String serviceId) {
        builder.region(region()).credentialsProvider(credentials());
        endpoint(serviceId).ifPresent(builder::endpointOverride);
        return builder;
    }

    private Region region() {
        return Region.of(settings.optional(AwsSettings.AWS_REGION)
                .or(() -> settings.optional(AwsSettings.AWS_DEFAULT_REGION))
                .orElseThrow(() -> new IllegalStateException("AWS_REGION is not set")));
    }

    private AwsCredentialsProvider credentials() {
        // Keys in the environment skip the slower provider chain. SnapStart functions get none
        // there (credentials must not be frozen into a snapshot) and use the chain's container provider.
        var keyId = settings.optional(AwsSettings.AWS_ACCESS_KEY_ID);
        var secret = settings.optional(AwsSettings.AWS_SECRET_ACCESS_KEY);
        if (keyId.isEmpty() || secret.isEmpty()) {
            return DefaultCredentialsProvider.builder().build();
        }
        var token = settings.optional(AwsSettings.AWS_SESSION_TOKEN);
        return StaticCredentialsProvider.create(token.isPresent()
                ? AwsSessionCredentials.create(keyId.get(), secret.get(), token.get())
                : AwsBasicCredentials.create(keyId.get(), secret.get()));
    }
}

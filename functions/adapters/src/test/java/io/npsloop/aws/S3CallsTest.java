package io.npsloop.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.npsloop.config.Settings;
import io.npsloop.local.LocalAws;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/** The signed S3 calls against S3 in fauxqs, read back and written with the SDK's own client; errors from a scripted server. */
class S3CallsTest {

    private final LocalAws aws = LocalAws.shared();
    private final S3Calls s3 = new AwsClients(new Settings(aws.environment())).s3();
    private final String bucket = aws.bucket("s3-calls-" + UUID.randomUUID().toString().substring(0, 8));
    private HttpServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"imports/2026 backfill.csv", "imports/a+b&c=d?e#f.csv", "imports/é ü 日本語.csv",
            "reports/~tilde/*star*(1)'s;,:@$!.json", "latest/100% done.csv"})
    void anObjectPutWithAnOddKeyIsReadBackUnderThatKey(String key) {
        s3.put(bucket, key, "text/csv; charset=utf-8", "id,who\n1,2\n".getBytes(StandardCharsets.UTF_8));

        var stored = aws.s3().getObjectAsBytes(r -> r.bucket(bucket).key(key));
        assertThat(stored.asUtf8String()).isEqualTo("id,who\n1,2\n");
        assertThat(stored.response().contentType()).isEqualTo("text/csv; charset=utf-8");
        assertThat(read(s3.get(bucket, key))).isEqualTo("id,who\n1,2\n".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anObjectTheClientPutIsReadWhole() {
        var key = "imports/from the client+" + UUID.randomUUID() + ".csv";
        aws.s3().putObject(r -> r.bucket(bucket).key(key), RequestBody.fromString("eventId,type\né,1\n"));

        assertThat(new String(read(s3.get(bucket, key)), StandardCharsets.UTF_8)).isEqualTo("eventId,type\né,1\n");
    }

    @Test
    void aPutReplacesTheObjectAndAnEmptyBodyIsAnEmptyObject() {
        s3.put(bucket, "latest/cases.csv", "text/csv", "old".getBytes(StandardCharsets.UTF_8));
        s3.put(bucket, "latest/cases.csv", "text/csv", new byte[0]);

        assertThat(aws.s3().getObjectAsBytes(r -> r.bucket(bucket).key("latest/cases.csv")).asByteArray()).isEmpty();
        assertThat(read(s3.get(bucket, "latest/cases.csv"))).isEmpty();
    }

    @Test
    void aLargeBodyGoesAndComesBackByteForByte() {
        // fauxqs takes bodies up to 11 MiB; S3 takes 5 GB in one put.
        var content = new byte[10 * 1024 * 1024 + 7];
        new Random(42).nextBytes(content);

        s3.put(bucket, "cases/date=2026-12-05/large.jsonl", "application/x-ndjson", content);

        assertThat(aws.s3().getObjectAsBytes(r -> r.bucket(bucket).key("cases/date=2026-12-05/large.jsonl")).asByteArray())
                .isEqualTo(content);
        assertThat(read(s3.get(bucket, "cases/date=2026-12-05/large.jsonl"))).isEqualTo(content);
    }

    @Test
    void aMissingObjectOrBucketThrowsWithS3sCode() {
        assertThatThrownBy(() -> s3.get(bucket, "imports/none.csv")).isInstanceOfSatisfying(S3Calls.FailedException.class, e -> {
            assertThat(e.status()).isEqualTo(404);
            assertThat(e.code()).isEqualTo("NoSuchKey");
            assertThat(e).hasMessage("S3 GetObject s3://" + bucket + "/imports/none.csv answered 404 NoSuchKey");
        });
        assertThatThrownBy(() -> s3.put(bucket + "-missing", "a.csv", "text/csv", new byte[1]))
                .isInstanceOfSatisfying(S3Calls.FailedException.class, e -> assertThat(e.code()).isEqualTo("NoSuchBucket"));
    }

    @Test
    void anUnreachableEndpointThrowsAfterTheAttempts() {
        var env = new HashMap<>(aws.environment());
        env.put("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:9");
        var unreachable = new AwsClients(new Settings(env)).s3();

        assertThatThrownBy(() -> unreachable.get(bucket, "a.csv")).isInstanceOfSatisfying(S3Calls.FailedException.class, e -> {
            assertThat(e.status()).isZero();
            assertThat(e).hasMessage("S3 GetObject s3://" + bucket + "/a.csv: unreachable");
        });
    }

    @Test
    void aRefusalIsNotTriedAgainAndThrottlingIsTriedUpToThreeTimes() throws IOException {
        var answers = new ArrayList<>(List.of(
                error(403, "AccessDenied"),
                error(503, "SlowDown"), error(503, "SlowDown"), error(503, "SlowDown"),
                error(503, "SlowDown"), error(500, "InternalError"), new Answer(200, "")));
        var requests = serve(answers);
        var sleeps = new ArrayList<Long>();
        var calls = scripted(sleeps);

        assertThatThrownBy(() -> calls.put("exports", "cases/a.csv", "text/csv", new byte[1]))
                .isInstanceOfSatisfying(S3Calls.FailedException.class, e -> {
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.code()).isEqualTo("AccessDenied");
                });
        assertThat(requests).hasSize(1);

        assertThatThrownBy(() -> calls.get("exports", "imports/a.csv"))
                .isInstanceOfSatisfying(S3Calls.FailedException.class, e -> assertThat(e.code()).isEqualTo("SlowDown"))
                .hasMessage("S3 GetObject s3://exports/imports/a.csv answered 503 SlowDown");
        assertThat(requests).hasSize(4);
        assertThat(sleeps).hasSize(2).allSatisfy(pause -> assertThat(pause).isBetween(0L, 2_000L));

        calls.put("exports", "cases/b.csv", "text/csv", "b".getBytes(StandardCharsets.UTF_8));
        assertThat(requests).hasSize(7);
    }

    @Test
    void aRequestIsSignedForS3WithItsBodysHashAndTheKeyEncodedOnce() throws Exception {
        var requests = serve(new ArrayList<>(List.of(new Answer(200, ""), new Answer(200, "content"))));
        var calls = scripted(new ArrayList<>());
        var body = "eventId,type\n".getBytes(StandardCharsets.UTF_8);

        calls.put("exports", "imports/a b+c/é.csv", "text/csv", body);
        assertThat(read(calls.get("exports", "imports/a b+c/é.csv"))).isEqualTo("content".getBytes(StandardCharsets.UTF_8));

        var put = requests.get(0);
        assertThat(put.method()).isEqualTo("PUT");
        assertThat(put.rawPath()).isEqualTo("/exports/imports/a%20b%2Bc/%C3%A9.csv");
        assertThat(put.header("content-type")).isEqualTo("text/csv");
        assertThat(put.header("x-amz-content-sha256"))
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)));
        assertThat(put.header("authorization")).startsWith("AWS4-HMAC-SHA256 Credential=local/")
                .contains("/us-east-1/s3/aws4_request", "content-type", "x-amz-content-sha256", "x-amz-date");
        assertThat(put.body()).isEqualTo(body);
        assertThat(requests.get(1).method()).isEqualTo("GET");
        assertThat(requests.get(1).body()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"imports/2026 backfill.csv", "imports/a+b&c=d?e#f.csv", "imports/é ü 日本語.csv",
            "reports/~tilde/*star*(1)'s;,:@$!.json", "latest/100% done.csv", "a//b/./c.csv"})
    void aKeyIsSentAsTheSdksOwnS3ClientSendsIt(String key) throws IOException {
        var requests = serve(new ArrayList<>(List.of(new Answer(200, ""), new Answer(200, ""))));
        var endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        try (var client = software.amazon.awssdk.services.s3.S3Client.builder().region(Region.US_EAST_1).endpointOverride(endpoint)
                .forcePathStyle(true).credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            client.putObject(r -> r.bucket("exports").key(key), RequestBody.fromString("x"));
        }
        scripted(new ArrayList<>()).put("exports", key, "text/csv", "x".getBytes(StandardCharsets.UTF_8));

        assertThat(requests.get(1).rawPath()).isEqualTo(requests.get(0).rawPath());
    }

    @Test
    void onAwsABucketIsItsOwnHostUnlessItsNameCannotBe() {
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("k", "s"));
        var onAws = new S3Calls(UrlConnectionHttpClient.create(), credentials, Region.EU_WEST_1, Optional.empty(), millis -> {});
        var inChina = new S3Calls(UrlConnectionHttpClient.create(), credentials, Region.CN_NORTH_1, Optional.empty(), millis -> {});

        assertThat(onAws.objectUri("nps-loop-exports-1f2e", "imports/a b.csv"))
                .isEqualTo(URI.create("https://nps-loop-exports-1f2e.s3.eu-west-1.amazonaws.com/imports/a%20b.csv"));
        assertThat(onAws.objectUri("exports.example.com", "latest/cases.csv"))
                .isEqualTo(URI.create("https://s3.eu-west-1.amazonaws.com/exports.example.com/latest/cases.csv"));
        assertThat(inChina.objectUri("exports", "a.csv")).isEqualTo(URI.create("https://exports.s3.cn-north-1.amazonaws.com.cn/a.csv"));
        assertThat(s3.objectUri("exports", "a.csv")).isEqualTo(URI.create(aws.s3Endpoint().toString().replaceAll("/+$", "") + "/exports/a.csv"));
    }

    private record Answer(int status, String body) {}

    private record Seen(String method, String rawPath, java.util.Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name);
        }
    }

    private static Answer error(int status, String code) {
        return new Answer(status, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code
                + "</Code><Message>scripted</Message><RequestId>r-1</RequestId></Error>");
    }

    /** A server answering each request with the next answer, recording what it received. */
    private List<Seen> serve(List<Answer> answers) throws IOException {
        var seen = new CopyOnWriteArrayList<Seen>();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            var headers = new HashMap<String, String>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(java.util.Locale.ROOT), values.get(0)));
            seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), headers,
                    exchange.getRequestBody().readAllBytes()));
            var answer = answers.remove(0);
            var bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        return seen;
    }

    private S3Calls scripted(List<Long> sleeps) {
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
        var endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        return new S3Calls(UrlConnectionHttpClient.create(), credentials, Region.US_EAST_1, Optional.of(endpoint), sleeps::add);
    }

    private static byte[] read(InputStream stream) {
        try (stream) {
            return stream.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.npsloop.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.npsloop.aws.AwsClients;
import io.npsloop.config.Settings;
import io.npsloop.local.MutableClock;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * The signed GetParameter call against moto's SSM (the machine image's {@code moto_server}): the
 * SDK's SSM client writes the parameters, as an operator's tooling would, and the secrets are read
 * back the way the function reads them.
 */
class SsmWebhookSecretsTest {

    private static Process moto;
    private static URI endpoint;
    private static SsmClient operator;

    /** A moto_server on a free loopback port, up and answering. */
    private record Moto(Process process, URI endpoint) {}

    private static Moto startMoto() throws Exception {
        var executable = System.getenv().getOrDefault("MOTO_SERVER", "moto_server");
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Process process = null;
        try {
            process = new ProcessBuilder(executable, "-H", "127.0.0.1", "-p", Integer.toString(port))
                    .redirectErrorStream(true).redirectOutput(Files.createTempFile("moto", ".log").toFile()).start();
        } catch (IOException e) {
            Assumptions.abort("moto_server is not installed here (" + e.getMessage() + ")");
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!listening(port)) {
            assertThat(System.nanoTime()).as("moto_server started on %d", port).isLessThan(deadline);
            assertThat(process.isAlive()).as("moto_server is running").isTrue();
            Thread.sleep(100);
        }
        return new Moto(process, URI.create("http://127.0.0.1:" + port));
    }

    private static SsmClient operator(URI at) {
        return SsmClient.builder().region(Region.US_EAST_1).endpointOverride(at)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    @BeforeAll
    static void start() throws Exception {
        var started = startMoto();
        moto = started.process();
        endpoint = started.endpoint();
        operator = operator(endpoint);
    }

    @AfterAll
    static void stopMoto() {
        if (operator != null) {
            operator.close();
        }
        if (moto != null) {
            moto.destroy();
        }
    }

    private static boolean listening(int port) {
        try (var socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static SsmWebhookSecrets secrets(URI at, String prefix, Clock clock) {
        var settings = new Settings(Map.of("AWS_REGION", "us-east-1", "AWS_ACCESS_KEY_ID", "test",
                "AWS_SECRET_ACCESS_KEY", "test", "AWS_ENDPOINT_URL_SSM", at.toString()));
        return new SsmWebhookSecrets(new AwsClients(settings).jsonCalls("SSM", "ssm", "AmazonSSM"), prefix,
                Duration.ofMinutes(5), clock);
    }

    private static String prefix() {
        return "/nps-loop-" + UUID.randomUUID().toString().substring(0, 8) + "/webhook-secrets/";
    }

    @Test
    void aSecureStringIsReadDecryptedAndKeptForItsMaxAge() {
        var prefix = prefix();
        operator.putParameter(r -> r.name(prefix + "typeform").value("first-secret").type(ParameterType.SECURE_STRING));
        var clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
        var secrets = secrets(endpoint, prefix, clock);

        assertThat(secrets.secretFor("typeform")).hasValue("first-secret");
        operator.putParameter(r -> r.name(prefix + "typeform").value("rotated").type(ParameterType.SECURE_STRING).overwrite(true));
        assertThat(secrets.secretFor("typeform")).as("within the cache's five minutes").hasValue("first-secret");
        clock.advance(Duration.ofMinutes(6));
        assertThat(secrets.secretFor("typeform")).as("after them").hasValue("rotated");
    }

    @Test
    void aMissingParameterIsNoSecretAndIsLookedUpAgainNextTime() {
        var prefix = prefix();
        var secrets = secrets(endpoint, prefix, Clock.systemUTC());

        assertThat(secrets.secretFor("delighted")).isEmpty();
        operator.putParameter(r -> r.name(prefix + "delighted").value("created-later").type(ParameterType.SECURE_STRING));
        assertThat(secrets.secretFor("delighted")).hasValue("created-later");
    }

    @Test
    void whenSsmCannotBeReachedAKnownSecretIsKeptAndAnUnknownOneIsAnError() throws Exception {
        // A moto of its own, stopped half-way: SSM going away under a running function.
        var own = startMoto();
        try (var ownOperator = operator(own.endpoint())) {
            var prefix = prefix();
            ownOperator.putParameter(r -> r.name(prefix + "generic").value("whsec_known").type(ParameterType.SECURE_STRING));
            var clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
            var secrets = secrets(own.endpoint(), prefix, clock);
            assertThat(secrets.secretFor("generic")).hasValue("whsec_known");

            own.process().destroy();
            own.process().waitFor();
            clock.advance(Duration.ofMinutes(10));

            assertThat(secrets.secretFor("generic")).as("the secret it had still verifies webhooks").hasValue("whsec_known");
            assertThatThrownBy(() -> secrets.secretFor("typeform")).isInstanceOf(io.npsloop.aws.SsmParameters.UnavailableException.class)
                    .hasMessage("SSM unreachable");
        } finally {
            own.process().destroy();
        }
    }
}

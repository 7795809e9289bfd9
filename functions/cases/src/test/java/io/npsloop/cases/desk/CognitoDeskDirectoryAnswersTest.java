package io.npsloop.cases.desk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.jr.ob.JSON;
import com.sun.net.httpserver.HttpServer;
import io.npsloop.aws.AwsClients;
import io.npsloop.aws.SignedJsonCalls;
import io.npsloop.config.Settings;
import io.npsloop.domain.desk.Role;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the Cognito adapter makes of each answer, against an endpoint that answers as scripted:
 * the requests it signs and pages, the errors that mean something to the desk, the ones tried
 * again, and every other one as a {@link CognitoDeskDirectory.CognitoError} (which the desk
 * answers with 503).
 */
class CognitoDeskDirectoryAnswersTest {

    private record Reply(int status, String body) {}

    private record Request(String target, String contentType, String authorization, Map<String, Object> body) {}

    private HttpServer server;
    private final Deque<Reply> replies = new ArrayDeque<>();
    private final List<Request> requests = new ArrayList<>();
    private final AtomicInteger made = new AtomicInteger();
    private CognitoDeskDirectory directory;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                var headers = exchange.getRequestHeaders();
                requests.add(new Request(headers.getFirst("x-amz-target"), headers.getFirst("content-type"),
                        headers.getFirst("authorization"), JSON.std.mapFrom(exchange.getRequestBody())));
                var reply = replies.isEmpty() ? new Reply(500, "{\"__type\":\"InternalErrorException\"}") : replies.poll();
                var body = reply.body().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("content-type", "application/x-amz-json-1.1");
                exchange.sendResponseHeaders(reply.status(), body.length);
                exchange.getResponseBody().write(body);
            }
        });
        server.start();
        directory = new CognitoDeskDirectory(calls("http://127.0.0.1:" + server.getAddress().getPort()), "eu-west-1_desk", 2);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private Supplier<SignedJsonCalls> calls(String endpoint) {
        var clients = new AwsClients(new Settings(Map.of("AWS_REGION", "eu-west-1", "AWS_ACCESS_KEY_ID", "key",
                "AWS_SECRET_ACCESS_KEY", "secret", "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER", endpoint)));
        return () -> {
            made.incrementAndGet();
            return clients.jsonCalls("COGNITO_IDENTITY_PROVIDER", "cognito-idp", "AWSCognitoIdentityProviderService");
        };
    }

    private void answer(int status, String body) {
        replies.add(new Reply(status, body));
    }

    private void error(int status, String type) {
        answer(status, "{\"__type\":\"" + type + "\",\"message\":\"User agent@example.com: no.\"}");
    }

    private List<String> actions() {
        return requests.stream().map(r -> r.target().substring(r.target().indexOf('.') + 1)).toList();
    }

    @Test
    void theCallsAreSetUpAtTheFirstOneSignedAndPagedByNextToken() {
        assertThat(made).hasValue(0);
        answer(200, "{\"Groups\":[{\"GroupName\":\"agent\"},{\"GroupName\":\"team-support\"}],\"NextToken\":\"t1\"}");
        answer(200, "{\"Groups\":[{\"GroupName\":\"other\"}],\"NextToken\":\"\"}");
        answer(200, "{\"Users\":[{\"Username\":\"u1\",\"Enabled\":true,\"Attributes\":[{\"Name\":\"sub\",\"Value\":\"s1\"},"
                + "{\"Name\":\"email\",\"Value\":\"a@example.com\"},{\"Name\":\"name\",\"Value\":\"A\"}]}]}");
        answer(200, "{\"Users\":[{\"Username\":\"u1\",\"Enabled\":false,\"Attributes\":[{\"Name\":\"sub\",\"Value\":\"s1\"}]}]}");

        var staff = directory.staff();

        assertThat(made).hasValue(1);
        assertThat(staff.teamNames()).containsExactly("support");
        assertThat(staff.people()).singleElement().satisfies(person -> {
            assertThat(person.subject()).isEqualTo("s1");
            assertThat(person.email()).isEqualTo("a@example.com");
            assertThat(person.roles()).containsExactly(Role.AGENT);
            assertThat(person.teams()).containsExactly("support");
            assertThat(person.enabled()).as("as the first group's listing has it").isTrue();
        });
        assertThat(actions()).containsExactly("ListGroups", "ListGroups", "ListUsersInGroup", "ListUsersInGroup");
        assertThat(requests).allSatisfy(r -> {
            assertThat(r.target()).startsWith("AWSCognitoIdentityProviderService.");
            assertThat(r.contentType()).isEqualTo("application/x-amz-json-1.1");
            assertThat(r.authorization()).startsWith("AWS4-HMAC-SHA256 Credential=key/").contains("/eu-west-1/cognito-idp/aws4_request");
            assertThat(r.body()).containsEntry("UserPoolId", "eu-west-1_desk").containsEntry("Limit", 2);
        });
        assertThat(requests.get(0).body()).doesNotContainKey("NextToken");
        assertThat(requests.get(1).body()).containsEntry("NextToken", "t1");
        assertThat(requests.get(2).body()).containsEntry("GroupName", "agent");
        assertThat(requests.get(3).body()).containsEntry("GroupName", "team-support");
    }

    @Test
    void anUnknownUserIsNoPersonAndNoChange() {
        error(400, "UserNotFoundException");
        assertThat(directory.person("nobody@example.com")).isEmpty();
        error(400, "UserNotFoundException");
        assertThat(directory.grant("nobody@example.com", Role.LEAD)).isFalse();
        error(400, "UserNotFoundException");
        assertThat(directory.revoke("nobody@example.com", Role.LEAD)).isFalse();
        assertThat(actions()).containsExactly("AdminGetUser", "AdminAddUserToGroup", "AdminRemoveUserFromGroup");
        assertThat(requests.get(1).body()).containsEntry("Username", "nobody@example.com").containsEntry("GroupName", "lead");
    }

    @Test
    void aTeamMadeByAnotherCallMeanwhileIsThere() {
        error(400, "ResourceNotFoundException");
        error(400, "GroupExistsException");
        answer(200, "{}");
        assertThat(directory.addToTeam("agent@example.com", "billing")).isTrue();
        assertThat(actions()).containsExactly("AdminAddUserToGroup", "CreateGroup", "AdminAddUserToGroup");
        assertThat(requests.get(1).body()).containsEntry("GroupName", "team-billing")
                .containsEntry("Description", "Team billing, made at the desk.");
    }

    @Test
    void anyOtherErrorIsACognitoErrorNamingItsTypeNotItsMessage() {
        error(400, "NotAuthorizedException");
        assertThatThrownBy(() -> directory.grant("agent@example.com", Role.LEAD))
                .isInstanceOfSatisfying(CognitoDeskDirectory.CognitoError.class, e -> {
                    assertThat(e.type()).isEqualTo("NotAuthorizedException");
                    assertThat(e.getMessage()).isEqualTo("Cognito AdminAddUserToGroup answered 400 NotAuthorizedException");
                });
        error(400, "InvalidParameterException");
        assertThatThrownBy(() -> directory.addToTeam("agent@example.com", "billing"))
                .isInstanceOfSatisfying(CognitoDeskDirectory.CognitoError.class, e -> assertThat(e.type()).isEqualTo("InvalidParameterException"));
        assertThat(requests).as("a refusal is not tried again").hasSize(2);
    }

    @Test
    void aThrottledOrFailingCallIsTriedAgainThenGivenUp() {
        error(400, "TooManyRequestsException");
        error(500, "InternalErrorException");
        answer(200, "{\"Groups\":[]}");
        assertThat(directory.staff().people()).isEmpty();
        assertThat(requests).hasSize(3);

        requests.clear();
        error(400, "TooManyRequestsException");
        error(400, "TooManyRequestsException");
        error(400, "TooManyRequestsException");
        error(400, "TooManyRequestsException");
        assertThatThrownBy(directory::staff).isInstanceOfSatisfying(CognitoDeskDirectory.CognitoError.class,
                e -> assertThat(e.type()).isEqualTo("TooManyRequestsException"));
        assertThat(requests).hasSize(CognitoDeskDirectory.ATTEMPTS);
    }

    @Test
    void aPoolThatCannotBeReachedIsACognitoErrorWithoutAType() {
        server.stop(0);
        var unreachable = new CognitoDeskDirectory(calls("http://127.0.0.1:" + server.getAddress().getPort()), "eu-west-1_desk");
        assertThatThrownBy(() -> unreachable.person("agent@example.com"))
                .isInstanceOfSatisfying(CognitoDeskDirectory.CognitoError.class, e -> {
                    assertThat(e.type()).isEmpty();
                    assertThat(e.getMessage()).isEqualTo("Cognito AdminGetUser unreachable");
                    assertThat(e.getCause()).isInstanceOf(UncheckedIOException.class);
                });
    }
}

package io.npsloop.cases.desk;

import static org.assertj.core.api.Assertions.assertThat;

import io.npsloop.aws.AwsClients;
import io.npsloop.config.Settings;
import io.npsloop.domain.desk.DeskDirectory;
import io.npsloop.domain.desk.DeskPerson;
import io.npsloop.domain.desk.DeskStaff;
import io.npsloop.domain.desk.Role;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The people and teams routes where the directory is missing or failing, and what they take as an email. */
class DeskTeamsTest {

    private static TestIssuer issuer;
    private static BearerDeskUsers users;

    @BeforeAll
    static void issuer() throws Exception {
        issuer = new TestIssuer();
        users = BearerDeskUsers.of(new Settings(Map.of("DESK_ISSUER", issuer.issuer(), "DESK_CLIENT_ID", TestIssuer.CLIENT_ID)));
    }

    @AfterAll
    static void stop() {
        issuer.close();
    }

    private static Map<String, String> bearer(String subject, List<String> groups) throws Exception {
        return Map.of("authorization", "Bearer " + issuer.accessToken(subject, groups));
    }

    /** A directory whose every call fails, as the user pool does when it cannot be reached. */
    private static final DeskDirectory DOWN = new DeskDirectory() {
        public DeskStaff staff() { throw new IllegalStateException("down"); }
        public Optional<DeskPerson> person(String email) { throw new IllegalStateException("down"); }
        public boolean addToTeam(String email, String team) { throw new IllegalStateException("down"); }
        public boolean removeFromTeam(String email, String team) { throw new IllegalStateException("down"); }
        public boolean grant(String email, Role role) { throw new IllegalStateException("down"); }
        public boolean revoke(String email, Role role) { throw new IllegalStateException("down"); }
    };

    @Test
    void withoutAUserPoolTheRoutesSayItIsNotConfiguredButStillCheckWhoAsks() throws Exception {
        var teams = new DeskTeams(users, Optional.empty());
        var admin = bearer("sub-admin", List.of("admin"));
        assertThat(teams.teams(admin).status()).isEqualTo(503);
        assertThat(teams.teams(admin).outcome()).isEqualTo("directory-not-configured");
        assertThat(teams.teams(bearer("sub-agent", List.of("agent"))).status()).isEqualTo(403);
        assertThat(teams.teams(Map.of()).status()).isEqualTo(401);
        var changes = new ArrayList<DeskTeams.Change>();
        assertThat(teams.member(admin, "billing", "a@example.com", true, changes::add).status()).isEqualTo(503);
        assertThat(changes).isEmpty();
    }

    @Test
    void aFailingUserPoolIsA503ToRetryAndNothingIsLoggedAsChanged() throws Exception {
        var teams = new DeskTeams(users, Optional.of(DOWN));
        var changes = new ArrayList<DeskTeams.Change>();
        var answer = teams.role(bearer("sub-admin", List.of("admin")), "a@example.com", "lead", true, changes::add);
        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.headers()).containsKey("retry-after");
        assertThat(answer.failure()).startsWith("directory: IllegalStateException");
        assertThat(teams.people(bearer("sub-agent", List.of("agent")), null).status()).isEqualTo(503);
        assertThat(changes).isEmpty();
    }

    @Test
    void cognitosAnswersReachTheRoutesAsTheDirectoryMeansThem() throws Exception {
        // A pool where nobody is found and listing groups is refused, as an IAM policy that lacks ListGroups would.
        issuer.server().createContext("/cognito", exchange -> {
            try (exchange) {
                var target = exchange.getRequestHeaders().getFirst("x-amz-target");
                var type = target.endsWith(".AdminGetUser") ? "UserNotFoundException" : "AccessDeniedException";
                var body = ("{\"__type\":\"" + type + "\",\"message\":\"no\"}").getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(400, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        var settings = new Settings(Map.of("AWS_REGION", "eu-west-1", "AWS_ACCESS_KEY_ID", "key",
                "AWS_SECRET_ACCESS_KEY", "secret", "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER",
                issuer.baseUrl() + "/cognito", "DESK_USER_POOL_ID", "eu-west-1_desk"));
        var teams = new DeskTeams(users, CognitoDeskDirectory.of(settings, new AwsClients(settings)));
        var admin = bearer("sub-admin", List.of("admin"));
        var changes = new ArrayList<DeskTeams.Change>();

        var unknown = teams.role(admin, "nobody@example.com", "lead", true, changes::add);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.outcome()).isEqualTo("unknown-person");

        var refused = teams.teams(admin);
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.outcome()).isEqualTo("directory-unavailable");
        assertThat(refused.failure()).isEqualTo("directory: CognitoError");
        assertThat(changes).isEmpty();
    }

    @Test
    void anEmailIsTakenAsTheGatewayGivesItEncodedOrNot() {
        assertThat(DeskTeams.address("maria@example.com")).isEqualTo("maria@example.com");
        assertThat(DeskTeams.address("maria%40example.com")).isEqualTo("maria@example.com");
        assertThat(DeskTeams.address("maria+desk@example.com")).isEqualTo("maria+desk@example.com");
        assertThat(DeskTeams.address("maria%2Bdesk%40example.com")).isEqualTo("maria+desk@example.com");
        assertThat(DeskTeams.address("maria")).isNull();
        assertThat(DeskTeams.address("a b@example.com")).isNull();
        assertThat(DeskTeams.address(null)).isNull();
    }
}

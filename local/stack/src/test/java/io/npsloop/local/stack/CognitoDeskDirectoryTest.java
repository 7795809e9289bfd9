package io.npsloop.local.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.npsloop.aws.AwsClients;
import io.npsloop.cases.desk.CognitoDeskDirectory;
import io.npsloop.config.Settings;
import io.npsloop.domain.desk.DeskDirectory;
import io.npsloop.domain.desk.DeskPerson;
import io.npsloop.domain.desk.DeskTeam;
import io.npsloop.domain.desk.Role;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;

/**
 * The Cognito adapter of the desk's directory with its signed calls over HTTP, against the local
 * issuer's stand-in for the user pool's admin API: the same requests, answers and errors the
 * adapter meets in AWS. Pages of one, so every list call walks its pages. The SDK's own Cognito
 * client (on the test path only, through the emulators) reads the stand-in's answers too, as a
 * witness that they are shaped as Cognito's.
 */
class CognitoDeskDirectoryTest {

    private HttpServer server;
    private LocalIssuer issuer;
    private CognitoIdentityProviderClient client;
    private DeskDirectory directory;
    private DeskDirectory elsewhere;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        var base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        issuer = new LocalIssuer(base, LocalIssuer.USERS, Clock.systemUTC());
        server.createContext(LocalIssuer.PATH + "/", issuer::serve);
        server.start();
        var env = new java.util.HashMap<>(issuer.environment());
        env.putAll(Map.of("AWS_REGION", "eu-west-1", "AWS_ACCESS_KEY_ID", "local", "AWS_SECRET_ACCESS_KEY", "local"));
        var clients = new AwsClients(new Settings(env));
        client = clients.configure(CognitoIdentityProviderClient.builder(), "COGNITO_IDENTITY_PROVIDER").build();
        directory = new CognitoDeskDirectory(() -> clients.jsonCalls("COGNITO_IDENTITY_PROVIDER", "cognito-idp",
                "AWSCognitoIdentityProviderService"), env.get("DESK_USER_POOL_ID"), 1);
        // The function's own wiring, at the same endpoint, for a pool that is not there.
        env.put("DESK_USER_POOL_ID", "eu-west-1_other");
        elsewhere = CognitoDeskDirectory.of(new Settings(env), clients).orElseThrow();
    }

    @AfterEach
    void stop() {
        client.close();
        server.stop(0);
    }

    @Test
    void theStaffAreEveryoneInADeskGroupWithTheirRolesAndTeams() {
        var staff = directory.staff();
        assertThat(staff.teamNames()).containsExactly("support");
        assertThat(staff.people()).extracting(DeskPerson::email).containsExactly("admin@example.com", "agent@example.com", "lead@example.com");
        var agent = staff.people().get(1);
        assertThat(agent).isEqualTo(new DeskPerson("local-agent-0001", "agent@example.com", "Alex Agent",
                java.util.Set.of(Role.AGENT), java.util.Set.of("support"), true));
        assertThat(staff.teams()).extracting(DeskTeam::name).containsExactly("support");
        assertThat(staff.teams().get(0).members()).extracting(DeskPerson::email).containsExactly("agent@example.com", "lead@example.com");
    }

    @Test
    void aPersonIsFoundByTheEmailTheySignInWithInAnyCase() {
        assertThat(directory.person("LEAD@example.com")).hasValueSatisfying(lead -> {
            assertThat(lead.subject()).isEqualTo("local-lead-0001");
            assertThat(lead.roles()).containsExactly(Role.LEAD);
            assertThat(lead.teams()).containsExactly("support");
        });
        assertThat(directory.person("nobody@example.com")).isEmpty();
    }

    @Test
    void addingToANewTeamMakesItsGroupAndDoingItAgainChangesNothing() {
        assertThat(directory.addToTeam("agent@example.com", "billing")).isTrue();
        assertThat(directory.addToTeam("agent@example.com", "billing")).isTrue();
        assertThat(client.listGroups(r -> r.userPoolId(LocalIssuer.POOL_ID)).groups())
                .filteredOn(g -> g.groupName().equals("team-billing")).singleElement()
                .satisfies(g -> assertThat(g.description()).isEqualTo("Team billing, made at the desk."));
        assertThat(directory.person("agent@example.com").orElseThrow().teams()).containsExactlyInAnyOrder("billing", "support");
        assertThat(directory.staff().teams()).extracting(DeskTeam::name).containsExactly("billing", "support");

        assertThat(directory.removeFromTeam("agent@example.com", "billing")).isTrue();
        assertThat(directory.removeFromTeam("agent@example.com", "billing")).isTrue();
        assertThat(directory.person("agent@example.com").orElseThrow().teams()).containsExactly("support");
        assertThat(directory.staff().teams()).as("an empty team stays").extracting(DeskTeam::name).containsExactly("billing", "support");
        assertThat(directory.removeFromTeam("agent@example.com", "never-made")).as("a team that was never made").isTrue();
    }

    @Test
    void rolesAreGivenAndTakenAndTheNextSignInCarriesThem() {
        assertThat(directory.grant("agent@example.com", Role.LEAD)).isTrue();
        assertThat(directory.person("agent@example.com").orElseThrow().roles()).containsExactlyInAnyOrder(Role.AGENT, Role.LEAD);
        assertThat(directory.revoke("agent@example.com", Role.AGENT)).isTrue();
        assertThat(directory.person("agent@example.com").orElseThrow().roles()).containsExactly(Role.LEAD);
        assertThat(directory.staff().assignable(0).people()).extracting(DeskPerson::email).contains("agent@example.com");
    }

    @Test
    void anUnknownPersonChangesNothingAndIsSaidToBeUnknown() {
        assertThat(directory.addToTeam("nobody@example.com", "billing")).isFalse();
        assertThat(directory.removeFromTeam("nobody@example.com", "support")).isFalse();
        assertThat(directory.removeFromTeam("nobody@example.com", "never-made")).isFalse();
        assertThat(directory.grant("nobody@example.com", Role.ADMIN)).isFalse();
        assertThat(directory.revoke("nobody@example.com", Role.ADMIN)).isFalse();
    }

    @Test
    void anotherPoolIsNotThere() {
        org.assertj.core.api.Assertions.assertThatThrownBy(elsewhere::staff).isInstanceOfSatisfying(CognitoDeskDirectory.CognitoError.class,
                e -> assertThat(e.type()).isEqualTo("ResourceNotFoundException"));
    }
}

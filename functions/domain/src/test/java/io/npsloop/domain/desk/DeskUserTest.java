package io.npsloop.domain.desk;

import static io.npsloop.domain.desk.Permission.CHANGE_CASES;
import static io.npsloop.domain.desk.Permission.MANAGE_TEAMS;
import static io.npsloop.domain.desk.Permission.REASSIGN;
import static io.npsloop.domain.desk.Permission.SEE_CASES;
import static io.npsloop.domain.desk.Permission.SEE_LEAD_VIEW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class DeskUserTest {

    static Stream<Arguments> theTable() {
        return Stream.of(
                Arguments.of(List.of("agent"), EnumSet.of(SEE_CASES, CHANGE_CASES)),
                Arguments.of(List.of("lead"), EnumSet.of(SEE_CASES, CHANGE_CASES, REASSIGN, SEE_LEAD_VIEW)),
                Arguments.of(List.of("admin"), EnumSet.of(MANAGE_TEAMS)),
                Arguments.of(List.of("agent", "admin"), EnumSet.of(SEE_CASES, CHANGE_CASES, MANAGE_TEAMS)),
                Arguments.of(List.of("lead", "admin", "agent"), EnumSet.allOf(Permission.class)),
                Arguments.of(List.of(), EnumSet.noneOf(Permission.class)),
                // Near misses grant nothing.
                Arguments.of(List.of("Admin", "LEAD", " agent", "agents", "team-admin"), EnumSet.noneOf(Permission.class)));
    }

    @ParameterizedTest
    @MethodSource("theTable")
    void eachGroupGrantsItsRolesPermissionsAndNothingElse(List<String> groups, Set<Permission> allowed) {
        var user = DeskUser.fromClaims("sub-1", "a@example.com", "A", groups);
        assertThat(user.permissions()).isEqualTo(allowed);
        for (var permission : Permission.values()) {
            assertThat(user.may(permission)).as("%s with %s", permission, groups).isEqualTo(allowed.contains(permission));
        }
    }

    @Test
    void someoneInNoDeskGroupMayDoNothing() {
        for (var groups : Arrays.asList(null, List.<String>of(), List.of("team-billing", "Everyone"))) {
            var user = DeskUser.fromClaims("sub-2", null, null, groups);
            assertThat(user.hasRole()).isFalse();
            assertThat(user.roles()).isEmpty();
            assertThat(Permission.values()).noneMatch(user::may);
        }
    }

    @Test
    void teamsComeFromGroupsNamedTeamDashName() {
        var user = DeskUser.fromClaims("sub-3", null, null,
                List.of("agent", "team-billing", "team-emea-1", "team-", "team-Sales", "team-" + "x".repeat(41), "teams-x"));
        assertThat(user.roles()).containsExactly(Role.AGENT);
        assertThat(user.teams()).containsExactlyInAnyOrder("billing", "emea-1");
    }

    @Test
    void aUserHasASubject() {
        assertThatThrownBy(() -> DeskUser.fromClaims(" ", null, null, List.of("agent"))).isInstanceOf(IllegalArgumentException.class);
        assertThat(new DeskUser("s", "e", "n", Set.of(Role.LEAD), Set.of("x")).may(REASSIGN)).isTrue();
    }
}

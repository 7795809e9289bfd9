package io.npsloop.domain.desk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeskStaffTest {

    private static DeskPerson person(String id, boolean enabled, String... groups) {
        return DeskPerson.of("sub-" + id, id + "@example.com", "Name " + id, enabled, List.of(groups));
    }

    @Test
    void teamsAreListedByNameWithTheirMembersEvenWhenEmpty() {
        var staff = new DeskStaff(Set.of("support", "billing", "empty"), List.of(
                person("b", true, "agent", "team-billing"), person("a", true, "lead", "team-billing", "team-support")));
        assertThat(staff.teams()).extracting(DeskTeam::name).containsExactly("billing", "empty", "support");
        assertThat(staff.teams().get(0).members()).extracting(DeskPerson::email).containsExactly("a@example.com", "b@example.com");
        assertThat(staff.teams().get(1).members()).isEmpty();
    }

    @Test
    void onlyEnabledPeopleWhoMayWorkCasesAreAssignable() {
        var staff = new DeskStaff(Set.of(), List.of(person("agent", true, "agent"), person("lead", true, "lead"),
                person("admin", true, "admin", "team-x"), person("gone", false, "agent"), person("team-only", true, "team-x")));
        assertThat(staff.assignable(0).people()).extracting(DeskPerson::email).containsExactly("agent@example.com", "lead@example.com");
        assertThat(staff.assignable(0).next()).isNull();
    }

    @Test
    void assignablePeopleComeAPageAtATime() {
        var people = new ArrayList<DeskPerson>();
        for (int i = 0; i < DeskStaff.PAGE + 5; i++) {
            people.add(person(String.format("p%03d", i), true, "agent"));
        }
        var staff = new DeskStaff(Set.of(), people);
        var first = staff.assignable(0);
        assertThat(first.people()).hasSize(DeskStaff.PAGE);
        assertThat(first.next()).isEqualTo(DeskStaff.PAGE);
        var second = staff.assignable(first.next());
        assertThat(second.people()).hasSize(5).first().extracting(DeskPerson::email).isEqualTo("p100@example.com");
        assertThat(second.next()).isNull();
        assertThat(staff.assignable(10_000).people()).isEmpty();
    }

    @Test
    void aPersonsRolesAndTeamsComeFromTheirGroupsAndChangeOneAtATime() {
        var person = person("x", true, "agent", "team-billing", "Admin", "team-Bad");
        assertThat(person.roles()).containsExactly(Role.AGENT);
        assertThat(person.teams()).containsExactly("billing");
        assertThat(person.inTeam("support", true).teams()).containsExactlyInAnyOrder("billing", "support");
        assertThat(person.inTeam("billing", false).teams()).isEmpty();
        assertThat(person.withRole(Role.ADMIN, true).may(Permission.MANAGE_TEAMS)).isTrue();
        assertThat(person.withRole(Role.AGENT, false).roles()).isEmpty();
    }

    @Test
    void teamNamesAreCheckedAsTokensReadThem() {
        assertThat(DeskUser.isTeamName("billing-eu-2")).isTrue();
        assertThat(DeskUser.isTeamName("Billing")).isFalse();
        assertThat(DeskUser.isTeamName("-billing")).isFalse();
        assertThat(DeskUser.isTeamName("a".repeat(41))).isFalse();
        assertThat(DeskUser.teamGroup("billing")).isEqualTo("team-billing");
        assertThatThrownBy(() -> DeskUser.teamGroup("no such")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DeskTeam("Bad", List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}

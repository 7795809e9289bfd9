package io.npsloop.domain.desk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeskUserTest {

    private static Set<Permission> may(Role... roles) {
        var user = new DeskUser("sub", "a@team.example", null, Set.of(roles), Set.of());
        var granted = EnumSet.noneOf(Permission.class);
        for (var permission : Permission.values()) {
            if (user.may(permission)) {
                granted.add(permission);
            }
        }
        return granted;
    }

    @Test
    void eachRoleMayWhatTheOneBeforeMayAndMore() {
        assertThat(may()).isEmpty();
        assertThat(may(Role.AGENT)).containsExactlyInAnyOrder(Permission.SEE_CASES, Permission.CHANGE_CASES);
        assertThat(may(Role.LEAD)).containsExactlyInAnyOrder(Permission.SEE_CASES, Permission.CHANGE_CASES, Permission.REASSIGN,
                Permission.SEE_LEAD_VIEW);
        assertThat(may(Role.ADMIN)).containsExactlyInAnyOrder(Permission.values());
        assertThat(may(Role.AGENT, Role.LEAD)).isEqualTo(may(Role.LEAD));
    }
}

package io.npsloop.domain.desk;

import java.util.Objects;
import java.util.Set;

/**
 * A signed-in person at the desk, as the sign-in verified them.
 *
 * @param subject the issuer's stable id for them
 * @param teams the teams they work in, by name
 */
public record DeskUser(String subject, String email, String name, Set<Role> roles, Set<String> teams) {

    public DeskUser {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(email, "email");
        name = name == null ? email : name;
        roles = Set.copyOf(roles);
        teams = Set.copyOf(teams);
    }

    public boolean may(Permission permission) {
        return roles.stream().anyMatch(role -> role.permissions().contains(permission));
    }
}

package io.npsloop.domain.desk;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * Someone with a desk account, as the directory knows them (not as a token says): who, their
 * roles and teams from the groups they are in now, and whether their account may sign in.
 *
 * @param subject the sign-in service's id of the person, as in their tokens
 * @param enabled false: the account is disabled and cannot sign in (disabling stays with the sign-in service)
 */
public record DeskPerson(String subject, String email, String name, Set<Role> roles, Set<String> teams, boolean enabled) {

    public DeskPerson {
        if (subject == null || subject.isBlank()) {
            throw new IllegalArgumentException("a desk person needs a subject");
        }
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
        teams = Set.copyOf(new TreeSet<>(teams));
    }

    /** From the groups they are in, read as a token's groups are ({@link DeskUser#fromClaims}). */
    public static DeskPerson of(String subject, String email, String name, boolean enabled, Collection<String> groups) {
        var user = DeskUser.fromClaims(subject, email, name, groups);
        return new DeskPerson(subject, email, name, user.roles(), user.teams(), enabled);
    }

    /** Whether any of their roles allows {@code permission}. */
    public boolean may(Permission permission) {
        return roles.stream().anyMatch(role -> role.permissions().contains(permission));
    }

    /** The same person after joining ({@code in}) or leaving team {@code team}. */
    public DeskPerson inTeam(String team, boolean in) {
        var changed = new TreeSet<>(teams);
        if (in) {
            changed.add(team);
        } else {
            changed.remove(team);
        }
        return new DeskPerson(subject, email, name, roles, changed, enabled);
    }

    /** The same person after being given ({@code holds}) or losing {@code role}. */
    public DeskPerson withRole(Role role, boolean holds) {
        var changed = roles.isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(roles);
        if (holds) {
            changed.add(role);
        } else {
            changed.remove(role);
        }
        return new DeskPerson(subject, email, name, changed, teams, enabled);
    }
}

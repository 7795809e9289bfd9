package io.npsloop.domain.desk;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The person signed in at the desk, as their checked token says: who (the subject, stable for
 * the life of their account; email and name as shown, either may be null), their roles and their
 * teams. Everything they may do follows from the roles alone.
 *
 * @param subject the sign-in service's id of the person; what the desk records as "by"
 * @param teams names of the teams they belong to (from groups named {@code team-<name>})
 */
public record DeskUser(String subject, String email, String name, Set<Role> roles, Set<String> teams) {

    /** The prefix of a group that stands for a team, e.g. {@code team-billing}. */
    public static final String TEAM_GROUP_PREFIX = "team-";

    private static final Pattern TEAM = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

    public DeskUser {
        if (subject == null || subject.isBlank()) {
            throw new IllegalArgumentException("a desk user needs a subject");
        }
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
        teams = Set.copyOf(new TreeSet<>(teams));
    }

    /**
     * From a token's claims: roles from the groups named after them, teams from groups named
     * {@code team-<name>} (lower-case letters, digits and dashes, at most 40); other groups mean nothing here.
     */
    public static DeskUser fromClaims(String subject, String email, String name, Collection<String> groups) {
        var roles = EnumSet.noneOf(Role.class);
        var teams = new TreeSet<String>();
        for (var group : groups == null ? Set.<String>of() : groups) {
            if (group == null) {
                continue;
            }
            Role.ofGroup(group).ifPresent(roles::add);
            if (group.startsWith(TEAM_GROUP_PREFIX) && TEAM.matcher(group.substring(TEAM_GROUP_PREFIX.length())).matches()) {
                teams.add(group.substring(TEAM_GROUP_PREFIX.length()));
            }
        }
        return new DeskUser(subject, email, name, roles, teams);
    }

    /** Whether any of their roles allows {@code permission}; someone with no role may do nothing. */
    public boolean may(Permission permission) {
        Objects.requireNonNull(permission, "permission");
        return roles.stream().anyMatch(role -> role.permissions().contains(permission));
    }

    /** Everything they may do, in the enum's order. */
    public Set<Permission> permissions() {
        var all = EnumSet.noneOf(Permission.class);
        roles.forEach(role -> all.addAll(role.permissions()));
        return all;
    }

    /** Whether they hold any desk role at all; without one, every desk route answers 403. */
    public boolean hasRole() {
        return !roles.isEmpty();
    }
}

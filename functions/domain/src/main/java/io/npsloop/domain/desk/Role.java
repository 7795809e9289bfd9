package io.npsloop.domain.desk;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A desk role, one per sign-in group of the same name (agent, lead, admin). Roles add up: a
 * person in two groups may do what either allows. Admins manage teams only; an admin who also
 * works cases is put in agent or lead as well, so running the desk and working cases stay
 * separate grants.
 */
public enum Role {
    AGENT(EnumSet.of(Permission.SEE_CASES, Permission.CHANGE_CASES)),
    LEAD(EnumSet.of(Permission.SEE_CASES, Permission.CHANGE_CASES, Permission.REASSIGN, Permission.SEE_LEAD_VIEW)),
    ADMIN(EnumSet.of(Permission.MANAGE_TEAMS));

    private final Set<Permission> permissions;

    Role(Set<Permission> permissions) {
        this.permissions = Set.copyOf(permissions);
    }

    public Set<Permission> permissions() {
        return permissions;
    }

    /** The group's name as the sign-in service spells it, e.g. {@code agent}. */
    public String group() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role a group grants, if any: exact, lower-case names only, so {@code Admin} grants nothing. */
    public static Optional<Role> ofGroup(String group) {
        for (var role : values()) {
            if (role.group().equals(group)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}

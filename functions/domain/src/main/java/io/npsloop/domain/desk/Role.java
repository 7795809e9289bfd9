package io.npsloop.domain.desk;

import java.util.EnumSet;
import java.util.Set;

/** What a person at the desk is: each role may what the one before it may, and more. */
public enum Role {
    AGENT(EnumSet.of(Permission.SEE_CASES, Permission.CHANGE_CASES)),
    LEAD(EnumSet.of(Permission.SEE_CASES, Permission.CHANGE_CASES, Permission.REASSIGN, Permission.SEE_LEAD_VIEW)),
    ADMIN(EnumSet.allOf(Permission.class));

    private final Set<Permission> permissions;

    Role(Set<Permission> permissions) {
        this.permissions = Set.copyOf(permissions);
    }

    public Set<Permission> permissions() {
        return permissions;
    }
}

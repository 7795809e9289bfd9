package io.npsloop.domain.desk;

import java.util.List;

/** A team of the desk and the people in it. */
public record DeskTeam(String name, List<DeskPerson> members) {

    public DeskTeam {
        if (!DeskUser.isTeamName(name)) {
            throw new IllegalArgumentException("not a team name");
        }
        members = List.copyOf(members);
    }
}

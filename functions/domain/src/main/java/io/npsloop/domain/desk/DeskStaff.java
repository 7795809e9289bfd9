package io.npsloop.domain.desk;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One read of the desk's directory: every team (a team may have no one in it yet) and everyone in
 * at least one desk group, a role or a team. People in no desk group are not the desk's business.
 */
public record DeskStaff(Set<String> teamNames, List<DeskPerson> people) {

    /** How many people one page of {@link #assignable(int)} holds. */
    public static final int PAGE = 100;

    private static final Comparator<DeskPerson> BY_EMAIL = Comparator
            .comparing((DeskPerson p) -> p.email() == null ? "" : p.email())
            .thenComparing(DeskPerson::subject);

    public DeskStaff {
        teamNames = Set.copyOf(new TreeSet<>(teamNames));
        people = people.stream().sorted(BY_EMAIL).toList();
    }

    /** Each team, by name, with its members by email. */
    public List<DeskTeam> teams() {
        var teams = new ArrayList<DeskTeam>();
        var names = new TreeSet<>(teamNames);
        people.forEach(person -> names.addAll(person.teams()));
        for (var name : names) {
            teams.add(new DeskTeam(name, people.stream().filter(p -> p.teams().contains(name)).toList()));
        }
        return teams;
    }

    /**
     * The people a case may be given to, {@link #PAGE} at a time from {@code from}: enabled
     * accounts whose roles let them work cases, by email.
     */
    public Page assignable(int from) {
        var all = people.stream().filter(p -> p.enabled() && p.may(Permission.CHANGE_CASES)).toList();
        int start = Math.max(0, Math.min(from, all.size()));
        int end = Math.min(all.size(), start + PAGE);
        return new Page(all.subList(start, end), end < all.size() ? end : null);
    }

    /** A page of people; {@code next} is where the next page starts, null on the last. */
    public record Page(List<DeskPerson> people, Integer next) {}
}

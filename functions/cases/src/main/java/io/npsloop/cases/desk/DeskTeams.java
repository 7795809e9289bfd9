package io.npsloop.cases.desk;

import io.npsloop.aws.DeskTokens;
import io.npsloop.domain.desk.DeskDirectory;
import io.npsloop.domain.desk.DeskPerson;
import io.npsloop.domain.desk.DeskStaff;
import io.npsloop.domain.desk.DeskTeam;
import io.npsloop.domain.desk.DeskUser;
import io.npsloop.domain.desk.Permission;
import io.npsloop.domain.desk.Role;
import io.npsloop.http.Answer;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The desk's people and teams routes: {@code GET /desk/api/people} (whom a case may be given to,
 * for anyone who sees cases), and for admins {@code GET /desk/api/teams} and putting people in
 * and out of teams and roles. Each change is handed to a sink by subject ids, for the log; an
 * answer never shows another person's data unless the route is for showing it.
 */
public final class DeskTeams {

    public static final String PEOPLE_PATH = "/desk/api/people";
    public static final String TEAMS_PATH = "/desk/api/teams";
    public static final String MEMBER_PATH = "/desk/api/teams/{team}/members/{email}";
    public static final String ROLE_PATH = "/desk/api/people/{email}/roles/{role}";

    private static final Pattern EMAIL = Pattern.compile("[^\\s@]{1,64}@[^\\s@]{1,190}");

    /** A change someone made at the desk: who (subject), what, to whom (subject), which group. */
    public record Change(String by, String change, String whom, String group) {}

    private final BearerDeskUsers users;
    private final Optional<DeskDirectory> directory;

    /** @param directory empty where no user pool is configured: every route here answers 503 */
    public DeskTeams(BearerDeskUsers users, Optional<DeskDirectory> directory) {
        this.users = users;
        this.directory = directory;
    }

    /** People a case may be given to, a page at a time, with every team's name. */
    public Answer people(Map<String, String> headers, Map<String, String> query) {
        var gate = gate(headers, Permission.SEE_CASES);
        if (gate.refusal() != null) {
            return gate.refusal();
        }
        var from = query == null ? null : query.get("from");
        if (from != null && !from.matches("[0-9]{1,6}")) {
            return Answer.problem(400, "invalid", "from is where a page starts, as the last page's next said.",
                    List.of(Map.of("field", "from", "message", "must be a whole number from a previous page's next")));
        }
        return read(staff -> {
            var page = staff.assignable(from == null ? 0 : Integer.parseInt(from));
            var body = new LinkedHashMap<String, Object>();
            body.put("people", page.people().stream().map(DeskTeams::assignee).toList());
            body.put("teams", staff.teams().stream().map(DeskTeam::name).toList());
            body.put("next", page.next());
            return Answer.json(200, "people", body);
        });
    }

    /** Every team with its members, and everyone in a desk group with their roles (admins). */
    public Answer teams(Map<String, String> headers) {
        var gate = gate(headers, Permission.MANAGE_TEAMS);
        if (gate.refusal() != null) {
            return gate.refusal();
        }
        return read(staff -> {
            var body = new LinkedHashMap<String, Object>();
            body.put("teams", staff.teams().stream().map(team -> {
                var shown = new LinkedHashMap<String, Object>();
                shown.put("name", team.name());
                shown.put("members", team.members().stream().map(DeskTeams::person).toList());
                return shown;
            }).toList());
            body.put("people", staff.people().stream().map(DeskTeams::person).toList());
            return Answer.json(200, "teams", body);
        });
    }

    /** Puts someone in a team ({@code in}) or takes them out; the same answer however often it is sent. */
    public Answer member(Map<String, String> headers, String team, String email, boolean in, Consumer<Change> changes) {
        var gate = gate(headers, Permission.MANAGE_TEAMS);
        if (gate.refusal() != null) {
            return gate.refusal();
        }
        var address = address(email);
        var errors = new java.util.ArrayList<Map<String, String>>();
        if (!DeskUser.isTeamName(team)) {
            errors.add(Map.of("field", "team", "message", "must be lower-case letters, digits and dashes, at most 40, e.g. billing"));
        }
        if (address == null) {
            errors.add(Map.of("field", "email", "message", "must be the email the person signs in with"));
        }
        if (!errors.isEmpty()) {
            return Answer.problem(400, "invalid", "The team or the email is not one the desk can use.", errors);
        }
        return change(gate.user(), address, in ? "add-to-team" : "remove-from-team", DeskUser.teamGroup(team), changes,
                (dir, person) -> (in ? dir.addToTeam(address, team) : dir.removeFromTeam(address, team))
                        ? Optional.of(person.inTeam(team, in)) : Optional.empty());
    }

    /** Gives someone a role ({@code holds}) or takes it away; an admin may not take their own admin role. */
    public Answer role(Map<String, String> headers, String email, String roleName, boolean holds, Consumer<Change> changes) {
        var gate = gate(headers, Permission.MANAGE_TEAMS);
        if (gate.refusal() != null) {
            return gate.refusal();
        }
        var address = address(email);
        var role = Role.ofGroup(roleName).orElse(null);
        var errors = new java.util.ArrayList<Map<String, String>>();
        if (address == null) {
            errors.add(Map.of("field", "email", "message", "must be the email the person signs in with"));
        }
        if (role == null) {
            errors.add(Map.of("field", "role", "message", "must be one of agent, lead, admin"));
        }
        if (!errors.isEmpty()) {
            return Answer.problem(400, "invalid", "The email or the role is not one the desk can use.", errors);
        }
        return change(gate.user(), address, holds ? "grant-role" : "revoke-role", role.group(), changes, (dir, person) -> {
            if (!holds && role == Role.ADMIN && person.subject().equals(gate.user().subject())) {
                return null;
            }
            return (holds ? dir.grant(address, role) : dir.revoke(address, role)) ? Optional.of(person.withRole(role, holds)) : Optional.empty();
        });
    }

    // ---- the steps every route shares

    private interface Step {
        /** The person after the change; empty: their account is gone; null: refused as a conflict. */
        Optional<DeskPerson> apply(DeskDirectory directory, DeskPerson person);
    }

    private Answer change(DeskUser by, String email, String what, String group, Consumer<Change> changes, Step step) {
        if (directory.isEmpty()) {
            return notConfigured();
        }
        try {
            var person = directory.get().person(email);
            if (person.isEmpty()) {
                return unknownPerson();
            }
            var after = step.apply(directory.get(), person.get());
            if (after == null) {
                return Answer.problem(409, "own-admin-role", "You cannot take your own admin role away: another admin can, "
                        + "so the desk is never left without someone who can manage it.");
            }
            if (after.isEmpty()) {
                return unknownPerson();
            }
            changes.accept(new Change(by.subject(), what, person.get().subject(), group));
            return Answer.json(200, what, person(after.get()));
        } catch (RuntimeException e) {
            return unavailable().withFailure("directory", e);
        }
    }

    private Answer read(java.util.function.Function<DeskStaff, Answer> show) {
        if (directory.isEmpty()) {
            return notConfigured();
        }
        DeskStaff staff;
        try {
            staff = directory.get().staff();
        } catch (RuntimeException e) {
            return unavailable().withFailure("directory", e);
        }
        return show.apply(staff);
    }

    private record Gate(DeskUser user, Answer refusal) {}

    /** The signed-in person if they may do this; else the same 401, 403 or 503 as every desk route. */
    private Gate gate(Map<String, String> headers, Permission permission) {
        var result = users.check(headers);
        if (result instanceof DeskTokens.Unavailable) {
            return new Gate(null, DeskAnswers.checkUnavailable());
        }
        if (!(result instanceof DeskTokens.Valid valid)) {
            var why = ((DeskTokens.Refused) result).why();
            var answer = DeskAnswers.notSignedIn(!why.equals("no-token"));
            return new Gate(null, new Answer(answer.status(), answer.headers(), answer.body(), "not-signed-in:" + why, null));
        }
        if (!valid.user().may(permission)) {
            return new Gate(null, DeskAnswers.notAllowed());
        }
        return new Gate(valid.user(), null);
    }

    /** The email of a path, decoded if the gateway left it encoded; null if it cannot be one. */
    static String address(String email) {
        if (email == null) {
            return null;
        }
        var decoded = email.indexOf('%') >= 0 ? URLDecoder.decode(email.replace("+", "%2B"), StandardCharsets.UTF_8) : email;
        decoded = decoded.strip();
        return EMAIL.matcher(decoded).matches() ? decoded : null;
    }

    private static Map<String, Object> assignee(DeskPerson person) {
        var shown = new LinkedHashMap<String, Object>();
        shown.put("subject", person.subject());
        shown.put("email", person.email());
        shown.put("name", person.name());
        shown.put("teams", person.teams().stream().sorted().toList());
        return shown;
    }

    private static Map<String, Object> person(DeskPerson person) {
        var shown = new LinkedHashMap<String, Object>();
        shown.put("subject", person.subject());
        shown.put("email", person.email());
        shown.put("name", person.name());
        shown.put("roles", person.roles().stream().map(Role::group).sorted().toList());
        shown.put("teams", person.teams().stream().sorted().toList());
        shown.put("enabled", person.enabled());
        return shown;
    }

    private static Answer unknownPerson() {
        return Answer.problem(404, "unknown-person", "No desk account signs in with this email. Accounts are made in the "
                + "user pool (docs/admins.md).");
    }

    private static Answer notConfigured() {
        return Answer.problem(503, "directory-not-configured", "The desk's user pool is not configured (DESK_USER_POOL_ID).");
    }

    private static Answer unavailable() {
        return Answer.problem(503, "directory-unavailable", "The desk's people and teams cannot be read or changed just now. "
                + "Try again in a moment.");
    }
}

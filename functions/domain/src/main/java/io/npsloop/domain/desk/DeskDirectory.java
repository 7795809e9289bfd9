package io.npsloop.domain.desk;

import java.util.Optional;

/**
 * The desk's people and teams where the sign-in service keeps them (groups of a Cognito user pool
 * in AWS): read them, and put people in or out of teams and roles. It never creates, deletes or
 * disables an account: invitations, passwords and turning someone away stay with the sign-in
 * service. Changes reach a person's token at their next sign-in, as groups do.
 */
public interface DeskDirectory {

    /** Every team and everyone in a desk group. */
    DeskStaff staff();

    /** The account signing in with {@code email}, in a desk group or not; empty if there is none. */
    Optional<DeskPerson> person(String email);

    /** Puts them in team {@code team}, making the team if it is new; false if there is no such account. */
    boolean addToTeam(String email, String team);

    /** Takes them out of team {@code team} (nothing to do if they are not in it); false if there is no such account. */
    boolean removeFromTeam(String email, String team);

    /** Gives them {@code role}; false if there is no such account. */
    boolean grant(String email, Role role);

    /** Takes {@code role} from them; false if there is no such account. */
    boolean revoke(String email, Role role);
}

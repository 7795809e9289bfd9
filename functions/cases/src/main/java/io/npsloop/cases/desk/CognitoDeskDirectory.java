package io.npsloop.cases.desk;

import io.npsloop.aws.AwsClients;
import io.npsloop.aws.SignedJsonCalls;
import io.npsloop.config.DeskSettings;
import io.npsloop.config.Settings;
import io.npsloop.domain.desk.DeskDirectory;
import io.npsloop.domain.desk.DeskPerson;
import io.npsloop.domain.desk.DeskStaff;
import io.npsloop.domain.desk.DeskUser;
import io.npsloop.domain.desk.Role;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The desk's directory in a Cognito user pool, through its admin API: roles and teams are groups.
 * The pool signs people in by email ({@code UsernameAttributes: email}), so the admin calls take
 * the email as the user name. Uses exactly ListGroups, ListUsersInGroup, AdminGetUser,
 * AdminListGroupsForUser, AdminAddUserToGroup, AdminRemoveUserFromGroup and CreateGroup (the
 * function's IAM policy allows these alone), as signed calls of Cognito's JSON protocol: the SDK's
 * Cognito client would add about 4 MB to the jar for seven small requests. The calls are set up on
 * the first one, so the cases routes that never touch the directory do not pay for it at a cold start.
 */
public final class CognitoDeskDirectory implements DeskDirectory {

    /** Cognito's largest page for the list calls. */
    static final int MAX_PAGE = 60;

    static final String USER_NOT_FOUND = "UserNotFoundException";
    static final String RESOURCE_NOT_FOUND = "ResourceNotFoundException";
    static final String GROUP_EXISTS = "GroupExistsException";

    /** Tries of one call that meets a throttle, a failure on Cognito's side or no answer; then the desk says it is unavailable. */
    static final int ATTEMPTS = 3;
    private static final long BACKOFF_MILLIS = 100;
    private static final Set<String> THROTTLED = Set.of("TooManyRequestsException", "ThrottlingException");

    /**
     * Cognito answered an error, of {@link #type()} as its JSON protocol names it, or could not be
     * asked (type empty). The directory gives a meaning to the few types it expects; any other
     * leaves it, and the desk says the directory is unavailable.
     */
    public static final class CognitoError extends IllegalStateException {
        private final String type;

        CognitoError(String message, String type, Throwable cause) {
            super(message, cause);
            this.type = type;
        }

        public String type() {
            return type;
        }

        boolean is(String type) {
            return this.type.equals(type);
        }
    }

    private final Supplier<SignedJsonCalls> cognito;
    private final String poolId;
    private final int page;

    public CognitoDeskDirectory(Supplier<SignedJsonCalls> cognito, String poolId) {
        this(cognito, poolId, MAX_PAGE);
    }

    /** With a smaller page (at most {@link #MAX_PAGE}), so tests walk the pages a large pool has. */
    public CognitoDeskDirectory(Supplier<SignedJsonCalls> cognito, String poolId, int page) {
        this.cognito = once(cognito);
        this.poolId = poolId;
        this.page = page;
    }

    /** The pool of {@code DESK_USER_POOL_ID}, at the endpoint its settings give; empty where it is not set. */
    public static Optional<DeskDirectory> of(Settings settings, AwsClients clients) {
        return settings.optional(DeskSettings.DESK_USER_POOL_ID).map(pool -> new CognitoDeskDirectory(
                () -> clients.jsonCalls("COGNITO_IDENTITY_PROVIDER", "cognito-idp", "AWSCognitoIdentityProviderService"), pool));
    }

    @Override
    public DeskStaff staff() {
        var groups = all("ListGroups", pool(), "Groups").stream().map(group -> text(group, "GroupName")).toList();
        var teams = new TreeSet<String>();
        var desk = new ArrayList<String>();
        for (var group : groups) {
            if (Role.ofGroup(group).isPresent()) {
                desk.add(group);
            } else if (group.startsWith(DeskUser.TEAM_GROUP_PREFIX) && DeskUser.isTeamName(group.substring(DeskUser.TEAM_GROUP_PREFIX.length()))) {
                desk.add(group);
                teams.add(group.substring(DeskUser.TEAM_GROUP_PREFIX.length()));
            }
        }
        // Each desk group's members once; a person in several groups is gathered under their user name.
        var users = new LinkedHashMap<String, Map<?, ?>>();
        var groupsOf = new LinkedHashMap<String, List<String>>();
        for (var group : desk) {
            var input = pool();
            input.put("GroupName", group);
            for (var user : all("ListUsersInGroup", input, "Users")) {
                var username = text(user, "Username");
                users.putIfAbsent(username, user);
                groupsOf.computeIfAbsent(username, u -> new ArrayList<>()).add(group);
            }
        }
        var people = new ArrayList<DeskPerson>();
        users.forEach((username, user) -> people.add(person(username, user, "Attributes", groupsOf.get(username))));
        return new DeskStaff(teams, people);
    }

    @Override
    public Optional<DeskPerson> person(String email) {
        try {
            var user = call("AdminGetUser", user(email));
            var groups = all("AdminListGroupsForUser", user(email), "Groups").stream().map(group -> text(group, "GroupName")).toList();
            return Optional.of(person(text(user, "Username"), user, "UserAttributes", groups));
        } catch (CognitoError e) {
            if (!e.is(USER_NOT_FOUND)) {
                throw e;
            }
            return Optional.empty();
        }
    }

    @Override
    public boolean addToTeam(String email, String team) {
        var group = DeskUser.teamGroup(team);
        try {
            call("AdminAddUserToGroup", member(email, group));
            return true;
        } catch (CognitoError e) {
            if (e.is(USER_NOT_FOUND)) {
                return false;
            }
            if (!e.is(RESOURCE_NOT_FOUND)) {
                throw e;
            }
        }
        // A new team: its group first. Someone else may be making it at the same moment; either way it is there.
        var input = pool();
        input.put("GroupName", group);
        input.put("Description", "Team " + team + ", made at the desk.");
        try {
            call("CreateGroup", input);
        } catch (CognitoError e) {
            if (!e.is(GROUP_EXISTS)) {
                throw e;
            }
        }
        return add(email, group);
    }

    @Override
    public boolean removeFromTeam(String email, String team) {
        try {
            return remove(email, DeskUser.teamGroup(team));
        } catch (CognitoError e) {
            if (!e.is(RESOURCE_NOT_FOUND)) {
                throw e;
            }
            // No such team: nobody is in it. Whether the account exists still matters to the caller.
            return person(email).isPresent();
        }
    }

    @Override
    public boolean grant(String email, Role role) {
        return add(email, role.group());
    }

    @Override
    public boolean revoke(String email, Role role) {
        return remove(email, role.group());
    }

    private boolean add(String email, String group) {
        return changed("AdminAddUserToGroup", member(email, group));
    }

    private boolean remove(String email, String group) {
        return changed("AdminRemoveUserFromGroup", member(email, group));
    }

    /** A membership change made; false if there is no such account. */
    private boolean changed(String action, Map<String, Object> input) {
        try {
            call(action, input);
            return true;
        } catch (CognitoError e) {
            if (!e.is(USER_NOT_FOUND)) {
                throw e;
            }
            return false;
        }
    }

    /** Every item of {@code field} over the pages of a list action; these three name their page token NextToken. */
    private List<Map<?, ?>> all(String action, Map<String, Object> input, String field) {
        var items = new ArrayList<Map<?, ?>>();
        String next = null;
        do {
            var request = new LinkedHashMap<>(input);
            request.put("Limit", page);
            if (next != null) {
                request.put("NextToken", next);
            }
            var answer = call(action, request);
            if (answer.get(field) instanceof List<?> list) {
                for (var item : list) {
                    if (item instanceof Map<?, ?> map) {
                        items.add(map);
                    }
                }
            }
            // As the SDK's paginators: an empty token is the last page too.
            next = answer.get("NextToken") instanceof String token && !token.isEmpty() ? token : null;
        } while (next != null);
        return items;
    }

    /**
     * The answer's body to one action; an error answered or no answer at all as a {@link CognitoError}.
     * A call throttled, failing on Cognito's side or not answered is tried again, as the SDK's client
     * would: every action here may be repeated (a group made twice is "group exists", tolerated).
     */
    private Map<String, Object> call(String action, Map<String, Object> input) {
        for (int attempt = 1; ; attempt++) {
            CognitoError error;
            boolean retry;
            try {
                var answer = cognito.get().call(action, input);
                if (answer.status() == 200) {
                    return answer.body();
                }
                // The type names the error; Cognito's message could quote the email.
                error = new CognitoError("Cognito " + action + " answered " + answer.status() + " " + answer.errorType(),
                        answer.errorType(), null);
                retry = answer.status() >= 500 || answer.status() == 429 || THROTTLED.contains(answer.errorType());
            } catch (UncheckedIOException e) {
                error = new CognitoError("Cognito " + action + " unreachable", "", e);
                retry = true;
            }
            if (!retry || attempt == ATTEMPTS) {
                throw error;
            }
            try {
                Thread.sleep(BACKOFF_MILLIS << (attempt - 1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw error;
            }
        }
    }

    private Map<String, Object> pool() {
        var input = new LinkedHashMap<String, Object>();
        input.put("UserPoolId", poolId);
        return input;
    }

    private Map<String, Object> user(String email) {
        var input = pool();
        input.put("Username", email);
        return input;
    }

    private Map<String, Object> member(String email, String group) {
        var input = user(email);
        input.put("GroupName", group);
        return input;
    }

    /** A UserType of ListUsersInGroup ({@code Attributes}) or AdminGetUser's answer ({@code UserAttributes}). */
    private static DeskPerson person(String username, Map<?, ?> user, String attributesField, List<String> groups) {
        var attributes = new LinkedHashMap<String, String>();
        if (user.get(attributesField) instanceof List<?> list) {
            for (var attribute : list) {
                if (attribute instanceof Map<?, ?> pair && pair.get("Name") instanceof String name) {
                    attributes.put(name, pair.get("Value") instanceof String value ? value : null);
                }
            }
        }
        return DeskPerson.of(attributes.getOrDefault("sub", username), attributes.get("email"), attributes.get("name"),
                !Boolean.FALSE.equals(user.get("Enabled")), groups);
    }

    private static String text(Map<?, ?> map, String field) {
        return map.get(field) instanceof String value ? value : null;
    }

    /** The supplier's value, made on the first call and kept. */
    private static <T> Supplier<T> once(Supplier<T> supplier) {
        return new Supplier<>() {
            private volatile T value;

            @Override
            public T get() {
                var made = value;
                if (made == null) {
                    synchronized (this) {
                        made = value;
                        if (made == null) {
                            made = supplier.get();
                            value = made;
                        }
                    }
                }
                return made;
            }
        };
    }
}

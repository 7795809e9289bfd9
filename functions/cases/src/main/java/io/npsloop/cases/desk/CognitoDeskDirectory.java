package io.npsloop.cases.desk;

import io.npsloop.aws.AwsClients;
import io.npsloop.config.DeskSettings;
import io.npsloop.config.Settings;
import io.npsloop.domain.desk.DeskDirectory;
import io.npsloop.domain.desk.DeskPerson;
import io.npsloop.domain.desk.DeskStaff;
import io.npsloop.domain.desk.DeskUser;
import io.npsloop.domain.desk.Role;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.GroupExistsException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.GroupType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserType;

/**
 * The desk's directory in a Cognito user pool, through its admin API: roles and teams are groups.
 * The pool signs people in by email ({@code UsernameAttributes: email}), so the admin calls take
 * the email as the user name. The client is made on the first call, so the cases routes that
 * never touch the directory do not pay for it at a cold start. Uses exactly ListGroups,
 * ListUsersInGroup, AdminGetUser, AdminListGroupsForUser, AdminAddUserToGroup,
 * AdminRemoveUserFromGroup and CreateGroup (the function's IAM policy allows these alone).
 */
public final class CognitoDeskDirectory implements DeskDirectory {

    /** Cognito's largest page for the list calls. */
    static final int MAX_PAGE = 60;

    private final Supplier<CognitoIdentityProviderClient> client;
    private final String poolId;
    private final int page;

    public CognitoDeskDirectory(Supplier<CognitoIdentityProviderClient> client, String poolId) {
        this(client, poolId, MAX_PAGE);
    }

    /** With a smaller page (at most {@link #MAX_PAGE}), so tests walk the pages a large pool has. */
    public CognitoDeskDirectory(Supplier<CognitoIdentityProviderClient> client, String poolId, int page) {
        this.client = once(client);
        this.poolId = poolId;
        this.page = page;
    }

    /** The pool of {@code DESK_USER_POOL_ID}, through the client its endpoint settings give; empty where it is not set. */
    public static Optional<DeskDirectory> of(Settings settings, AwsClients clients) {
        return settings.optional(DeskSettings.DESK_USER_POOL_ID).map(pool -> new CognitoDeskDirectory(
                () -> clients.configure(CognitoIdentityProviderClient.builder(), "COGNITO_IDENTITY_PROVIDER").build(), pool));
    }

    @Override
    public DeskStaff staff() {
        var cognito = client.get();
        var groups = cognito.listGroupsPaginator(r -> r.userPoolId(poolId).limit(page)).groups().stream()
                .map(GroupType::groupName).toList();
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
        var users = new LinkedHashMap<String, UserType>();
        var groupsOf = new LinkedHashMap<String, List<String>>();
        for (var group : desk) {
            for (var user : cognito.listUsersInGroupPaginator(r -> r.userPoolId(poolId).groupName(group).limit(page)).users()) {
                users.putIfAbsent(user.username(), user);
                groupsOf.computeIfAbsent(user.username(), u -> new ArrayList<>()).add(group);
            }
        }
        var people = new ArrayList<DeskPerson>();
        users.forEach((username, user) -> {
            var attributes = attributes(user.attributes());
            people.add(DeskPerson.of(attributes.getOrDefault("sub", username), attributes.get("email"), attributes.get("name"),
                    !Boolean.FALSE.equals(user.enabled()), groupsOf.get(username)));
        });
        return new DeskStaff(teams, people);
    }

    @Override
    public Optional<DeskPerson> person(String email) {
        var cognito = client.get();
        try {
            var user = cognito.adminGetUser(r -> r.userPoolId(poolId).username(email));
            var groups = cognito.adminListGroupsForUserPaginator(r -> r.userPoolId(poolId).username(email).limit(page)).groups()
                    .stream().map(GroupType::groupName).toList();
            var attributes = attributes(user.userAttributes());
            return Optional.of(DeskPerson.of(attributes.getOrDefault("sub", user.username()), attributes.get("email"),
                    attributes.get("name"), !Boolean.FALSE.equals(user.enabled()), groups));
        } catch (UserNotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean addToTeam(String email, String team) {
        var group = DeskUser.teamGroup(team);
        var cognito = client.get();
        try {
            cognito.adminAddUserToGroup(r -> r.userPoolId(poolId).username(email).groupName(group));
            return true;
        } catch (UserNotFoundException e) {
            return false;
        } catch (ResourceNotFoundException e) {
            // A new team: its group first. Someone else may be making it at the same moment; either way it is there.
            try {
                cognito.createGroup(r -> r.userPoolId(poolId).groupName(group).description("Team " + team + ", made at the desk."));
            } catch (GroupExistsException made) {
                // made by the other call
            }
            return add(email, group);
        }
    }

    @Override
    public boolean removeFromTeam(String email, String team) {
        try {
            return remove(email, DeskUser.teamGroup(team));
        } catch (ResourceNotFoundException e) {
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
        try {
            client.get().adminAddUserToGroup(r -> r.userPoolId(poolId).username(email).groupName(group));
            return true;
        } catch (UserNotFoundException e) {
            return false;
        }
    }

    private boolean remove(String email, String group) {
        try {
            client.get().adminRemoveUserFromGroup(r -> r.userPoolId(poolId).username(email).groupName(group));
            return true;
        } catch (UserNotFoundException e) {
            return false;
        }
    }

    private static Map<String, String> attributes(List<AttributeType> attributes) {
        var map = new LinkedHashMap<String, String>();
        for (var attribute : attributes == null ? List.<AttributeType>of() : attributes) {
            map.put(attribute.name(), attribute.value());
        }
        return map;
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

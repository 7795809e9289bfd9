package io.npsloop.local.stack;

import com.fasterxml.jackson.jr.ob.JSON;
import io.npsloop.http.Answer;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The local issuer's users as a Cognito user pool's admin API sees them, for the desk's directory
 * (see {@link LocalIssuer}): the actions of Cognito's JSON protocol that the directory calls, with
 * the request and answer shapes of the API reference. Users sign in by email, as the desk's pool
 * does: their user name is their subject, and the admin actions take either. Groups live here.
 */
final class LocalPool {

    static final String TARGET_PREFIX = "AWSCognitoIdentityProviderService.";
    private static final int MAX_PAGE = 60;

    /** The template's role groups and their descriptions. */
    private static final Map<String, String> ROLE_GROUPS = Map.of(
            "agent", "Sees and works cases.",
            "lead", "Works cases, reassigns them and sees the lead view.",
            "admin", "Manages teams.");

    private final String poolId;
    private final List<LocalIssuer.User> users;
    private final Instant created;
    private final Map<String, String> groups = new TreeMap<>();
    private final Map<String, TreeSet<String>> membership = new LinkedHashMap<>();

    LocalPool(String poolId, List<LocalIssuer.User> users, Instant created) {
        this.poolId = poolId;
        this.users = List.copyOf(users);
        this.created = created;
        groups.putAll(ROLE_GROUPS);
        for (var user : users) {
            membership.put(user.subject(), new TreeSet<>(user.groups()));
            user.groups().forEach(group -> groups.putIfAbsent(group, null));
        }
    }

    /** The groups someone is in now, for the token of their next sign-in. */
    synchronized List<String> groupsOf(String subject) {
        return List.copyOf(membership.getOrDefault(subject, new TreeSet<>()));
    }

    /** One call: {@code target} is the X-Amz-Target header, {@code body} the JSON request. */
    synchronized Answer call(String target, String body) {
        if (target == null || !target.startsWith(TARGET_PREFIX)) {
            return error(400, "UnknownOperationException", "The operation is not known.");
        }
        Map<String, Object> request;
        try {
            request = JSON.std.mapFrom(body == null || body.isBlank() ? "{}" : body);
        } catch (IOException | RuntimeException e) {
            return error(400, "SerializationException", "The request is not JSON.");
        }
        if (!poolId.equals(request.get("UserPoolId"))) {
            return error(400, "ResourceNotFoundException", "User pool " + request.get("UserPoolId") + " does not exist.");
        }
        var group = request.get("GroupName") instanceof String g ? g : null;
        var user = request.get("Username") instanceof String u ? user(u) : Optional.<LocalIssuer.User>empty();
        return switch (target.substring(TARGET_PREFIX.length())) {
            case "ListGroups" -> ok(page(request, "Groups", new ArrayList<>(groups.keySet()), this::group));
            case "CreateGroup" -> {
                if (group == null || group.isEmpty()) {
                    yield error(400, "InvalidParameterException", "GroupName is required.");
                }
                if (groups.containsKey(group)) {
                    yield error(400, "GroupExistsException", "A group with the name already exists.");
                }
                groups.put(group, request.get("Description") instanceof String d ? d : null);
                yield ok(Map.of("Group", group(group)));
            }
            case "ListUsersInGroup" -> {
                if (group == null || !groups.containsKey(group)) {
                    yield error(400, "ResourceNotFoundException", "Group not found.");
                }
                var members = users.stream().filter(u -> membership.get(u.subject()).contains(group)).toList();
                yield ok(page(request, "Users", members, u -> userType(u, "Attributes")));
            }
            case "AdminGetUser" -> user.<Answer>map(u -> {
                var answer = userType(u, "UserAttributes");
                return ok(answer);
            }).orElseGet(LocalPool::noSuchUser);
            case "AdminListGroupsForUser" -> user.map(u -> ok(page(request, "Groups", new ArrayList<>(membership.get(u.subject())),
                    this::group))).orElseGet(LocalPool::noSuchUser);
            case "AdminAddUserToGroup", "AdminRemoveUserFromGroup" -> {
                if (user.isEmpty()) {
                    yield noSuchUser();
                }
                if (group == null || !groups.containsKey(group)) {
                    yield error(400, "ResourceNotFoundException", "Group not found.");
                }
                var in = membership.get(user.get().subject());
                if (target.endsWith("AdminAddUserToGroup")) {
                    in.add(group);
                } else {
                    in.remove(group);
                }
                yield ok(Map.of());
            }
            default -> error(400, "UnknownOperationException", "The operation is not served by the local pool.");
        };
    }

    /** By email (any case) or by user name, as the admin actions of a pool that signs in by email take either. */
    private Optional<LocalIssuer.User> user(String name) {
        return users.stream().filter(u -> u.email().equalsIgnoreCase(name) || u.subject().equals(name)).findFirst();
    }

    private <T> Map<String, Object> page(Map<String, Object> request, String field, List<T> all, Function<T, Map<String, Object>> shape) {
        int limit = request.get("Limit") instanceof Number n ? Math.max(1, Math.min(MAX_PAGE, n.intValue())) : MAX_PAGE;
        int from = request.get("NextToken") instanceof String t && t.matches("[0-9]{1,6}") ? Math.min(Integer.parseInt(t), all.size()) : 0;
        int to = Math.min(all.size(), from + limit);
        var answer = new LinkedHashMap<String, Object>();
        answer.put(field, all.subList(from, to).stream().map(shape).toList());
        if (to < all.size()) {
            answer.put("NextToken", String.valueOf(to));
        }
        return answer;
    }

    private Map<String, Object> group(String name) {
        var group = new LinkedHashMap<String, Object>();
        group.put("GroupName", name);
        group.put("UserPoolId", poolId);
        if (groups.get(name) != null) {
            group.put("Description", groups.get(name));
        }
        group.put("CreationDate", created.getEpochSecond());
        group.put("LastModifiedDate", created.getEpochSecond());
        return group;
    }

    /** A UserType (ListUsersInGroup's {@code Attributes}) or AdminGetUser's answer ({@code UserAttributes}). */
    private Map<String, Object> userType(LocalIssuer.User user, String attributesField) {
        var shape = new LinkedHashMap<String, Object>();
        shape.put("Username", user.subject());
        shape.put(attributesField, List.of(
                Map.of("Name", "sub", "Value", user.subject()),
                Map.of("Name", "email", "Value", user.email()),
                Map.of("Name", "email_verified", "Value", "true"),
                Map.of("Name", "name", "Value", user.name())));
        shape.put("UserCreateDate", created.getEpochSecond());
        shape.put("UserLastModifiedDate", created.getEpochSecond());
        shape.put("Enabled", true);
        shape.put("UserStatus", "CONFIRMED");
        return shape;
    }

    private static Answer ok(Map<String, Object> body) {
        var json = Answer.json(200, "cognito", body);
        return new Answer(200, Map.of("content-type", "application/x-amz-json-1.1"), json.body(), "cognito", null);
    }

    private static Answer noSuchUser() {
        return error(400, "UserNotFoundException", "User does not exist.");
    }

    /** Cognito's errors: the type in {@code __type} and in {@code x-amzn-ErrorType}, and a message. */
    private static Answer error(int status, String type, String message) {
        var json = Answer.json(status, type, Map.of("__type", type, "message", message));
        return new Answer(status, Map.of("content-type", "application/x-amz-json-1.1", "x-amzn-errortype", type), json.body(),
                type, null);
    }
}

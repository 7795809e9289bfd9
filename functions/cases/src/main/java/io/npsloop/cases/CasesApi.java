package io.npsloop.cases;

import com.fasterxml.jackson.jr.ob.JSON;
import io.npsloop.cases.desk.DeskApi;
import io.npsloop.domain.cases.CaseEvent;
import io.npsloop.domain.cases.FollowUpCase;
import io.npsloop.domain.intake.ResponseKey;
import io.npsloop.domain.policy.Action;
import io.npsloop.http.Answer;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The cases API without the Lambda types: {@code POST /cases/{id}/events} records what a person
 * did, {@code GET /cases/{id}} shows one case, {@code GET /cases} lists the cases that still need
 * someone, soonest due first. The one case's view also says where else it is worked
 * ({@link Elsewhere}): one more read, for that view alone, never for a list.
 */
public final class CasesApi {

    static final int MAX_LIST = 500;
    private static final int MAX_NOTE = 2_000;

    private final DynamoDbCases cases;
    private final Elsewhere elsewhere;
    private final Clock clock;

    public CasesApi(DynamoDbCases cases, Clock clock) {
        this.cases = Objects.requireNonNull(cases, "cases");
        this.elsewhere = new Elsewhere(cases);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Answer recordEvent(String caseId, String body) {
        var key = ResponseKey.fromCaseId(caseId).orElse(null);
        if (key == null) {
            return Answer.problem(404, "unknown-case", "A case id is <source>:<responseId>, e.g. typeform:a3a12ec6.");
        }
        Map<String, Object> json;
        try {
            json = JSON.std.mapFrom(body == null ? "" : body);
        } catch (IOException | RuntimeException e) {
            return Answer.problem(400, "invalid", "The body must be a JSON object like {\"type\":\"contacted\",\"by\":\"ana@example.com\"}.");
        }
        var errors = new ArrayList<Map<String, String>>();
        var type = json != null && json.get("type") instanceof String t
                ? CaseEvent.Type.fromWireName(t).filter(CaseEvent.Type.RECORDED_BY_API::contains).orElse(null) : null;
        if (type == null) {
            errors.add(Map.of("field", "type", "message", "must be one of contacted, resolved, unresolved, closed, note"));
        }
        var by = json != null && json.get("by") instanceof String b && !b.isBlank() && b.length() <= 200 ? b.strip() : null;
        if (by == null) {
            errors.add(Map.of("field", "by", "message", "is required: who did it, at most 200 characters"));
        }
        var note = json != null ? json.get("note") : null;
        if (note != null && (!(note instanceof String n) || n.length() > MAX_NOTE)) {
            errors.add(Map.of("field", "note", "message", "must be a string of at most " + MAX_NOTE + " characters"));
        }
        if (!errors.isEmpty()) {
            return Answer.problem(400, "invalid", "The event is not valid.", errors);
        }
        var event = new CaseEvent(type, clock.instant(), by, (String) note);
        var outcome = cases.record(key, event);
        if (outcome instanceof DynamoDbCases.NotFound) {
            return Answer.problem(404, "unknown-case", "No case " + caseId + ".");
        }
        if (outcome instanceof DynamoDbCases.NotAllowed notAllowed) {
            return Answer.problem(409, "not-allowed", "A " + notAllowed.current().wireName() + " case cannot take a '"
                    + type.wireName() + "' event. Steps: open → contacted → resolved or unresolved → closed; a note on any case not closed.");
        }
        return Answer.json(200, "recorded", view(((DynamoDbCases.Moved) outcome).after()));
    }

    public Answer show(String caseId) {
        var key = ResponseKey.fromCaseId(caseId).orElse(null);
        var found = key == null ? null : cases.find(key).orElse(null);
        if (found == null) {
            return Answer.problem(404, "unknown-case", "No case " + caseId + ".");
        }
        var view = view(found);
        view.put("elsewhere", elsewhere.views(found.id()));
        return Answer.json(200, "shown", view);
    }

    public Answer listOpen(Map<String, String> query) {
        var params = query == null ? Map.<String, String>of() : query;
        List<Action> actions;
        try {
            actions = params.containsKey("action") ? List.of(Action.fromWireName(params.get("action"))) : List.of(Action.values());
        } catch (IllegalArgumentException e) {
            return Answer.problem(400, "invalid", "action must be one of "
                    + Arrays.stream(Action.values()).map(Action::wireName).collect(Collectors.joining(", ")) + ".");
        }
        Instant dueBefore = null;
        if (params.containsKey("dueBefore")) {
            try {
                dueBefore = Instant.parse(params.get("dueBefore"));
            } catch (DateTimeParseException e) {
                return Answer.problem(400, "invalid", "dueBefore must be an ISO-8601 instant such as 2026-11-23T12:00:00Z.");
            }
        }
        int limit = 100;
        if (params.containsKey("limit")) {
            try {
                limit = Integer.parseInt(params.get("limit"));
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_LIST) {
                return Answer.problem(400, "invalid", "limit must be a whole number from 1 to " + MAX_LIST + ".");
            }
        }
        var open = new ArrayList<FollowUpCase>();
        for (var action : actions) {
            open.addAll(cases.open(action, dueBefore, limit));
        }
        open.sort(Comparator.comparing((FollowUpCase c) -> c.followUp().dueAt()));
        var listed = open.size() > limit ? open.subList(0, limit) : open;
        return Answer.json(200, "listed", Map.of("cases", listed.stream().map(this::view).toList()));
    }

    private Map<String, Object> view(FollowUpCase followUpCase) {
        var record = followUpCase.record();
        var response = record.response();
        var respondent = response.respondent();
        var view = new LinkedHashMap<String, Object>();
        view.put("id", followUpCase.id());
        view.put("action", followUpCase.followUp().action().wireName());
        view.put("status", followUpCase.status().wireName());
        view.put("dueAt", followUpCase.followUp().dueAt().toString());
        view.put("overdue", followUpCase.isOverdue(clock.instant()));
        if (followUpCase.escalatedAt() != null) {
            view.put("escalatedAt", followUpCase.escalatedAt().toString());
        }
        view.put("reason", record.decision().reason());
        view.put("variant", record.decision().variant().orElse(null));
        view.put("category", record.category().wireName());
        view.put("score", response.score().value());
        view.put("valueTier", record.valueTier().wireName());
        view.put("customerId", respondent.id());
        view.put("name", respondent.name());
        view.put("email", respondent.email());
        view.put("accountId", respondent.accountId());
        view.put("comment", response.comment());
        view.put("owner", followUpCase.owner().wireName());
        view.put("team", followUpCase.team());
        view.put("events", followUpCase.events().stream().map(DeskApi::eventView).toList());
        view.put("referrals", DeskApi.referralsView(followUpCase));
        return view;
    }
}

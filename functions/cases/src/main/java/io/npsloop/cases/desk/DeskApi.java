package io.npsloop.cases.desk;

import com.fasterxml.jackson.jr.ob.JSON;
import io.npsloop.cases.DynamoDbCases;
import io.npsloop.cases.Elsewhere;
import io.npsloop.cases.ReferralLeads;
import io.npsloop.report.LeadConversions;
import io.npsloop.table.LeadItem;
import io.npsloop.domain.cases.CaseEvent;
import io.npsloop.domain.cases.CaseOwner;
import io.npsloop.domain.cases.CaseStatus;
import io.npsloop.domain.cases.ContactChannel;
import io.npsloop.domain.cases.FollowUpCase;
import io.npsloop.domain.cases.ReasonCode;
import io.npsloop.domain.cases.Referral;
import io.npsloop.domain.desk.DeskUser;
import io.npsloop.domain.desk.Permission;
import io.npsloop.domain.intake.Category;
import io.npsloop.domain.intake.ResponseKey;
import io.npsloop.domain.intake.ValueTier;
import io.npsloop.domain.policy.Action;
import io.npsloop.domain.roi.OutcomeType;
import io.npsloop.http.Answer;
import io.npsloop.table.AccountItem;
import io.npsloop.table.CustomerItem;
import io.npsloop.table.DeskCountsItem;
import io.npsloop.table.DeskSlaItem;
import io.npsloop.table.OutcomeItem;
import io.npsloop.table.ResponseItem;
import io.npsloop.table.Table;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The desk's JSON routes under {@code /desk/api}, for a person already signed in: the queue, one
 * case with its context, the steps people take on it, and the lead view. Every step goes through
 * the cases' own write ({@link DynamoDbCases#record}) and every outcome through the outcome
 * intake, so escalation stops and the report counts them as it does for the rest of the API.
 * Names, comments and notes go back as JSON strings, never as markup.
 */
public final class DeskApi {

    static final int MAX_NOTE = 2_000;
    private static final int DEFAULT_LIMIT = 25;
    /** How many of a customer's or an account's answers the case view reads at most (an account's: the latest). */
    static final int MAX_CONTEXT = 200;
    private static final int MAX_OVERDUE = 100;

    private final DynamoDbCases cases;
    private final DeskQueue queue;
    private final OutcomeRecorder outcomes;
    private final ReferralLeads leads;
    private final LeadConversions conversions;
    private final PersonalLinks personalLinks;
    private final Elsewhere elsewhere;
    private final Clock clock;

    public DeskApi(DynamoDbCases cases, OutcomeRecorder outcomes, LeadConversions conversions, PersonalLinks personalLinks, Clock clock) {
        this.cases = Objects.requireNonNull(cases, "cases");
        this.queue = new DeskQueue(cases);
        this.outcomes = Objects.requireNonNull(outcomes, "outcomes");
        this.leads = new ReferralLeads(cases, outcomes);
        this.conversions = Objects.requireNonNull(conversions, "conversions");
        this.personalLinks = Objects.requireNonNull(personalLinks, "personalLinks");
        this.elsewhere = new Elsewhere(cases);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    // ---- the queue

    public Answer queue(DeskUser user, Map<String, String> query) {
        if (!user.may(Permission.SEE_CASES)) {
            return DeskAnswers.notAllowed();
        }
        var params = query == null ? Map.<String, String>of() : query;
        var errors = new ArrayList<Map<String, String>>();
        Action action = null;
        if (params.get("action") != null) {
            try {
                action = Action.fromWireName(params.get("action"));
            } catch (IllegalArgumentException e) {
                errors.add(error("action", "must be one of recovery, referral, nurture"));
            }
        }
        String tier = null;
        if (params.get("tier") != null) {
            try {
                tier = ValueTier.fromWireName(params.get("tier")).wireName();
            } catch (IllegalArgumentException e) {
                errors.add(error("tier", "must be one of high, medium, low, unknown"));
            }
        }
        var source = params.get("source");
        if (source != null && !source.matches("[a-z0-9-]{1,40}")) {
            errors.add(error("source", "must be a source name such as typeform"));
        }
        CaseOwner owner = null;
        var ownerParam = params.get("owner");
        if (ownerParam != null) {
            owner = switch (ownerParam) {
                case "mine" -> personOf(user);
                case "unassigned" -> CaseOwner.UNASSIGNED;
                default -> ownerParam.startsWith("team:") ? CaseOwner.fromWireName(ownerParam).orElse(null) : null;
            };
            if (owner == null) {
                errors.add(error("owner", "must be mine, unassigned or team:<name>"));
            }
        }
        int limit = DEFAULT_LIMIT;
        if (params.get("limit") != null) {
            try {
                limit = Integer.parseInt(params.get("limit"));
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > DeskQueue.MAX_LIMIT) {
                errors.add(error("limit", "must be a whole number from 1 to " + DeskQueue.MAX_LIMIT));
            }
        }
        if (!errors.isEmpty()) {
            return Answer.problem(400, "invalid", "The queue's filters are not valid.", errors);
        }
        DeskQueue.Page page;
        try {
            page = queue.page(new DeskQueue.Filters(action, tier, source, owner), params.get("cursor"), limit);
        } catch (DeskQueue.BadCursor e) {
            return Answer.problem(400, "invalid", "The cursor is not one this queue gave with these filters: start again without it.",
                    List.of(error("cursor", "must be a cursor from the previous page, with the same filters")));
        }
        var now = clock.instant();
        var body = new LinkedHashMap<String, Object>();
        body.put("cases", page.cases().stream().map(l -> queueEntry(l.followUpCase(), now)).toList());
        body.put("next", page.next());
        body.put("counts", counts(user));
        return Answer.json(200, "listed", body);
    }

    private Map<String, Object> queueEntry(FollowUpCase c, Instant now) {
        var respondent = c.record().response().respondent();
        var entry = new LinkedHashMap<String, Object>();
        entry.put("id", c.id());
        entry.put("action", c.followUp().action().wireName());
        entry.put("status", c.status().wireName());
        entry.put("dueAt", c.followUp().dueAt().toString());
        entry.put("overdue", c.isOverdue(now));
        entry.put("owner", c.owner().wireName());
        entry.put("team", c.team());
        entry.put("tier", c.record().valueTier().wireName());
        entry.put("source", c.record().key().source());
        entry.put("score", c.record().response().score().value());
        entry.put("name", respondent.name());
        entry.put("accountId", respondent.accountId());
        return entry;
    }

    /** Open cases per filter value, from the counters kept with every case change. */
    private Map<String, Object> counts(DeskUser user) {
        var counts = DeskCountsItem.counts(cases.partition(DeskCountsItem.partition()));
        var byFilter = new LinkedHashMap<String, Map<String, Long>>();
        for (var name : List.of("action", "tier", "source", "owner")) {
            byFilter.put(name, new TreeMap<>());
        }
        var mine = personOf(user).wireName();
        counts.forEach((facet, count) -> {
            int split = facet.indexOf('#');
            var name = facet.substring(0, split);
            var value = facet.substring(split + 1);
            if (name.equals("owner")) {
                if (value.equals(mine)) {
                    byFilter.get("owner").put("mine", count);
                }
                // Other people's counts are for leads.
                if (!value.startsWith("person:") || user.may(Permission.SEE_LEAD_VIEW)) {
                    byFilter.get("owner").put(value, count);
                }
            } else if (byFilter.containsKey(name)) {
                byFilter.get(name).put(value, count);
            }
        });
        byFilter.get("owner").putIfAbsent("mine", 0L);
        byFilter.get("owner").putIfAbsent("unassigned", 0L);
        return new LinkedHashMap<>(byFilter);
    }

    // ---- one case with its context

    public Answer show(DeskUser user, String caseId) {
        if (!user.may(Permission.SEE_CASES)) {
            return DeskAnswers.notAllowed();
        }
        var key = ResponseKey.fromCaseId(caseId).orElse(null);
        var found = key == null ? null : cases.find(key).orElse(null);
        if (found == null) {
            return unknown(caseId);
        }
        var now = clock.instant();
        var record = found.record();
        var response = record.response();
        var respondent = response.respondent();
        var body = new LinkedHashMap<String, Object>();
        body.put("id", found.id());
        var who = new LinkedHashMap<String, Object>();
        who.put("customerId", respondent.id());
        who.put("name", respondent.name());
        who.put("email", respondent.email());
        who.put("annualValue", respondent.annualValue());
        who.put("tier", record.valueTier().wireName());
        who.put("accountId", respondent.accountId());
        body.put("who", who);
        var answer = new LinkedHashMap<String, Object>();
        answer.put("score", response.score().value());
        answer.put("category", record.category().wireName());
        answer.put("comment", response.comment());
        answer.put("source", record.key().source());
        answer.put("surveyId", response.surveyId());
        answer.put("submittedAt", response.submittedAt().toString());
        body.put("answer", answer);
        body.put("case", caseView(found, now));
        // The Zendesk ticket or HubSpot task of the case: support may have the customer in hand already.
        body.put("elsewhere", elsewhere.views(found.id()));
        var context = new LinkedHashMap<String, Object>();
        if (respondent.id() != null) {
            customerContext(respondent.id(), found.id(), context);
        }
        context.put("account", respondent.accountId() == null ? null : accountContext(respondent.accountId(), respondent.id()));
        body.put("context", context);
        return Answer.json(200, "shown", body);
    }

    private Map<String, Object> caseView(FollowUpCase c, Instant now) {
        var view = new LinkedHashMap<String, Object>();
        view.put("action", c.followUp().action().wireName());
        view.put("status", c.status().wireName());
        view.put("owner", c.owner().wireName());
        view.put("team", c.team());
        view.put("dueAt", c.followUp().dueAt().toString());
        view.put("overdue", c.isOverdue(now));
        view.put("escalatedAt", c.escalatedAt() == null ? null : c.escalatedAt().toString());
        view.put("reason", c.followUp().reason());
        view.put("variant", c.followUp().variant().orElse(null));
        view.put("events", c.events().stream().map(DeskApi::eventView).toList());
        view.put("notes", c.events().stream().filter(e -> e.note() != null)
                .map(e -> Map.of("at", e.at().toString(), "by", e.by(), "text", e.note())).toList());
        view.put("referrals", referralsView(c).stream().map(this::withLead).toList());
        // Staff may pass the promoter's page on by hand: a fresh link, where links can be made.
        view.put("personalLink", personalLinks.of(c, now).orElse(null));
        return view;
    }

    /** A referred person with their lead: its status and the ask it is attributed to (maybe another case's). */
    private Map<String, Object> withLead(Map<String, Object> person) {
        var shown = new LinkedHashMap<>(person);
        var item = cases.item(LeadItem.key((String) person.get("leadId")));
        if (item.isEmpty()) {
            shown.put("lead", null);
            return shown;
        }
        var lead = new LinkedHashMap<String, Object>();
        lead.put("status", Table.str(item, LeadItem.STATUS));
        lead.put("caseId", Table.str(item, LeadItem.CASE_ID));
        lead.put("arm", Table.str(item, LeadItem.ARM));
        lead.put("action", Table.str(item, LeadItem.ACTION));
        lead.put("reason", Table.str(item, LeadItem.DECISION_REASON));
        lead.put("origin", Table.str(item, LeadItem.ORIGIN));
        lead.put("convertedValue", item.containsKey(LeadItem.CONVERTED_VALUE) ? new java.math.BigDecimal(item.get(LeadItem.CONVERTED_VALUE).n())
                : null);
        lead.put("convertedAt", Table.str(item, LeadItem.CONVERTED_AT));
        shown.put("lead", lead);
        return shown;
    }

    /** {@code POST /desk/api/leads/{leadId}/conversion}: marks a lead converted with a value, as the API does. */
    public Answer conversion(DeskUser user, String leadId, String body) {
        if (!user.may(Permission.CHANGE_CASES)) {
            return DeskAnswers.notAllowed();
        }
        var json = object(body);
        if (json == null) {
            return invalidBody("{\"value\":1200}");
        }
        return LeadConversions.answer(conversions.convert(leadId, json.get("value"), clock.instant()));
    }

    /** The people referred on a case, each with the lead they are (attributed to this case or to the one that named them first). */
    public static List<Map<String, Object>> referralsView(FollowUpCase c) {
        return c.referrals().stream().map(r -> {
            var person = new LinkedHashMap<String, Object>();
            person.put("name", r.name());
            person.put("contact", r.contact());
            person.put("note", r.note());
            person.put("leadId", r.leadId());
            return (Map<String, Object>) person;
        }).toList();
    }

    /** A case event as the API shows it: the fields a step has, no others. */
    public static Map<String, Object> eventView(CaseEvent e) {
        var event = new LinkedHashMap<String, Object>();
        event.put("type", e.type().wireName());
        event.put("at", e.at().toString());
        event.put("by", e.by());
        event.put("note", e.note());
        if (e.owner() != null) {
            event.put("owner", e.owner().wireName());
        }
        if (e.team() != null) {
            event.put("team", e.team());
        }
        if (e.channel() != null) {
            event.put("channel", e.channel().wireName());
        }
        if (e.reached() != null) {
            event.put("reached", e.reached());
        }
        if (e.reasonCode() != null) {
            event.put("reasonCode", e.reasonCode().wireName());
        }
        return event;
    }

    /** The customer's earlier answers and cases, by the keys on their state; their outcomes by the ids there. */
    private void customerContext(String customerId, String caseId, Map<String, Object> context) {
        var state = cases.item(CustomerItem.key(customerId));
        var answers = new ArrayList<Map<String, Object>>();
        var earlierCases = new ArrayList<Map<String, Object>>();
        var keys = strings(state, CustomerItem.RESPONSE_KEYS).stream().filter(k -> !k.equals(caseId)).limit(MAX_CONTEXT)
                .map(ResponseKey::fromValue).flatMap(java.util.Optional::stream).map(ResponseItem::key).toList();
        var items = new ArrayList<>(cases.items(keys));
        items.sort(Comparator.comparing((Map<String, AttributeValue> i) -> Table.str(i, ResponseItem.SUBMITTED_AT)).reversed());
        for (var item : items) {
            var id = ResponseItem.keyOf(item).value();
            var entry = new LinkedHashMap<String, Object>();
            entry.put("id", id);
            entry.put("score", Integer.parseInt(item.get(ResponseItem.SCORE).n()));
            entry.put("category", Table.str(item, ResponseItem.CATEGORY));
            entry.put("comment", Table.str(item, ResponseItem.COMMENT));
            entry.put("submittedAt", Table.str(item, ResponseItem.SUBMITTED_AT));
            answers.add(entry);
            if (item.containsKey(ResponseItem.CASE_STATUS)) {
                var earlier = cases.toCaseView(item);
                var ended = new LinkedHashMap<String, Object>();
                ended.put("id", id);
                ended.put("action", earlier.followUp().action().wireName());
                ended.put("status", earlier.status().wireName());
                var last = earlier.events().isEmpty() ? null : earlier.events().get(earlier.events().size() - 1);
                ended.put("lastStepAt", last == null ? null : last.at().toString());
                ended.put("reasonCode", earlier.events().stream().map(CaseEvent::reasonCode).filter(Objects::nonNull)
                        .reduce((a, b) -> b).map(ReasonCode::wireName).orElse(null));
                ended.put("referrals", earlier.referrals().size());
                earlierCases.add(ended);
            }
        }
        var outcomeKeys = strings(state, CustomerItem.OUTCOME_IDS).stream().limit(MAX_CONTEXT).map(OutcomeItem::key).toList();
        var outcomeItems = new ArrayList<>(cases.items(outcomeKeys));
        outcomeItems.sort(Comparator.comparing((Map<String, AttributeValue> i) -> Table.str(i, OutcomeItem.OCCURRED_AT)).reversed());
        var outcomeViews = new ArrayList<Map<String, Object>>();
        int referralsGiven = 0;
        for (var item : outcomeItems) {
            var type = Table.str(item, OutcomeItem.OUTCOME_TYPE);
            if (OutcomeType.REFERRAL_LEAD.wireName().equals(type)) {
                referralsGiven++;
            }
            var entry = new LinkedHashMap<String, Object>();
            entry.put("type", type);
            entry.put("value", item.containsKey(OutcomeItem.VALUE) ? new BigDecimal(item.get(OutcomeItem.VALUE).n()) : null);
            entry.put("occurredAt", Table.str(item, OutcomeItem.OCCURRED_AT));
            outcomeViews.add(entry);
        }
        context.put("earlierAnswers", answers);
        context.put("earlierCases", earlierCases);
        context.put("outcomes", outcomeViews);
        context.put("referralsGiven", referralsGiven);
    }

    /** The account's contacts (latest answer each), its open case and its NPS over those answers, from its latest answers. */
    private Map<String, Object> accountContext(String accountId, String customerId) {
        var account = cases.item(AccountItem.key(accountId));
        var latest = new LinkedHashMap<String, Map<String, AttributeValue>>();
        for (var item : cases.accountResponses(accountId, MAX_CONTEXT)) {
            var who = Table.str(item, ResponseItem.CUSTOMER_ID);
            latest.putIfAbsent(who == null ? ResponseItem.keyOf(item).value() : who, item);
        }
        int promoters = 0;
        int detractors = 0;
        var contacts = new ArrayList<Map<String, Object>>();
        for (var entry : latest.entrySet()) {
            var item = entry.getValue();
            var category = Table.str(item, ResponseItem.CATEGORY);
            promoters += Category.PROMOTER.wireName().equals(category) ? 1 : 0;
            detractors += Category.DETRACTOR.wireName().equals(category) ? 1 : 0;
            if (entry.getKey().equals(customerId)) {
                continue;
            }
            var contact = new LinkedHashMap<String, Object>();
            contact.put("customerId", Table.str(item, ResponseItem.CUSTOMER_ID));
            contact.put("name", Table.str(item, ResponseItem.NAME));
            contact.put("email", Table.str(item, ResponseItem.EMAIL));
            contact.put("score", Integer.parseInt(item.get(ResponseItem.SCORE).n()));
            contact.put("submittedAt", Table.str(item, ResponseItem.SUBMITTED_AT));
            contacts.add(contact);
        }
        var view = new LinkedHashMap<String, Object>();
        view.put("accountId", accountId);
        view.put("openCase", Table.str(account, AccountItem.OPEN_RECOVERY_CASE));
        view.put("contacts", contacts);
        view.put("respondents", latest.size());
        view.put("nps", latest.isEmpty() ? null : Math.round(100.0 * (promoters - detractors) / latest.size()));
        return view;
    }

    // ---- steps

    public Answer claim(DeskUser user, String caseId) {
        if (!user.may(Permission.CHANGE_CASES)) {
            return DeskAnswers.notAllowed();
        }
        var key = ResponseKey.fromCaseId(caseId).orElse(null);
        if (key == null) {
            return unknown(caseId);
        }
        var me = personOf(user);
        var event = new CaseEvent(CaseEvent.Type.CLAIMED, clock.instant(), who(user), null, me, team(user), null, null, null);
        // Someone else's case is taken over only by a lead.
        Predicate<FollowUpCase> allowed = c -> c.owner().kind() != CaseOwner.Kind.PERSON || c.owner().equals(me)
                || user.may(Permission.REASSIGN);
        return answer(caseId, cases.record(key, List.of(event), List.of(), allowed), 409, "claimed");
    }

    public Answer assign(DeskUser user, String caseId, String body) {
        if (!user.may(Permission.CHANGE_CASES)) {
            return DeskAnswers.notAllowed();
        }
        var key = ResponseKey.fromCaseId(caseId).orElse(null);
        if (key == null) {
            return unknown(caseId);
        }
        var json = object(body);
        if (json == null) {
            return invalidBody("{\"to\":\"ana@example.com\"} or {\"to\":\"team:billing\",\"note\":\"…\"}");
        }
        var errors = new ArrayList<Map<String, String>>();
        CaseOwner to = null;
        if (json.get("to") instanceof String target) {
            to = target.startsWith("team:") ? CaseOwner.fromWireName(target).orElse(null)
                    : Referral.isContact(target) && target.contains("@") && plain(target, 254) ? CaseOwner.person(target) : null;
        }
        if (to == null) {
            errors.add(error("to", "must be a person's email or team:<name>"));
        }
        var note = note(json, errors);
        if (!errors.isEmpty()) {
            return Answer.problem(400, "invalid", "The assignment is not valid.", errors);
        }
        var team = to.kind() == CaseOwner.Kind.TEAM ? to.name() : null;
        var event = new CaseEvent(CaseEvent.Type.ASSIGNED, clock.instant(), who(user), note, to, team, null, null, null);
        var me = personOf(user);
        // A lead assigns any case; anyone else hands off only their own.
        Predicate<FollowUpCase> allowed = c -> user.may(Permission.REASSIGN) || c.owner().equals(me);
        var recorded = cases.record(key, List.of(event), List.of(), allowed);
        if (recorded instanceof DynamoDbCases.Refused) {
            return Answer.problem(403, "not-allowed", "Only a lead assigns a case someone else owns; claim it first if it is free.");
        }
        return answer(caseId, recorded, 409, "assigned");
    }

    public Answer attempt(DeskUser user, String caseId, String body) {
        if (!user.may(Permission.CHANGE_CASES)) {
            return DeskAnswers.notAllowed();
        }
        var key = ResponseKey.fromCaseId(caseId).orElse(null);
        if (key == null) {
            return unknown(caseId);
        }
        var json = object(body);
        if (json == null) {
            return invalidBody("{\"channel\":\"phone\",\"reached\":true,\"note\":\"…\"}");
        }
        var errors = new ArrayList<Map<String, String>>();
        var channel = json.get("channel") instanceof String c ? ContactChannel.fromWireName(c).orElse(null) : null;
        if (channel == null) {
            errors.add(error("channel", "must be one of phone, email, chat, meeting"));
        }
        if (!(json.get("reached") instanceof Boolean)) {
            errors.add(error("reached", "must be true or false"));
        }
        var note = note(json, errors);
        if (!errors.isEmpty()) {
            return Answer.problem(400, "invalid", "The attempt is not valid.", errors);
        }
        boolean reached = (Boolean) json.get("reached");
        var now = clock.instant();
        var attempt = new CaseEvent(CaseEvent.Type.ATTEMPTED, now, who(user), note, null, team(user), channel, reached, null);
        var contacted = new CaseEvent(CaseEvent.Type.CONTACTED, now, who(user), null, null, team(user), channel, null, null);
        // Reaching them the first time is the contact; later attempts are just attempts.
        var found = cases.find(key);
        if (found.isEmpty()) {
            return unknown(caseId);
        }
        var events = reached && found.get().status() == CaseStatus.OPEN ? List.of(attempt, contacted) : List.of(attempt);
        var recorded = cases.record(key, events, List.of(), c -> true);
        if (recorded instanceof DynamoDbCases.NotAllowed && events.size() == 2) {
            recorded = cases.record(key, List.of(attempt), List.of(), c -> true);
        }
        return answer(caseId, recorded, 409, "attempted");
    }

    public Answer event(DeskUser user, String caseId, String body) {
        if (!user.may(Permission.CHANGE_CASES)) {
            return DeskAnswers.notAllowed();
        }
        var key = ResponseKey.fromCaseId(caseId).orElse(null);
        if (key == null) {
            return unknown(caseId);
        }
        var json = object(body);
        if (json == null) {
            return invalidBody("{\"type\":\"resolved\",\"reasonCode\":\"billing\",\"note\":\"…\"}");
        }
        var errors = new ArrayList<Map<String, String>>();
        var type = json.get("type") instanceof String t ? CaseEvent.Type.fromWireName(t)
                .filter(x -> x == CaseEvent.Type.CONTACTED || x == CaseEvent.Type.RESOLVED || x == CaseEvent.Type.UNRESOLVED)
                .orElse(null) : null;
        if (type == null) {
            errors.add(error("type", "must be one of contacted, resolved, unresolved"));
        }
        ReasonCode reason = null;
        if (json.get("reasonCode") != null) {
            reason = json.get("reasonCode") instanceof String r ? ReasonCode.fromWireName(r).orElse(null) : null;
            if (reason == null) {
                errors.add(error("reasonCode", "must be one of billing, product, support, delivery, price, other"));
            }
        } else if (type == CaseEvent.Type.RESOLVED || type == CaseEvent.Type.UNRESOLVED) {
            errors.add(error("reasonCode", "is required to resolve or give up a case: billing, product, support, delivery, price or other"));
        }
        var note = note(json, errors);
        if (!errors.isEmpty()) {
            return Answer.problem(400, "invalid", "The step is not valid.", errors);
        }
        var event = new CaseEvent(type, clock.instant(), who(user), note, null, team(user), null, null, reason);
        return answer(caseId, cases.record(key, List.of(event), List.of(), c -> true), 409, "recorded");
    }

    public Answer outcome(DeskUser user, String caseId, String body) {
        if (!user.may(Permission.CHANGE_CASES)) {
            return DeskAnswers.notAllowed();
        }
        var key = ResponseKey.fromCaseId(caseId).orElse(null);
        var found = key == null ? null : cases.find(key).orElse(null);
        if (found == null) {
            return unknown(caseId);
        }
        var json = object(body);
        if (json == null) {
            return invalidBody("{\"type\":\"renewed\",\"value\":1200}");
        }
        var errors = new ArrayList<Map<String, String>>();
        var type = json.get("type") instanceof String t ? OutcomeType.fromWireName(t)
                .filter(x -> x == OutcomeType.RENEWED || x == OutcomeType.CHURNED || x == OutcomeType.CONCESSION).orElse(null) : null;
        if (type == null) {
            errors.add(error("type", "must be one of renewed, churned, concession"));
        }
        var eventId = eventId(json, errors);
        if (!errors.isEmpty()) {
            return Answer.problem(400, "invalid", "The outcome is not valid.", errors);
        }
        var customerId = found.record().response().respondent().id();
        if (customerId == null) {
            return Answer.problem(409, "no-customer", "This case's answer names no customer, so an outcome cannot be counted for it.");
        }
        var now = clock.instant();
        var event = new LinkedHashMap<String, Object>();
        event.put("eventId", eventId);
        event.put("customerId", customerId);
        event.put("type", type.wireName());
        event.put("occurredAt", now.toString());
        if (json.get("value") != null) {
            event.put("value", json.get("value"));
        }
        var result = recordOutcomes(List.of(event)).get(0);
        if ("rejected".equals(result.get("status"))) {
            @SuppressWarnings("unchecked")
            var reasons = (List<Map<String, String>>) result.get("errors");
            return Answer.problem(400, "invalid", "The outcome is not valid.", reasons);
        }
        if ("recorded".equals(result.get("status"))) {
            var note = type.wireName() + (json.get("value") != null ? " " + json.get("value") : "");
            cases.record(key, List.of(new CaseEvent(CaseEvent.Type.OUTCOME, now, who(user), note)), List.of(), c -> true);
        }
        return Answer.json(200, String.valueOf(result.get("status")), Map.of("outcome", result,
                "case", caseView(cases.find(key).orElseThrow(), clock.instant())));
    }

    public Answer referrals(DeskUser user, String caseId, String body) {
        if (!user.may(Permission.CHANGE_CASES)) {
            return DeskAnswers.notAllowed();
        }
        var key = ResponseKey.fromCaseId(caseId).orElse(null);
        var found = key == null ? null : cases.find(key).orElse(null);
        if (found == null) {
            return unknown(caseId);
        }
        var json = object(body);
        if (json == null || !(json.get("people") instanceof List<?> people)) {
            return invalidBody("{\"people\":[{\"name\":\"Sam Lee\",\"contact\":\"sam@example.com\",\"consent\":true}]}");
        }
        var errors = new ArrayList<Map<String, String>>();
        if (people.isEmpty() || people.size() > Referral.MAX_PER_CASE_CALL) {
            errors.add(error("people", "must list 1 to " + Referral.MAX_PER_CASE_CALL + " people"));
        }
        var referrals = new ArrayList<Referral>();
        for (int i = 0; i < people.size() && i < Referral.MAX_PER_CASE_CALL; i++) {
            var field = "people[" + i + "]";
            if (!(people.get(i) instanceof Map<?, ?> person)) {
                errors.add(error(field, "must be an object with name, contact and consent"));
                continue;
            }
            var name = person.get("name") instanceof String n && plain(n, Referral.MAX_NAME) && !n.isBlank() ? n.strip() : null;
            if (name == null) {
                errors.add(error(field + ".name", "is required: 1 to " + Referral.MAX_NAME + " characters without control characters"));
            }
            var contact = person.get("contact") instanceof String c && plain(c, Referral.MAX_CONTACT) && Referral.isContact(c.strip())
                    ? c.strip() : null;
            if (contact == null) {
                errors.add(error(field + ".contact", "must be an email address or a phone number"));
            }
            if (!Boolean.TRUE.equals(person.get("consent"))) {
                errors.add(error(field + ".consent", "must be true: the promoter confirms this person agreed to be contacted"));
            }
            if (name != null && contact != null) {
                referrals.add(new Referral(name, contact));
            }
        }
        if (!errors.isEmpty()) {
            return Answer.problem(400, "invalid", "The referrals are not valid.", errors);
        }
        var customerId = found.record().response().respondent().id();
        if (customerId == null) {
            return Answer.problem(409, "no-customer", "This case's answer names no customer, so referrals cannot be counted for it.");
        }
        var given = leads.give(found, referrals, who(user), ReferralLeads.Origin.DESK, clock.instant());
        if (!(given.recorded() instanceof DynamoDbCases.Moved)) {
            return answer(caseId, given.recorded(), 409, "referred");
        }
        return Answer.json(200, "referred", Map.of("outcomes", given.outcomes(), "newLeads", given.newLeads(),
                "case", caseView(cases.find(key).orElseThrow(), clock.instant())));
    }

    private List<Map<String, Object>> recordOutcomes(List<Map<String, Object>> events) {
        @SuppressWarnings("unchecked")
        var results = (List<Map<String, Object>>) outcomes.record(events).get("results");
        return results;
    }

    // ---- the lead view

    public Answer lead(DeskUser user) {
        if (!user.may(Permission.SEE_LEAD_VIEW)) {
            return DeskAnswers.notAllowed();
        }
        var now = clock.instant();
        var thisWeek = DeskSlaItem.week(now);
        var lastWeek = DeskSlaItem.week(now.minus(Duration.ofDays(7)));
        var people = new TreeMap<String, Map<String, Object>>();
        var teams = new TreeMap<String, Map<String, Object>>();
        for (var week : List.of(thisWeek, lastWeek)) {
            for (var item : cases.partition(DeskSlaItem.partition(week))) {
                var sortKey = Table.str(item, Table.SK);
                var target = sortKey.startsWith(DeskSlaItem.PERSON) ? people : teams;
                var name = sortKey.substring(sortKey.indexOf('#') + 1);
                target.computeIfAbsent(name, n -> new LinkedHashMap<>(Map.of("thisWeek", share(null), "lastWeek", share(null))))
                        .put(week.equals(thisWeek) ? "thisWeek" : "lastWeek", share(item));
            }
        }
        var overdue = new ArrayList<FollowUpCase>();
        for (var action : Action.values()) {
            var page = cases.openPage(Table.OPEN_CASES_INDEX, Table.OPEN_CASES_PARTITION_KEY, action.wireName(), now, null, null,
                    Map.of(), MAX_OVERDUE);
            page.cases().forEach(l -> overdue.add(l.followUpCase()));
        }
        overdue.sort(Comparator.comparing((FollowUpCase c) -> c.followUp().dueAt()).thenComparing(FollowUpCase::id));
        var ages = new LinkedHashMap<String, Long>();
        for (var bucket : List.of("under1d", "1to3d", "3to7d", "7to14d", "14dPlus")) {
            ages.put(bucket, 0L);
        }
        var today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        DeskCountsItem.counts(cases.partition(DeskCountsItem.partition())).forEach((facet, count) -> {
            if (facet.startsWith("day#")) {
                long days = ChronoUnit.DAYS.between(LocalDate.parse(facet.substring(4)), today);
                var bucket = days < 1 ? "under1d" : days < 3 ? "1to3d" : days < 7 ? "3to7d" : days < 14 ? "7to14d" : "14dPlus";
                ages.merge(bucket, count, Long::sum);
            }
        });
        var body = new LinkedHashMap<String, Object>();
        body.put("thisWeek", thisWeek);
        body.put("lastWeek", lastWeek);
        body.put("people", people);
        body.put("teams", teams);
        body.put("overdue", overdue.stream().limit(MAX_OVERDUE).map(c -> queueEntry(c, now)).toList());
        body.put("openByAge", ages);
        return Answer.json(200, "shown", body);
    }

    private static Map<String, Object> share(Map<String, AttributeValue> item) {
        long handled = item == null || !item.containsKey(DeskSlaItem.HANDLED) ? 0 : Long.parseLong(item.get(DeskSlaItem.HANDLED).n());
        long inSla = item == null || !item.containsKey(DeskSlaItem.IN_SLA) ? 0 : Long.parseLong(item.get(DeskSlaItem.IN_SLA).n());
        var share = new LinkedHashMap<String, Object>();
        share.put("handled", handled);
        share.put("contactedInSla", inSla);
        share.put("share", handled == 0 ? null : BigDecimal.valueOf(inSla).divide(BigDecimal.valueOf(handled), 3, java.math.RoundingMode.HALF_EVEN));
        return share;
    }

    // ---- helpers

    private Answer answer(String caseId, DynamoDbCases.Recorded recorded, int refusedStatus, String outcome) {
        if (recorded instanceof DynamoDbCases.NotFound) {
            return unknown(caseId);
        }
        if (recorded instanceof DynamoDbCases.NotAllowed notAllowed) {
            return Answer.problem(409, "not-allowed", "A " + notAllowed.current().wireName()
                    + " case cannot take this step. Steps: open → contacted → resolved or unresolved → closed; claims and assignments only while it needs someone.");
        }
        if (recorded instanceof DynamoDbCases.Refused refused) {
            return Answer.problem(refusedStatus, "owned", "The case is owned by " + refused.current().owner().wireName()
                    + "; only a lead takes over someone else's case.");
        }
        return Answer.json(200, outcome, caseView(((DynamoDbCases.Moved) recorded).after(), clock.instant()));
    }

    /** Who took a step, as the case's owner names them: the email without case. */
    private static String who(DeskUser user) {
        return personOf(user).name();
    }

    /** The person a case is owned by: their email, or their subject where the token carries no email. */
    private static CaseOwner personOf(DeskUser user) {
        return CaseOwner.person(user.email() == null ? user.subject() : user.email());
    }

    /** The team a person's step counts for: theirs, if they are in exactly one. */
    private static String team(DeskUser user) {
        return user.teams().size() == 1 ? user.teams().iterator().next() : null;
    }

    private static Answer unknown(String caseId) {
        return Answer.problem(404, "unknown-case", "No case " + (caseId == null ? "" : caseId) + ".");
    }

    private static Answer invalidBody(String example) {
        return Answer.problem(400, "invalid", "The body must be a JSON object like " + example + ".");
    }

    private static Map<String, Object> object(String body) {
        try {
            return JSON.std.mapFrom(body == null ? "" : body);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** A note: optional, at most {@link #MAX_NOTE} characters, no control characters but line breaks and tabs. */
    private static String note(Map<String, Object> json, List<Map<String, String>> errors) {
        var note = json.get("note");
        if (note == null) {
            return null;
        }
        if (!(note instanceof String text) || text.length() > MAX_NOTE
                || text.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t')) {
            errors.add(error("note", "must be a string of at most " + MAX_NOTE + " characters without control characters"));
            return null;
        }
        return text;
    }

    private static String eventId(Map<String, Object> json, List<Map<String, String>> errors) {
        var id = json.get("eventId");
        if (id == null) {
            return "desk-" + UUID.randomUUID();
        }
        if (id instanceof String s && plain(s, 200) && !s.isBlank()) {
            return s;
        }
        errors.add(error("eventId", "must be 1 to 200 characters without control characters: the same id for a retry of the same outcome"));
        return null;
    }

    private static boolean plain(String text, int max) {
        return text.length() <= max && text.chars().noneMatch(Character::isISOControl);
    }

    private static Map<String, String> error(String field, String message) {
        return Map.of("field", field, "message", message);
    }

    private static List<String> strings(Map<String, AttributeValue> item, String name) {
        var value = item.get(name);
        return value == null || !value.hasSs() ? List.of() : value.ss();
    }

}

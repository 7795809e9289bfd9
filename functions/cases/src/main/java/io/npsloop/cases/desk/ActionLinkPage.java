package io.npsloop.cases.desk;

import static io.npsloop.cases.desk.DeskHtml.escape;

import io.npsloop.cases.DynamoDbCases;
import io.npsloop.cases.desk.DeskTexts.Key;
import io.npsloop.domain.cases.ActionLink;
import io.npsloop.domain.cases.ActionLinkKeys;
import io.npsloop.domain.cases.ActionLinks;
import io.npsloop.domain.cases.CaseEvent;
import io.npsloop.domain.cases.CaseStatus;
import io.npsloop.domain.cases.FollowUpCase;
import io.npsloop.domain.intake.ResponseKey;
import io.npsloop.domain.notices.FollowUpNotices;
import io.npsloop.http.Answer;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The page a follow-up's action link opens. {@code GET} only shows the case and the step, with a
 * button: mail scanners and link previews open links, so opening one must change nothing.
 * {@code POST} with the token records the step once, through {@link DynamoDbCases#record} as the
 * cases API does, by {@value #BY}; a second confirmation says it was already done.
 */
public final class ActionLinkPage {

    /** Who the recorded events say took the step: the link's holder, whom nothing else names. */
    public static final String BY = "action link";

    private final DynamoDbCases cases;
    private final Supplier<Optional<ActionLinkKeys>> keys;
    private final Clock clock;

    public ActionLinkPage(DynamoDbCases cases, Supplier<Optional<ActionLinkKeys>> keys, Clock clock) {
        this.cases = Objects.requireNonNull(cases, "cases");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A checked link and its case, or the page that refuses it. */
    private record Opened(ActionLink link, FollowUpCase followUpCase, Answer refusal) {}

    public Answer show(Map<String, String> query) {
        var opened = open(query == null ? null : query.get(ActionLink.TOKEN_PARAMETER));
        if (opened.refusal() != null) {
            return opened.refusal();
        }
        var link = opened.link();
        var followUpCase = opened.followUpCase();
        var texts = texts(followUpCase);
        var step = stepLabel(followUpCase, link);
        var done = doneAt(followUpCase, link.action());
        if (done.isPresent()) {
            return already(followUpCase, link, done.get());
        }
        if (plan(followUpCase.status(), link.action()).isEmpty()) {
            return notApplicable(followUpCase, link);
        }
        var body = new StringBuilder();
        body.append("<p class=\"notice\">").append(escape(texts.text(Key.CONFIRM_INTRO))).append("</p>\n");
        body.append(summary(followUpCase, texts));
        if (plan(followUpCase.status(), link.action()).size() > 1) {
            body.append("<p>").append(escape(texts.text(Key.ALSO_CONTACTED))).append("</p>\n");
        }
        // Relative, so the form posts back to this route wherever the API is mounted.
        body.append("<form method=\"post\" action=\"").append(ActionLink.PATH.substring(ActionLink.PATH.lastIndexOf('/') + 1))
                .append("\">\n<input type=\"hidden\" name=\"").append(ActionLink.TOKEN_PARAMETER).append("\" value=\"")
                .append(escape(query.get(ActionLink.TOKEN_PARAMETER))).append("\">\n<button type=\"submit\" autofocus>")
                .append(escape(texts.fill(Key.CONFIRM_BUTTON, Map.of("step", step)))).append("</button>\n</form>\n");
        return DeskHtml.page(200, "shown", texts.language(), texts.fill(Key.CONFIRM_TITLE, Map.of("step", step)), body.toString());
    }

    /**
     * Records the step, if the request came from the link's page (or says nothing of where it came
     * from) and the token holds. The token in the body is the capability; no cookie is involved.
     */
    public Answer confirm(String formBody, Map<String, String> headers) {
        if (crossSite(headers == null ? Map.of() : headers)) {
            var texts = DeskTexts.ENGLISH;
            return refused(403, "cross-site", texts, Key.CROSS_SITE_TITLE, Key.CROSS_SITE);
        }
        var opened = open(form(formBody).get(ActionLink.TOKEN_PARAMETER));
        if (opened.refusal() != null) {
            return opened.refusal();
        }
        var link = opened.link();
        var key = ResponseKey.fromValue(link.caseId()).orElseThrow();
        var current = opened.followUpCase();
        for (int round = 0; round < 3; round++) {
            var done = doneAt(current, link.action());
            if (done.isPresent()) {
                return already(current, link, done.get());
            }
            var steps = plan(current.status(), link.action());
            if (steps.isEmpty()) {
                return notApplicable(current, link);
            }
            DynamoDbCases.Recorded outcome = null;
            for (var step : steps) {
                outcome = cases.record(key, new CaseEvent(step, clock.instant(), BY, null));
                if (!(outcome instanceof DynamoDbCases.Moved)) {
                    break;
                }
            }
            if (outcome instanceof DynamoDbCases.Moved moved && moved.after().events().stream().anyMatch(e -> e.type() == link.action())) {
                var texts = texts(moved.after());
                var body = "<p class=\"notice done\" role=\"status\">" + escape(texts.fill(Key.RECORDED,
                        Map.of("status", moved.after().status().wireName()))) + "</p>\n" + summary(moved.after(), texts);
                return DeskHtml.page(200, "recorded", texts.language(),
                        texts.fill(Key.RECORDED_TITLE, Map.of("step", stepLabel(moved.after(), link))), body);
            }
            if (outcome instanceof DynamoDbCases.NotFound) {
                return refused(404, "unknown-case", DeskTexts.ENGLISH, Key.NO_CASE_TITLE, Key.NO_CASE);
            }
            // Someone moved the case meanwhile (a second click, the API): judge again from where it is now.
            var reread = cases.find(key);
            if (reread.isEmpty()) {
                return refused(404, "unknown-case", DeskTexts.ENGLISH, Key.NO_CASE_TITLE, Key.NO_CASE);
            }
            current = reread.get();
        }
        throw new IllegalStateException("case " + key + " kept changing while a link's step was recorded");
    }

    /**
     * The events that take the case from {@code status} to the link's step, empty if it cannot get
     * there. A "resolved" link on a case still open records the contact first: whoever resolved
     * it contacted them, and the step a person clicks is the one they mean.
     */
    static List<CaseEvent.Type> plan(CaseStatus status, CaseEvent.Type step) {
        var direct = new CaseEvent(step, java.time.Instant.EPOCH, BY, null);
        if (direct.next(status).isPresent()) {
            return List.of(step);
        }
        if (step == CaseEvent.Type.RESOLVED && status == CaseStatus.OPEN) {
            return List.of(CaseEvent.Type.CONTACTED, CaseEvent.Type.RESOLVED);
        }
        return List.of();
    }

    /** When the link's step was recorded on the case, by anyone, if it was. */
    private static Optional<CaseEvent> doneAt(FollowUpCase followUpCase, CaseEvent.Type step) {
        return followUpCase.events().stream().filter(e -> e.type() == step).findFirst();
    }

    private Opened open(String token) {
        var ring = keys.get();
        if (ring.isEmpty()) {
            return new Opened(null, null, refused(400, "invalid-link", DeskTexts.ENGLISH, Key.INVALID_TITLE, Key.INVALID));
        }
        var checked = ring.get().check(token, clock.instant());
        if (checked instanceof ActionLinkKeys.Refused refused) {
            return new Opened(null, null, refused.reason() == ActionLinkKeys.Refusal.EXPIRED
                    ? refused(410, "expired-link", DeskTexts.ENGLISH, Key.EXPIRED_TITLE, Key.EXPIRED)
                    : refused(400, "invalid-link", DeskTexts.ENGLISH, Key.INVALID_TITLE, Key.INVALID));
        }
        var link = ((ActionLinkKeys.Valid) checked).link();
        var found = ResponseKey.fromValue(link.caseId()).flatMap(cases::find);
        if (found.isEmpty()) {
            // Erased, most likely: the link was genuine, the case is gone.
            return new Opened(link, null, refused(404, "unknown-case", DeskTexts.ENGLISH, Key.NO_CASE_TITLE, Key.NO_CASE));
        }
        return new Opened(link, found.get(), null);
    }

    private Answer already(FollowUpCase followUpCase, ActionLink link, CaseEvent done) {
        var texts = texts(followUpCase);
        var body = "<p class=\"notice done\" role=\"status\">" + escape(texts.fill(Key.ALREADY, Map.of("at", done.at().toString())))
                + "</p>\n" + summary(followUpCase, texts);
        return DeskHtml.page(200, "already-done", texts.language(),
                texts.fill(Key.ALREADY_TITLE, Map.of("step", stepLabel(followUpCase, link))), body);
    }

    private Answer notApplicable(FollowUpCase followUpCase, ActionLink link) {
        var texts = texts(followUpCase);
        var body = "<p class=\"notice refused\" role=\"status\">" + escape(texts.fill(Key.NOT_APPLICABLE,
                Map.of("status", followUpCase.status().wireName()))) + "</p>\n" + summary(followUpCase, texts);
        return DeskHtml.page(409, "not-allowed", texts.language(),
                texts.fill(Key.NOT_APPLICABLE_TITLE, Map.of("step", stepLabel(followUpCase, link))), body);
    }

    /** A page that names no case: what was wrong with the link, in plain words. */
    private static Answer refused(int status, String outcome, DeskTexts texts, Key title, Key detail) {
        return DeskHtml.page(status, outcome, texts.language(), texts.text(title),
                "<p class=\"notice refused\" role=\"alert\">" + escape(texts.text(detail)) + "</p>\n");
    }

    /**
     * The case's details, then a link to it in the desk. Relative: this page is {@code <base>/desk/act},
     * so {@code ./} is the desk wherever the API is mounted. The desk asks for a sign-in; the link grants nothing.
     */
    private static String summary(FollowUpCase followUpCase, DeskTexts texts) {
        return details(followUpCase, texts) + "<p><a href=\"./" + escape(ActionLinks.caseRoute(followUpCase.id())) + "\">"
                + escape(texts.text(Key.OPEN_IN_DESK)) + "</a></p>\n";
    }

    /** Who, score, comment and where the case stands: text, escaped, whatever the respondent wrote. */
    private static String details(FollowUpCase followUpCase, DeskTexts texts) {
        var response = followUpCase.record().response();
        var respondent = response.respondent();
        var who = respondent.name() != null
                ? respondent.name() + (respondent.email() != null ? " <" + respondent.email() + ">" : "")
                : respondent.email();
        if (respondent.id() != null) {
            who = (who == null ? "" : who + ", ") + texts.fill(Key.CUSTOMER, Map.of("id", respondent.id()));
        }
        var language = followUpCase.record().response().respondent().locale();
        var rows = new StringBuilder("<dl>\n");
        row(rows, texts.text(Key.FOLLOW_UP), FollowUpNotices.actionLabel(followUpCase.followUp().action(), language));
        row(rows, texts.text(Key.WHO), who == null ? texts.text(Key.ANONYMOUS) : who);
        row(rows, texts.text(Key.SCORE), texts.fill(Key.SCORE_VALUE, Map.of("score", String.valueOf(response.score().value()))));
        row(rows, texts.text(Key.COMMENT), response.comment() == null ? texts.text(Key.NO_COMMENT) : response.comment());
        row(rows, texts.text(Key.DUE), followUpCase.followUp().dueAt().toString());
        row(rows, texts.text(Key.STATUS), followUpCase.status().wireName());
        return rows.append("</dl>\n").toString();
    }

    private static void row(StringBuilder rows, String label, String value) {
        rows.append("<dt>").append(escape(label)).append("</dt><dd>").append(escape(value)).append("</dd>\n");
    }

    /** The case's language as the messages chose it: the respondent's where there are texts for it, else English. */
    private static DeskTexts texts(FollowUpCase followUpCase) {
        return DeskTexts.of(FollowUpNotices.language(followUpCase.record().response().respondent().locale()));
    }

    private static String stepLabel(FollowUpCase followUpCase, ActionLink link) {
        return FollowUpNotices.stepLabel(followUpCase.followUp().action(), link.action(),
                followUpCase.record().response().respondent().locale());
    }

    /**
     * A browser says where a form post came from: Sec-Fetch-Site, which when sent decides; else
     * Origin, which must be this host. Under this page's no-referrer policy browsers send
     * {@code Origin: null} with the form, so null alone proves nothing either way. A request with
     * neither (a script, an old browser) still needs the token.
     */
    static boolean crossSite(Map<String, String> headers) {
        var lower = new java.util.HashMap<String, String>();
        headers.forEach((name, value) -> lower.put(name.toLowerCase(Locale.ROOT), value == null ? "" : value.strip()));
        var site = lower.get("sec-fetch-site");
        if (site != null) {
            return !site.equals("same-origin") && !site.equals("none");
        }
        var origin = lower.get("origin");
        if (origin == null || origin.equals("null")) {
            return false;
        }
        var host = lower.get("host");
        try {
            var authority = URI.create(origin).getRawAuthority();
            return authority == null || host == null || !authority.equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    /** An application/x-www-form-urlencoded body, first value of each name. */
    static Map<String, String> form(String body) {
        var fields = new java.util.HashMap<String, String>();
        if (body == null || body.isEmpty()) {
            return fields;
        }
        for (var pair : body.split("&")) {
            int eq = pair.indexOf('=');
            try {
                var name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                var value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                fields.putIfAbsent(name, value);
            } catch (IllegalArgumentException malformed) {
                // skipped: the token check refuses what is missing
            }
        }
        return fields;
    }
}

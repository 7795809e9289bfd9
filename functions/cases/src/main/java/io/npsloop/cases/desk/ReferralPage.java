package io.npsloop.cases.desk;

import static io.npsloop.cases.desk.DeskHtml.escape;

import io.npsloop.cases.DynamoDbCases;
import io.npsloop.cases.DynamoDbReferralLinks;
import io.npsloop.cases.ReferralLeads;
import io.npsloop.cases.desk.DeskTexts.Key;
import io.npsloop.domain.cases.ActionLinkKeys;
import io.npsloop.domain.cases.CaseStatus;
import io.npsloop.domain.cases.FollowUpCase;
import io.npsloop.domain.cases.Referral;
import io.npsloop.domain.cases.ReferralForm;
import io.npsloop.domain.cases.ReferralLink;
import io.npsloop.domain.intake.ResponseKey;
import io.npsloop.domain.notices.FollowUpNotices;
import io.npsloop.domain.policy.Action;
import io.npsloop.http.Answer;
import io.npsloop.table.ReferralLinkItem;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A promoter's referral page, {@code /refer/<token>}: {@code GET} thanks them by first name (nothing
 * else of theirs is shown) and offers a plain form for up to three people, which {@code POST}s back
 * to the same address, no script needed. A post is judged in this order: its size, the posts from
 * its address, where it came from, the link, the posts to the link, the link's one use, the field
 * people never see, the time taken since the form was shown, the fields; then the link's use is
 * claimed in the transaction that puts the people on the case (so of concurrent posts one stores,
 * and a use is never taken with nothing kept) and the people become leads through
 * {@link ReferralLeads}, as the desk's do, by {@value #BY}. A post that stopped before its leads were
 * all made is finished by the next visit to the link.
 */
public final class ReferralPage {

    /** Who the REFERRED event says gave the people. */
    public static final String BY = "promoter (referral page)";
    /** Three people with every field full fit many times over. */
    public static final int MAX_BODY_BYTES = 16 * 1024;
    public static final int MAX_POSTS_PER_LINK = 10;
    public static final int MAX_POSTS_PER_ADDRESS = 30;

    private final DynamoDbCases cases;
    private final ReferralLeads leads;
    private final DynamoDbReferralLinks links;
    private final Supplier<Optional<ActionLinkKeys>> keys;
    private final Clock clock;

    public ReferralPage(DynamoDbCases cases, ReferralLeads leads, DynamoDbReferralLinks links, Supplier<Optional<ActionLinkKeys>> keys,
                        Clock clock) {
        this.cases = Objects.requireNonNull(cases, "cases");
        this.leads = Objects.requireNonNull(leads, "leads");
        this.links = Objects.requireNonNull(links, "links");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A checked link with its ring and case, or the page that refuses it. */
    private record Opened(ActionLinkKeys ring, ReferralLink link, FollowUpCase followUpCase, Answer refusal) {}

    public Answer show(String token, Map<String, String> headers) {
        var opened = open(token, headers);
        if (opened.refusal() != null) {
            return opened.refusal();
        }
        var key = opened.followUpCase().record().key();
        if (links.used(key)) {
            finish(opened.followUpCase());
            return already(opened.followUpCase());
        }
        var empty = ReferralForm.read(Map.of());
        return form(200, "shown", opened, empty.rows(), Map.of(), null);
    }

    public Answer submit(String token, String body, Map<String, String> headers, String sourceIp) {
        var guess = guessed(headers);
        if (body != null && body.getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
            return notice(413, "too-large", guess, Key.REFER_TOO_LARGE_TITLE, Key.REFER_TOO_LARGE, true);
        }
        var now = clock.instant();
        if (sourceIp != null && !links.count(ReferralLinkItem.addressWindow(sourceIp, now), MAX_POSTS_PER_ADDRESS, now)) {
            return notice(429, "rate-limited", guess, Key.REFER_TOO_MANY_TITLE, Key.REFER_TOO_MANY, true);
        }
        if (ActionLinkPage.crossSite(headers == null ? Map.of() : headers)) {
            return notice(403, "cross-site", guess, Key.REFER_INVALID_TITLE, Key.REFER_CROSS_SITE, true);
        }
        var opened = open(token, headers);
        if (opened.refusal() != null) {
            return opened.refusal();
        }
        var followUpCase = opened.followUpCase();
        var key = followUpCase.record().key();
        var texts = texts(followUpCase);
        if (!links.count(ReferralLinkItem.linkWindow(key, now), MAX_POSTS_PER_LINK, now)) {
            return notice(429, "rate-limited", texts, Key.REFER_TOO_MANY_TITLE, Key.REFER_TOO_MANY, true);
        }
        if (links.used(key)) {
            finish(followUpCase);
            return already(followUpCase);
        }
        var form = ReferralForm.read(ActionLinkPage.form(body));
        if (form.trapped()) {
            // A bot: it learns nothing, and the log line says only "trapped".
            return thanks(followUpCase, "trapped");
        }
        var shownAt = opened.link().shownAt(opened.ring(), ActionLinkPage.form(body).get(ReferralForm.SHOWN));
        if (ReferralForm.tooFast(shownAt, now)) {
            return form(400, "too-fast", opened, form.rows(), Map.of(), Key.REFER_TOO_FAST);
        }
        if (!form.valid()) {
            return form(400, "invalid", opened, form.rows(), form.problems(), Key.REFER_FIX);
        }
        // The use is taken in the very write that puts the people on the case: both or neither.
        var given = leads.give(followUpCase, form.people(), BY, ReferralLeads.Origin.PAGE, now, links.claim(key, now, form.people()));
        if (given.recorded() instanceof DynamoDbCases.AlongsideRefused) {
            finish(followUpCase);
            return already(followUpCase);
        }
        if (!(given.recorded() instanceof DynamoDbCases.Moved)) {
            // Closed or erased meanwhile: nothing stored, the use not taken.
            return notice(400, "invalid-link", texts, Key.REFER_INVALID_TITLE, Key.REFER_INVALID, true);
        }
        links.completed(key, now);
        return thanks(followUpCase, "referred");
    }

    /**
     * Finishes a use whose post stopped after its people were on the case and before they were all
     * leads: whoever comes next to the link (the promoter sending again, most likely) completes it.
     */
    private void finish(FollowUpCase followUpCase) {
        var key = followUpCase.record().key();
        links.pending(key).ifPresent(pending -> {
            leads.complete(followUpCase, pending.people(), ReferralLeads.Origin.PAGE, pending.usedAt());
            links.completed(key, clock.instant());
        });
    }

    /**
     * The link, its ring and its case. Every link that does not lead to a referral case that can
     * still take people gets the same page, whatever was wrong: a forged, changed or unknown one
     * learns nothing. Only an expired genuine link says so.
     */
    private Opened open(String token, Map<String, String> headers) {
        var guess = guessed(headers);
        var invalid = notice(400, "invalid-link", guess, Key.REFER_INVALID_TITLE, Key.REFER_INVALID, true);
        var ring = keys.get();
        if (ring.isEmpty()) {
            return new Opened(null, null, null, invalid);
        }
        var checked = ReferralLink.check(ring.get(), token, clock.instant());
        if (checked instanceof ReferralLink.Refused refused) {
            return new Opened(null, null, null, refused.reason() == ActionLinkKeys.Refusal.EXPIRED
                    ? notice(410, "expired-link", guess, Key.REFER_EXPIRED_TITLE, Key.REFER_EXPIRED, true) : invalid);
        }
        var link = ((ReferralLink.Valid) checked).link();
        var found = ResponseKey.fromValue(link.caseId()).flatMap(cases::find)
                .filter(c -> c.followUp().action() == Action.REFERRAL && c.status() != CaseStatus.CLOSED);
        if (found.isEmpty()) {
            return new Opened(null, null, null, invalid);
        }
        return new Opened(ring.get(), link, found.get(), null);
    }

    private Answer form(int status, String outcome, Opened opened, List<ReferralForm.Row> rows, Map<String, ReferralForm.Problem> problems,
                        Key message) {
        var followUpCase = opened.followUpCase();
        var texts = texts(followUpCase);
        var body = new StringBuilder();
        body.append("<p>").append(escape(texts.text(Key.REFER_INTRO))).append("</p>\n");
        if (message != null) {
            body.append("<p class=\"notice refused\" role=\"alert\">").append(escape(texts.text(message))).append("</p>\n");
        }
        if (problems.containsKey("people")) {
            body.append("<p class=\"error\" id=\"people-error\">").append(escape(problem(texts, problems.get("people")))).append("</p>\n");
        }
        // No action: the form posts back to this very address, token and all.
        body.append("<form method=\"post\">\n");
        body.append("<input type=\"hidden\" name=\"").append(ReferralForm.SHOWN).append("\" value=\"")
                .append(escape(opened.link().stamp(opened.ring(), clock.instant()))).append("\">\n");
        body.append("<div class=\"trap\" aria-hidden=\"true\"><label for=\"").append(ReferralForm.TRAP).append("\">")
                .append(escape(texts.text(Key.REFER_TRAP))).append("</label><input id=\"").append(ReferralForm.TRAP)
                .append("\" name=\"").append(ReferralForm.TRAP).append("\" type=\"text\" tabindex=\"-1\" autocomplete=\"off\"></div>\n");
        for (int i = 1; i <= Referral.MAX_PER_CASE_CALL; i++) {
            var row = rows.get(i - 1);
            body.append("<fieldset>\n<legend>").append(escape(texts.fill(Key.REFER_PERSON, Map.of("n", String.valueOf(i)))))
                    .append("</legend>\n");
            field(body, texts, problems, "name", i, Key.REFER_NAME, row.name(), Referral.MAX_NAME, "name");
            field(body, texts, problems, "contact", i, Key.REFER_CONTACT, row.contact(), Referral.MAX_CONTACT, "off");
            var note = ReferralForm.field("note", i);
            body.append("<label for=\"").append(note).append("\">").append(escape(texts.text(Key.REFER_NOTE))).append("</label>\n")
                    .append("<textarea id=\"").append(note).append("\" name=\"").append(note).append("\" rows=\"3\" maxlength=\"")
                    .append(Referral.MAX_NOTE).append("\"").append(invalid(problems, note)).append(">").append(escape(row.note()))
                    .append("</textarea>\n");
            error(body, texts, problems, note);
            var consent = ReferralForm.field("consent", i);
            body.append("<label class=\"check\"><input type=\"checkbox\" id=\"").append(consent).append("\" name=\"").append(consent)
                    .append("\" value=\"yes\"").append(row.consent() ? " checked" : "").append(invalid(problems, consent)).append("> ")
                    .append(escape(texts.text(Key.REFER_CONSENT))).append("</label>\n");
            error(body, texts, problems, consent);
            body.append("</fieldset>\n");
        }
        body.append("<button type=\"submit\">").append(escape(texts.text(Key.REFER_SEND))).append("</button>\n</form>\n");
        var first = FollowUpNotices.firstName(followUpCase.record().response().respondent().name());
        var title = first == null ? texts.text(Key.REFER_TITLE_NO_NAME) : texts.fill(Key.REFER_TITLE, Map.of("name", first));
        return DeskHtml.page(status, outcome, texts.language(), title, body.toString());
    }

    private static void field(StringBuilder body, DeskTexts texts, Map<String, ReferralForm.Problem> problems, String name, int row,
                              Key label, String value, int max, String autocomplete) {
        var id = ReferralForm.field(name, row);
        body.append("<label for=\"").append(id).append("\">").append(escape(texts.text(label))).append("</label>\n")
                .append("<input id=\"").append(id).append("\" name=\"").append(id).append("\" type=\"text\" maxlength=\"").append(max)
                .append("\" autocomplete=\"").append(autocomplete).append("\" value=\"").append(escape(value)).append("\"")
                .append(invalid(problems, id)).append(">\n");
        error(body, texts, problems, id);
    }

    private static String invalid(Map<String, ReferralForm.Problem> problems, String field) {
        return problems.containsKey(field) ? " aria-invalid=\"true\" aria-describedby=\"" + field + "-error\"" : "";
    }

    private static void error(StringBuilder body, DeskTexts texts, Map<String, ReferralForm.Problem> problems, String field) {
        if (problems.containsKey(field)) {
            body.append("<p class=\"error\" id=\"").append(field).append("-error\">").append(escape(problem(texts, problems.get(field))))
                    .append("</p>\n");
        }
    }

    private static String problem(DeskTexts texts, ReferralForm.Problem problem) {
        return texts.text(switch (problem) {
            case NAME_MISSING -> Key.REFER_NAME_MISSING;
            case NAME_TOO_LONG -> Key.REFER_NAME_TOO_LONG;
            case CONTACT_MISSING -> Key.REFER_CONTACT_MISSING;
            case CONTACT_INVALID -> Key.REFER_CONTACT_INVALID;
            case NOTE_TOO_LONG -> Key.REFER_NOTE_TOO_LONG;
            case CONSENT_MISSING -> Key.REFER_CONSENT_MISSING;
            case NOBODY -> Key.REFER_NOBODY;
        });
    }

    private Answer thanks(FollowUpCase followUpCase, String outcome) {
        return notice(200, outcome, texts(followUpCase), Key.REFER_THANKS_TITLE, Key.REFER_THANKS, false);
    }

    private Answer already(FollowUpCase followUpCase) {
        return notice(200, "already-received", texts(followUpCase), Key.REFER_ALREADY_TITLE, Key.REFER_ALREADY, false);
    }

    /** A page of one sentence, naming no one. */
    private static Answer notice(int status, String outcome, DeskTexts texts, Key title, Key detail, boolean refused) {
        return DeskHtml.page(status, outcome, texts.language(), texts.text(title), "<p class=\"notice " + (refused ? "refused\" role=\"alert\""
                : "done\" role=\"status\"") + ">" + escape(texts.text(detail)) + "</p>\n");
    }

    /** The promoter's language as their follow-up's messages chose it. */
    private static DeskTexts texts(FollowUpCase followUpCase) {
        return DeskTexts.of(FollowUpNotices.language(followUpCase.record().response().respondent().locale()));
    }

    /** Before the case is known: the browser's first language where there are texts for it, else English. */
    private static DeskTexts guessed(Map<String, String> headers) {
        if (headers != null) {
            for (var header : headers.entrySet()) {
                if (header.getKey().equalsIgnoreCase("accept-language") && header.getValue() != null) {
                    var first = header.getValue().strip().toLowerCase(Locale.ROOT);
                    return DeskTexts.of(first.length() >= 2 ? first.substring(0, 2) : first);
                }
            }
        }
        return DeskTexts.ENGLISH;
    }
}

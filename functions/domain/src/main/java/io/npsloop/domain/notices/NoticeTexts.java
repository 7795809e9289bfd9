package io.npsloop.domain.notices;

import static java.util.Map.entry;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Every word of a follow-up notice, one constant per language, so a new language is one new
 * constant. Words in braces are filled in by {@link FollowUpNotices}. Ids, timestamps, wire names
 * and the decision's reason are data, not words, and are never translated.
 */
enum NoticeTexts {

    ENGLISH("en", Map.ofEntries(
            entry(Text.RECOVERY_LABEL, "Recovery"),
            entry(Text.RECOVERY_OPENING, "Service recovery: a detractor is waiting to hear from a person."),
            entry(Text.RECOVERY_STEP_CONTACT, "Contact {who} yourself before the due time, by phone or from your own"
                    + " mailbox, not a no-reply address."),
            entry(Text.RECOVERY_STEP_APOLOGISE, "Apologise for the experience they describe, without excuses."),
            entry(Text.RECOVERY_STEP_RESOLVE, "Resolve the problem they stated, then record what you did and whether it"
                    + " is solved."),
            entry(Text.NURTURE_LABEL, "Nurture"),
            entry(Text.NURTURE_OPENING, "Nurture: a passive customer is neither unhappy nor won over yet."),
            entry(Text.NURTURE_STEP_THANK, "Thank {who} for the answer."),
            entry(Text.NURTURE_STEP_ASK, "Ask what would make it a 9 or 10 for them, and listen."),
            entry(Text.NURTURE_STEP_RECORD, "Record what they said, so the teams who can change it hear it."),
            entry(Text.REFERRAL_LABEL, "Referral"),
            entry(Text.REFERRAL_OPENING, "Referral: a promoter could introduce people who would benefit."),
            entry(Text.REFERRAL_STEP_THANK, "Thank {who} personally for the score."),
            entry(Text.REFERRAL_STEP_CHECK_PENDING, "Confirm nothing is pending for them (open tickets, orders, invoices)"
                    + " before asking for anything."),
            entry(Text.REFERRAL_STEP_ASK, "Ask whether 2-3 people they know could benefit, and how they would like to"
                    + " introduce them."),
            entry(Text.SUBJECT, "[NPS {action}] score {score}, {value}: {who}"),
            entry(Text.ESCALATION_SUBJECT, "[NPS Escalation] overdue {action}: {who}"),
            entry(Text.ESCALATION_OPENING, "Overdue: this follow-up was due by {due} and is still {status}. Please see"
                    + " that someone takes it today."),
            entry(Text.WHO_LABEL, "Who:"),
            entry(Text.VALUE_LABEL, "Value:"),
            entry(Text.SCORE_LABEL, "Score:"),
            entry(Text.COMMENT_LABEL, "Comment:"),
            entry(Text.DUE_LABEL, "Due by:"),
            entry(Text.PLAYBOOK_LABEL, "Playbook:"),
            entry(Text.STEPS_HEADING, "Suggested steps:"),
            entry(Text.FOLLOW_UP_ID_LABEL, "Follow-up id:"),
            entry(Text.REASON_LABEL, "Why this follow-up:"),
            entry(Text.PER_YEAR, "{amount} per year"),
            entry(Text.UNKNOWN_AMOUNT, "unknown"),
            entry(Text.VALUE_TIER, "{tier} value"),
            entry(Text.SCORE_DETAIL, "{score} of 10 ({category}), survey {survey} via {source}, submitted {submitted}"),
            entry(Text.NO_COMMENT, "(none)"),
            entry(Text.TIER_HIGH, "high"),
            entry(Text.TIER_MEDIUM, "medium"),
            entry(Text.TIER_LOW, "low"),
            entry(Text.TIER_UNKNOWN, "unknown"),
            entry(Text.CATEGORY_DETRACTOR, "detractor"),
            entry(Text.CATEGORY_PASSIVE, "passive"),
            entry(Text.CATEGORY_PROMOTER, "promoter"),
            entry(Text.ANONYMOUS_RESPONDENT, "an anonymous respondent"),
            entry(Text.CUSTOMER_AS_PERSON, "customer {id}"),
            entry(Text.CUSTOMER_DETAIL, "customer {id}"),
            entry(Text.ACCOUNT_DETAIL, "account {id}"),
            entry(Text.DESK_LINK, "Open in the desk: {url}"),
            entry(Text.LINKS_HEADING, "Record what you did: open a link, then confirm on the page it opens (opening it changes"
                    + " nothing)."),
            entry(Text.LINKS_EXPIRY, "These links work until {expires}."),
            entry(Text.LINK_CONTACTED, "I contacted them"),
            entry(Text.LINK_RESOLVED, "Resolved"),
            entry(Text.LINK_UNRESOLVED, "Could not resolve"),
            entry(Text.LINK_DONE, "Done"),
            entry(Text.REFERRAL_PAGE_LINK, "Personal link for {name} to name people who could benefit: {url}"),
            entry(Text.THE_PROMOTER, "the promoter"))),

    SPANISH("es", Map.ofEntries(
            entry(Text.RECOVERY_LABEL, "Recuperación"),
            entry(Text.RECOVERY_OPENING, "Recuperación del servicio: un detractor espera que una persona se ponga en"
                    + " contacto."),
            entry(Text.RECOVERY_STEP_CONTACT, "Póngase en contacto personalmente con {who} antes de la fecha límite, por"
                    + " teléfono o desde su propia cuenta de correo, no desde una dirección que no admite respuestas."),
            entry(Text.RECOVERY_STEP_APOLOGISE, "Pida disculpas por la experiencia que describe la persona, sin poner"
                    + " excusas."),
            entry(Text.RECOVERY_STEP_RESOLVE, "Resuelva el problema que planteó la persona y, después, registre qué hizo"
                    + " y si quedó resuelto."),
            entry(Text.NURTURE_LABEL, "Cultivo"),
            entry(Text.NURTURE_OPENING, "Cultivo: un cliente pasivo no está descontento, pero tampoco convencido todavía."),
            entry(Text.NURTURE_STEP_THANK, "Póngase en contacto con {who} para agradecerle su respuesta."),
            entry(Text.NURTURE_STEP_ASK, "Pregunte qué haría falta para que su puntuación fuera un 9 o un 10, y escuche."),
            entry(Text.NURTURE_STEP_RECORD, "Registre lo que dijo, para que lo sepan los equipos que pueden cambiarlo."),
            entry(Text.REFERRAL_LABEL, "Recomendación"),
            entry(Text.REFERRAL_OPENING, "Recomendación: un promotor podría presentarnos a personas que se"
                    + " beneficiarían."),
            // "Agradezca a {who}" would read "a el cliente ..." for the id-only name, hence "con".
            entry(Text.REFERRAL_STEP_THANK, "Póngase en contacto con {who} para agradecerle personalmente la puntuación"
                    + " que nos dio."),
            entry(Text.REFERRAL_STEP_CHECK_PENDING, "Antes de pedirle algo, confirme que esa persona no tiene nada"
                    + " pendiente con nosotros (tickets abiertos, pedidos, facturas)."),
            entry(Text.REFERRAL_STEP_ASK, "Pregúntele si conoce a 2 o 3 personas que podrían beneficiarse y cómo le"
                    + " gustaría presentárnoslas."),
            entry(Text.SUBJECT, "[NPS {action}] puntuación {score}, {value}: {who}"),
            entry(Text.ESCALATION_SUBJECT, "[NPS Escalamiento] {action} vencida: {who}"),
            entry(Text.ESCALATION_OPENING, "Vencido: este seguimiento debía atenderse antes del {due} y sigue {status}."
                    + " Asegúrese de que alguien lo tome hoy."),
            entry(Text.WHO_LABEL, "Quién:"),
            entry(Text.VALUE_LABEL, "Valor:"),
            entry(Text.SCORE_LABEL, "Puntuación:"),
            entry(Text.COMMENT_LABEL, "Comentario:"),
            entry(Text.DUE_LABEL, "Fecha límite:"),
            entry(Text.PLAYBOOK_LABEL, "Protocolo:"),
            entry(Text.STEPS_HEADING, "Pasos sugeridos:"),
            entry(Text.FOLLOW_UP_ID_LABEL, "ID de seguimiento:"),
            entry(Text.REASON_LABEL, "Motivo del seguimiento:"),
            entry(Text.PER_YEAR, "{amount} al año"),
            entry(Text.UNKNOWN_AMOUNT, "desconocido"),
            entry(Text.VALUE_TIER, "valor {tier}"),
            entry(Text.SCORE_DETAIL, "{score} de 10 ({category}), encuesta {survey} vía {source}, respondida el"
                    + " {submitted}"),
            entry(Text.NO_COMMENT, "(ninguno)"),
            entry(Text.TIER_HIGH, "alto"),
            entry(Text.TIER_MEDIUM, "medio"),
            entry(Text.TIER_LOW, "bajo"),
            entry(Text.TIER_UNKNOWN, "desconocido"),
            entry(Text.CATEGORY_DETRACTOR, "detractor"),
            entry(Text.CATEGORY_PASSIVE, "pasivo"),
            entry(Text.CATEGORY_PROMOTER, "promotor"),
            entry(Text.ANONYMOUS_RESPONDENT, "una persona anónima"),
            entry(Text.CUSTOMER_AS_PERSON, "el cliente {id}"),
            entry(Text.CUSTOMER_DETAIL, "cliente {id}"),
            entry(Text.ACCOUNT_DETAIL, "cuenta {id}"),
            entry(Text.DESK_LINK, "Abrir en el escritorio: {url}"),
            entry(Text.LINKS_HEADING, "Registre lo que hizo: abra un enlace y confirme en la página que se abre (abrirlo no"
                    + " cambia nada)."),
            entry(Text.LINKS_EXPIRY, "Estos enlaces funcionan hasta el {expires}."),
            entry(Text.LINK_CONTACTED, "Ya me puse en contacto"),
            entry(Text.LINK_RESOLVED, "Resuelto"),
            entry(Text.LINK_UNRESOLVED, "No se pudo resolver"),
            entry(Text.LINK_DONE, "Hecho"),
            entry(Text.REFERRAL_PAGE_LINK, "Enlace personal para que {name} indique personas a quienes les podría servir: {url}"),
            entry(Text.THE_PROMOTER, "el promotor")));

    /** For respondents whose language has no constant here. */
    static final NoticeTexts FALLBACK = ENGLISH;

    static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z]+)}");

    /** What each language must say. */
    enum Text {
        RECOVERY_LABEL, RECOVERY_OPENING, RECOVERY_STEP_CONTACT, RECOVERY_STEP_APOLOGISE, RECOVERY_STEP_RESOLVE,
        REFERRAL_LABEL, REFERRAL_OPENING, REFERRAL_STEP_THANK, REFERRAL_STEP_CHECK_PENDING, REFERRAL_STEP_ASK,
        NURTURE_LABEL, NURTURE_OPENING, NURTURE_STEP_THANK, NURTURE_STEP_ASK, NURTURE_STEP_RECORD,
        SUBJECT, ESCALATION_SUBJECT, ESCALATION_OPENING,
        WHO_LABEL, VALUE_LABEL, SCORE_LABEL, COMMENT_LABEL, DUE_LABEL, STEPS_HEADING, FOLLOW_UP_ID_LABEL, REASON_LABEL,
        PLAYBOOK_LABEL,
        PER_YEAR, UNKNOWN_AMOUNT, VALUE_TIER, SCORE_DETAIL, NO_COMMENT,
        TIER_HIGH, TIER_MEDIUM, TIER_LOW, TIER_UNKNOWN,
        CATEGORY_DETRACTOR, CATEGORY_PASSIVE, CATEGORY_PROMOTER,
        ANONYMOUS_RESPONDENT, CUSTOMER_AS_PERSON, CUSTOMER_DETAIL, ACCOUNT_DETAIL,
        DESK_LINK, LINKS_HEADING, LINKS_EXPIRY, LINK_CONTACTED, LINK_RESOLVED, LINK_UNRESOLVED, LINK_DONE,
        REFERRAL_PAGE_LINK, THE_PROMOTER
    }

    private final String language;
    private final Map<Text, String> texts;

    NoticeTexts(String language, Map<Text, String> texts) {
        // Fail when the class loads rather than send a notice with a hole in it.
        var missing = EnumSet.allOf(Text.class);
        missing.removeAll(texts.keySet());
        texts.forEach((key, text) -> {
            if (text.isBlank()) {
                missing.add(key);
            }
        });
        if (!missing.isEmpty()) {
            throw new IllegalStateException("notice texts for '" + language + "' lack " + missing);
        }
        this.language = language;
        this.texts = new EnumMap<>(texts);
    }

    /** The texts for a language tag such as {@code es-MX}: matched on the language alone, else the fallback. */
    static NoticeTexts forLanguageTag(String tag) {
        var language = tag == null ? "" : Locale.forLanguageTag(tag.strip().replace('_', '-')).getLanguage();
        for (var texts : values()) {
            if (texts.language.equals(language)) {
                return texts;
            }
        }
        return FALLBACK;
    }

    /** ISO 639 code, as in a language tag. */
    String language() {
        return language;
    }

    String text(Text key) {
        return texts.get(key);
    }

    /** The text with each {@code {name}} replaced once; values are not searched for placeholders again. */
    String fill(Text key, Map<String, String> values) {
        var template = text(key);
        var matcher = PLACEHOLDER.matcher(template);
        var filled = new StringBuilder(template.length() + 32);
        int last = 0;
        while (matcher.find()) {
            var value = values.get(matcher.group(1));
            if (value == null) {
                throw new IllegalArgumentException("no value for " + matcher.group() + " in " + key);
            }
            filled.append(template, last, matcher.start()).append(value);
            last = matcher.end();
        }
        return filled.append(template, last, template.length()).toString();
    }

    Set<String> placeholders(Text key) {
        var names = new LinkedHashSet<String>();
        var matcher = PLACEHOLDER.matcher(text(key));
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }
}

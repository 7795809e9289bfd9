package io.npsloop.cases.desk;

import static java.util.Map.entry;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;

/**
 * Every word of the desk's pages, one constant per language, as the follow-up messages have
 * theirs; the steps' and follow-ups' names come from the messages' own texts, so a link and its
 * page say the same. Words in braces are filled in.
 */
enum DeskTexts {

    ENGLISH("en", Map.ofEntries(
            entry(Key.CONFIRM_TITLE, "{step}: confirm"),
            entry(Key.CONFIRM_INTRO, "Confirm to record this step on the case. Nothing has been changed yet."),
            entry(Key.ALSO_CONTACTED, "The case is still open: confirming also records that they were contacted."),
            entry(Key.CONFIRM_BUTTON, "Confirm: {step}"),
            entry(Key.FOLLOW_UP, "Follow-up"),
            entry(Key.WHO, "Who"),
            entry(Key.SCORE, "Score"),
            entry(Key.SCORE_VALUE, "{score} of 10"),
            entry(Key.COMMENT, "Comment"),
            entry(Key.NO_COMMENT, "(none)"),
            entry(Key.DUE, "Due by"),
            entry(Key.STATUS, "Status"),
            entry(Key.ANONYMOUS, "an anonymous respondent"),
            entry(Key.CUSTOMER, "customer {id}"),
            entry(Key.OPEN_IN_DESK, "Open the case in the desk"),
            entry(Key.RECORDED_TITLE, "{step}: recorded"),
            entry(Key.RECORDED, "Recorded. The case is now {status}. Thank you."),
            entry(Key.ALREADY_TITLE, "{step}: already done"),
            entry(Key.ALREADY, "This step was already recorded on {at}. Nothing was changed."),
            entry(Key.NOT_APPLICABLE_TITLE, "{step}: no longer possible"),
            entry(Key.NOT_APPLICABLE, "The case is {status} now, so this step no longer applies. Nothing was changed."),
            entry(Key.INVALID_TITLE, "This link does not work"),
            entry(Key.INVALID, "This link is not valid. Open the link from the follow-up message exactly as it was sent. Nothing was"
                    + " changed."),
            entry(Key.EXPIRED_TITLE, "This link has expired"),
            entry(Key.EXPIRED, "This link has expired. Record the step another way. Nothing was changed."),
            entry(Key.NO_CASE_TITLE, "No such case"),
            entry(Key.NO_CASE, "This case no longer exists. Nothing was changed."),
            entry(Key.CROSS_SITE_TITLE, "Not confirmed"),
            entry(Key.CROSS_SITE, "This confirmation did not come from the page of the link. Open the link again and confirm there."
                    + " Nothing was changed."),
            entry(Key.REFER_TITLE, "Thank you, {name}!"),
            entry(Key.REFER_TITLE_NO_NAME, "Thank you!"),
            entry(Key.REFER_INTRO, "Thank you for recommending us. If you know up to three people who could benefit, tell us who they"
                    + " are and we will get in touch with them. Name only people who agreed to be contacted."),
            entry(Key.REFER_PERSON, "Person {n}"),
            entry(Key.REFER_NAME, "Name"),
            entry(Key.REFER_CONTACT, "Email or phone"),
            entry(Key.REFER_NOTE, "Note (optional)"),
            entry(Key.REFER_CONSENT, "They agreed to be contacted"),
            entry(Key.REFER_TRAP, "Leave this empty"),
            entry(Key.REFER_SEND, "Send"),
            entry(Key.REFER_FIX, "Some fields need a change. Nothing was sent yet."),
            entry(Key.REFER_TOO_FAST, "That was quicker than we expected. Check the form and send it again. Nothing was sent yet."),
            entry(Key.REFER_THANKS_TITLE, "Thank you!"),
            entry(Key.REFER_THANKS, "We received the people you named. Thank you for recommending us."),
            entry(Key.REFER_ALREADY_TITLE, "Already received"),
            entry(Key.REFER_ALREADY, "We already received the people you named with this link. Thank you for recommending us!"),
            entry(Key.REFER_INVALID_TITLE, "This link does not work"),
            entry(Key.REFER_INVALID, "This link is not valid."),
            entry(Key.REFER_EXPIRED_TITLE, "This link has expired"),
            entry(Key.REFER_EXPIRED, "This link has expired. Nothing was sent."),
            entry(Key.REFER_TOO_MANY_TITLE, "Too many attempts"),
            entry(Key.REFER_TOO_MANY, "There were too many attempts. Try again in an hour. Nothing was sent."),
            entry(Key.REFER_TOO_LARGE_TITLE, "Too much text"),
            entry(Key.REFER_TOO_LARGE, "The form held too much text. Shorten the notes and send it again. Nothing was sent."),
            entry(Key.REFER_CROSS_SITE, "This form was not sent from its page. Open the link again and send it there. Nothing was sent."),
            entry(Key.REFER_NAME_MISSING, "Enter their name."),
            entry(Key.REFER_NAME_TOO_LONG, "Use at most 200 characters for the name."),
            entry(Key.REFER_CONTACT_MISSING, "Enter an email address or a phone number."),
            entry(Key.REFER_CONTACT_INVALID, "This is not an email address or a phone number (at most 254 characters)."),
            entry(Key.REFER_NOTE_TOO_LONG, "Use at most 500 characters for the note."),
            entry(Key.REFER_CONSENT_MISSING, "Tick this only if they agreed to be contacted: without it we cannot contact them."),
            entry(Key.REFER_NOBODY, "Name at least one person."))),

    SPANISH("es", Map.ofEntries(
            entry(Key.CONFIRM_TITLE, "{step}: confirmar"),
            entry(Key.CONFIRM_INTRO, "Confirme para registrar este paso en el caso. Todavía no se ha cambiado nada."),
            entry(Key.ALSO_CONTACTED, "El caso sigue abierto: al confirmar también se registra que se contactó a la persona."),
            entry(Key.CONFIRM_BUTTON, "Confirmar: {step}"),
            entry(Key.FOLLOW_UP, "Seguimiento"),
            entry(Key.WHO, "Quién"),
            entry(Key.SCORE, "Puntuación"),
            entry(Key.SCORE_VALUE, "{score} de 10"),
            entry(Key.COMMENT, "Comentario"),
            entry(Key.NO_COMMENT, "(ninguno)"),
            entry(Key.DUE, "Fecha límite"),
            entry(Key.STATUS, "Estado"),
            entry(Key.ANONYMOUS, "una persona anónima"),
            entry(Key.CUSTOMER, "cliente {id}"),
            entry(Key.OPEN_IN_DESK, "Abrir el caso en el escritorio"),
            entry(Key.RECORDED_TITLE, "{step}: registrado"),
            entry(Key.RECORDED, "Registrado. El caso ahora está {status}. Gracias."),
            entry(Key.ALREADY_TITLE, "{step}: ya estaba hecho"),
            entry(Key.ALREADY, "Este paso ya se registró el {at}. No se cambió nada."),
            entry(Key.NOT_APPLICABLE_TITLE, "{step}: ya no es posible"),
            entry(Key.NOT_APPLICABLE, "El caso ahora está {status}, así que este paso ya no corresponde. No se cambió nada."),
            entry(Key.INVALID_TITLE, "Este enlace no funciona"),
            entry(Key.INVALID, "Este enlace no es válido. Abra el enlace del mensaje de seguimiento tal como se envió. No se cambió"
                    + " nada."),
            entry(Key.EXPIRED_TITLE, "Este enlace caducó"),
            entry(Key.EXPIRED, "Este enlace caducó. Registre el paso de otra forma. No se cambió nada."),
            entry(Key.NO_CASE_TITLE, "El caso no existe"),
            entry(Key.NO_CASE, "Este caso ya no existe. No se cambió nada."),
            entry(Key.CROSS_SITE_TITLE, "Sin confirmar"),
            entry(Key.CROSS_SITE, "Esta confirmación no llegó desde la página del enlace. Abra el enlace de nuevo y confirme allí."
                    + " No se cambió nada."),
            entry(Key.REFER_TITLE, "¡Gracias, {name}!"),
            entry(Key.REFER_TITLE_NO_NAME, "¡Gracias!"),
            entry(Key.REFER_INTRO, "Gracias por recomendarnos. Si conoce hasta tres personas a quienes les podría servir, díganos quiénes"
                    + " son y nos pondremos en contacto con ellas. Indique solo personas que aceptaron que las contactemos."),
            entry(Key.REFER_PERSON, "Persona {n}"),
            entry(Key.REFER_NAME, "Nombre"),
            entry(Key.REFER_CONTACT, "Correo o teléfono"),
            entry(Key.REFER_NOTE, "Nota (opcional)"),
            entry(Key.REFER_CONSENT, "Aceptó que la contactemos"),
            entry(Key.REFER_TRAP, "Deje esto vacío"),
            entry(Key.REFER_SEND, "Enviar"),
            entry(Key.REFER_FIX, "Algunos campos necesitan un cambio. Todavía no se envió nada."),
            entry(Key.REFER_TOO_FAST, "Fue más rápido de lo esperado. Revise el formulario y envíelo de nuevo. Todavía no se envió nada."),
            entry(Key.REFER_THANKS_TITLE, "¡Gracias!"),
            entry(Key.REFER_THANKS, "Recibimos las personas que indicó. Gracias por recomendarnos."),
            entry(Key.REFER_ALREADY_TITLE, "Ya recibido"),
            entry(Key.REFER_ALREADY, "Ya recibimos las personas que indicó con este enlace. ¡Gracias por recomendarnos!"),
            entry(Key.REFER_INVALID_TITLE, "Este enlace no funciona"),
            entry(Key.REFER_INVALID, "Este enlace no es válido."),
            entry(Key.REFER_EXPIRED_TITLE, "Este enlace caducó"),
            entry(Key.REFER_EXPIRED, "Este enlace caducó. No se envió nada."),
            entry(Key.REFER_TOO_MANY_TITLE, "Demasiados intentos"),
            entry(Key.REFER_TOO_MANY, "Hubo demasiados intentos. Vuelva a intentarlo en una hora. No se envió nada."),
            entry(Key.REFER_TOO_LARGE_TITLE, "Demasiado texto"),
            entry(Key.REFER_TOO_LARGE, "El formulario tenía demasiado texto. Acorte las notas y envíelo de nuevo. No se envió nada."),
            entry(Key.REFER_CROSS_SITE, "Este formulario no se envió desde su página. Abra el enlace de nuevo y envíelo allí. No se envió nada."),
            entry(Key.REFER_NAME_MISSING, "Escriba su nombre."),
            entry(Key.REFER_NAME_TOO_LONG, "Use como máximo 200 caracteres para el nombre."),
            entry(Key.REFER_CONTACT_MISSING, "Escriba un correo o un teléfono."),
            entry(Key.REFER_CONTACT_INVALID, "Esto no es un correo ni un teléfono (como máximo 254 caracteres)."),
            entry(Key.REFER_NOTE_TOO_LONG, "Use como máximo 500 caracteres para la nota."),
            entry(Key.REFER_CONSENT_MISSING, "Márquelo solo si aceptó que la contactemos: sin esto no podemos contactarla."),
            entry(Key.REFER_NOBODY, "Indique al menos una persona.")));

    enum Key {
        CONFIRM_TITLE, CONFIRM_INTRO, ALSO_CONTACTED, CONFIRM_BUTTON, FOLLOW_UP, WHO, SCORE, SCORE_VALUE, COMMENT, NO_COMMENT,
        DUE, STATUS, ANONYMOUS, CUSTOMER, OPEN_IN_DESK, RECORDED_TITLE, RECORDED, ALREADY_TITLE, ALREADY, NOT_APPLICABLE_TITLE, NOT_APPLICABLE,
        INVALID_TITLE, INVALID, EXPIRED_TITLE, EXPIRED, NO_CASE_TITLE, NO_CASE, CROSS_SITE_TITLE, CROSS_SITE,
        // The promoter's referral page.
        REFER_TITLE, REFER_TITLE_NO_NAME, REFER_INTRO, REFER_PERSON, REFER_NAME, REFER_CONTACT, REFER_NOTE, REFER_CONSENT, REFER_TRAP,
        REFER_SEND, REFER_FIX, REFER_TOO_FAST, REFER_THANKS_TITLE, REFER_THANKS, REFER_ALREADY_TITLE, REFER_ALREADY, REFER_INVALID_TITLE,
        REFER_INVALID, REFER_EXPIRED_TITLE, REFER_EXPIRED, REFER_TOO_MANY_TITLE, REFER_TOO_MANY, REFER_TOO_LARGE_TITLE, REFER_TOO_LARGE,
        REFER_CROSS_SITE, REFER_NAME_MISSING, REFER_NAME_TOO_LONG, REFER_CONTACT_MISSING, REFER_CONTACT_INVALID, REFER_NOTE_TOO_LONG,
        REFER_CONSENT_MISSING, REFER_NOBODY
    }

    private static final java.util.regex.Pattern PLACEHOLDER = java.util.regex.Pattern.compile("\\{([a-z]+)}");

    private final String language;
    private final Map<Key, String> texts;

    DeskTexts(String language, Map<Key, String> texts) {
        var missing = EnumSet.allOf(Key.class);
        missing.removeAll(texts.keySet());
        if (!missing.isEmpty()) {
            throw new IllegalStateException("desk texts for '" + language + "' lack " + missing);
        }
        this.language = language;
        this.texts = new EnumMap<>(texts);
    }

    /** The texts of a language as the notices name it ({@code es}, {@code en}), else English. */
    static DeskTexts of(String language) {
        for (var texts : values()) {
            if (texts.language.equals(language)) {
                return texts;
            }
        }
        return ENGLISH;
    }

    String language() {
        return language;
    }

    String text(Key key) {
        return texts.get(key);
    }

    /** The text with each {@code {name}} replaced by its value, as given (escape before if it is HTML). */
    String fill(Key key, Map<String, String> values) {
        // One pass: a value is never searched for placeholders again.
        return PLACEHOLDER.matcher(texts.get(key)).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(
                values.getOrDefault(m.group(1), m.group())));
    }
}

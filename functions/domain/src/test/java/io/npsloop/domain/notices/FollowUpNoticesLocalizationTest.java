package io.npsloop.domain.notices;

import static io.npsloop.domain.intake.LocalizedResponses.decided;
import static io.npsloop.domain.intake.LocalizedResponses.withRespondent;
import static io.npsloop.domain.intake.LocalizedResponses.withScore;
import static org.assertj.core.api.Assertions.assertThat;

import io.npsloop.domain.intake.LocalizedResponses;
import io.npsloop.domain.intake.Respondent;
import io.npsloop.domain.intake.ResponseRecord;
import io.npsloop.domain.intake.ValueTier;
import io.npsloop.domain.policy.Action;
import io.npsloop.domain.policy.FollowUpDecision;
import java.math.BigDecimal;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class FollowUpNoticesLocalizationTest {

    @ParameterizedTest
    @ValueSource(strings = {"es", "es-MX", "es-ES", "es-419", "ES", "es_AR"})
    void spanishLocalesGetSpanish(String locale) {
        var notice = FollowUpNotices.render(decided(withScore(2, locale)));

        assertThat(notice.subject()).isEqualTo("[NPS Recuperacion] puntuacion 2, valor alto: Ana Perez");
        assertThat(notice.steps().get(0)).startsWith("Póngase en contacto personalmente con Ana Pérez");
        assertThat(notice.text()).startsWith("Recuperación del servicio:");
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "en-GB", "pt-BR", "de", "fr-CA", "eu", "english please"})
    void everyOtherLocaleGetsEnglish(String locale) {
        var notice = FollowUpNotices.render(decided(withScore(2, locale)));

        assertThat(notice.subject()).isEqualTo("[NPS Recovery] score 2, high value: Ana Perez");
        assertThat(notice.steps().get(0)).startsWith("Contact Ana Pérez");
        assertThat(notice.text()).startsWith("Service recovery:");
    }

    @ParameterizedTest
    @CsvSource({
        "en, 'Due by:   ', 'Follow-up id: ', '2 of 10 (detractor)', '10 of 10 (promoter)'",
        "es, 'Fecha límite:  ', 'ID de seguimiento: ', '2 de 10 (detractor)', '10 de 10 (promotor)'"})
    void bothLanguagesCarryTheFactsToActOn(String locale, String dueLabel, String idLabel, String recoveryScore,
            String referralScore) {
        var recovery = FollowUpNotices.render(decided(withScore(2, locale)));
        var referral = FollowUpNotices.render(decided(withScore(10, locale)));

        assertThat(recovery.text())
                .contains("Ana Pérez <ana@example.com>")
                .contains(recoveryScore)
                .contains("\"Support never called back\"")
                .contains(dueLabel + "2026-11-23T12:00:00Z")
                .contains(idLabel + "generic:r-2");
        assertThat(referral.text())
                .contains("Ana Pérez <ana@example.com>")
                .contains(referralScore)
                .contains("\"Support never called back\"")
                .contains(dueLabel + "2026-11-25T12:00:00Z")
                .contains(idLabel + "generic:r-10");
    }

    @Test
    void spanishStepsApologiseOnRecoveryAndAskForTwoOrThreePeopleOnReferral() {
        var recovery = FollowUpNotices.render(decided(withScore(2, "es")));
        var referral = FollowUpNotices.render(decided(withScore(10, "es-MX")));

        assertThat(recovery.steps()).satisfiesExactly(
                contact -> assertThat(contact).contains("Ana Pérez").contains("antes de la fecha límite"),
                apology -> assertThat(apology).contains("Pida disculpas"),
                resolve -> assertThat(resolve).startsWith("Resuelva el problema"));
        assertThat(referral.steps()).satisfiesExactly(
                thank -> assertThat(thank).contains("Ana Pérez").contains("agradecerle"),
                pending -> assertThat(pending).contains("nada pendiente"),
                ask -> assertThat(ask).contains("2 o 3 personas"));
    }

    @Test
    void spanishRecoveryNoticeReadsInFull() {
        var notice = FollowUpNotices.render(decided(withScore(2, "es-MX")));

        assertThat(notice.text()).isEqualTo("""
                Recuperación del servicio: un detractor espera que una persona se ponga en contacto.

                Quién:         Ana Pérez <ana@example.com>, cliente c-42, cuenta acme
                Valor:         12000 al año (valor alto)
                Puntuación:    2 de 10 (detractor), encuesta s-1 vía generic, respondida el 2026-11-20T09:30:00Z
                Comentario:    "Support never called back"
                Fecha límite:  2026-11-23T12:00:00Z

                Pasos sugeridos:
                1. Póngase en contacto personalmente con Ana Pérez antes de la fecha límite, por teléfono o desde \
                su propia cuenta de correo, no desde una dirección que no admite respuestas.
                2. Pida disculpas por la experiencia que describe la persona, sin poner excusas.
                3. Resuelva el problema que planteó la persona y, después, registre qué hizo y si quedó resuelto.

                ID de seguimiento: generic:r-2
                Motivo del seguimiento: detractor: service recovery.
                """);
    }

    @Test
    void englishReferralNoticeIsUnchanged() {
        var notice = FollowUpNotices.render(decided(withScore(10, "pt-BR")));

        assertThat(notice.text()).isEqualTo("""
                Referral: a promoter could introduce people who would benefit.

                Who:      Ana Pérez <ana@example.com>, customer c-42, account acme
                Value:    12000 per year (high value)
                Score:    10 of 10 (promoter), survey s-1 via generic, submitted 2026-11-20T09:30:00Z
                Comment:  "Support never called back"
                Due by:   2026-11-25T12:00:00Z

                Suggested steps:
                1. Thank Ana Pérez personally for the score.
                2. Confirm nothing is pending for them (open tickets, orders, invoices) before asking for anything.
                3. Ask whether 2-3 people they know could benefit, and how they would like to introduce them.

                Follow-up id: generic:r-10
                Why this follow-up: promoter: referral ask.
                """);
    }

    @Test
    void machineReadablePartsStayUntranslated() {
        var record = decided(withScore(10, "es"));
        var notice = FollowUpNotices.render(record);

        assertThat(notice.action().wireName()).isEqualTo("referral");
        assertThat(notice.followUpId()).isEqualTo("generic:r-10");
        assertThat(record.decision().reason()).isEqualTo("promoter: referral ask");
        assertThat(notice.text()).contains("Motivo del seguimiento: promoter: referral ask.");
    }

    @Test
    void spanishNamesCustomersWithoutNameOrEmailByTheirId() {
        var response = withRespondent(2, new Respondent("c-7", null, null, null, "es", null));
        var notice = FollowUpNotices.render(decided(response));

        assertThat(notice.subject()).isEqualTo("[NPS Recuperacion] puntuacion 2, valor desconocido: el cliente c-7");
        assertThat(notice.steps().get(0)).startsWith("Póngase en contacto personalmente con el cliente c-7 ");
        assertThat(notice.text()).contains("Valor:         desconocido (valor desconocido)");
    }

    static Stream<Arguments> accentedNames() {
        return Stream.of("es", "en").flatMap(locale -> Stream.of(
                "María José Núñez-Ibáñez",
                "Zoë Ødegård 日本",
                "Íñigo " + "Çağlar Ñandú ".repeat(12),
                "Ana\tPérez\n")
                .flatMap(name -> Stream.of(0, 10).map(score -> Arguments.of(locale, name, score))));
    }

    @ParameterizedTest
    @MethodSource("accentedNames")
    void subjectsArePrintableAsciiUnderSnsLimitInBothLanguages(String locale, String name, int score) {
        var respondent = new Respondent("c-1", null, name, null, locale, new BigDecimal("500"));
        var subject = FollowUpNotices.render(decided(withRespondent(score, respondent))).subject();

        assertThat(subject).hasSizeLessThan(100);
        assertThat(subject.chars()).allMatch(c -> c >= 0x20 && c < 0x7f);
        assertThat(subject).startsWith(locale.equals("es")
                ? (score == 0 ? "[NPS Recuperacion] puntuacion 0, valor bajo: " : "[NPS Recomendacion] puntuacion 10, valor bajo: ")
                : (score == 0 ? "[NPS Recovery] score 0, low value: " : "[NPS Referral] score 10, low value: "));
    }

    @Test
    void accentsInSpanishSubjectsAreFoldedNotDropped() {
        var respondent = new Respondent("c-1", null, "María José Núñez", null, "es", new BigDecimal("500"));

        assertThat(FollowUpNotices.render(decided(withRespondent(2, respondent))).subject())
                .isEqualTo("[NPS Recuperacion] puntuacion 2, valor bajo: Maria Jose Nunez");
    }

    @Test
    void nurtureNoticesAskWhatWouldMakeItANineOrTenInBothLanguages() {
        for (var locale : new String[] {"en", "es"}) {
            var respondent = new Respondent("c-1", null, "Kim Lee", null, locale, new BigDecimal("9000"));
            var response = withRespondent(8, respondent);
            var record = new ResponseRecord(response, ValueTier.MEDIUM,
                    new FollowUpDecision.Contact(Action.NURTURE, LocalizedResponses.NOW.plusSeconds(7 * 86_400), "passive: nurture"), LocalizedResponses.NOW);

            var notice = FollowUpNotices.render(record);

            assertThat(notice.steps()).hasSize(3);
            assertThat(notice.steps().get(1)).contains("9").contains("10");
            assertThat(notice.subject()).startsWith(locale.equals("es") ? "[NPS Cultivo]" : "[NPS Nurture]");
        }
    }
}

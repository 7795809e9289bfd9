package io.npsloop.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

    private static final Setting SLOTS = Setting.of(Area.REPORT, "SLOTS", Kind.POSITIVE_INT).byDefault("8").means("test");
    private static final Setting WAVE = Setting.of(Area.POLICY, "WAVE_DAYS", Kind.DAYS_OR_ZERO).byDefault("30").means("test");
    private static final Setting CAP = Setting.of(Area.BUDGETS, "CAP", Kind.AMOUNT).means("test");
    private static final Setting TABLE = Setting.of(Area.STORAGE, "TABLE", Kind.TEXT).means("test");
    private static final Setting SECRET = Setting.of(Area.WEBHOOKS, "SECRET_<SOURCE>", Kind.SECRET).means("test");

    @Test
    void anUnsetOrBlankVariableTakesTheDeclaredDefault() {
        assertThat(new Settings(Map.of()).positiveInt(SLOTS)).isEqualTo(8);
        assertThat(new Settings(Map.of("SLOTS", "  ")).positiveInt(SLOTS)).isEqualTo(8);
        assertThat(new Settings(Map.of("SLOTS", " 12 ")).positiveInt(SLOTS)).isEqualTo(12);
        assertThat(new Settings(Map.of()).days(WAVE)).isEqualTo(Duration.ofDays(30));
        assertThat(new Settings(Map.of("WAVE_DAYS", "0")).days(WAVE)).isEqualTo(Duration.ZERO);
    }

    @Test
    void aBadValueIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> new Settings(Map.of("SLOTS", "0")).positiveInt(SLOTS))
                .hasMessage("SLOTS must be a positive whole number, was '0'");
        assertThatThrownBy(() -> new Settings(Map.of("WAVE_DAYS", "-1")).days(WAVE))
                .hasMessage("WAVE_DAYS must be a whole number of days, 0 or more, was '-1'");
        assertThatThrownBy(() -> new Settings(Map.of("CAP", "-5")).optionalAmount(CAP))
                .hasMessage("CAP must be a non-negative number, was '-5'");
        assertThatThrownBy(() -> new Settings(Map.of()).required(TABLE))
                .hasMessage("environment variable TABLE is not set");
    }

    @Test
    void anOptionalAmountWithoutValueMeansNoLimit() {
        assertThat(new Settings(Map.of()).optionalAmount(CAP)).isNull();
        assertThat(new Settings(Map.of("CAP", "12.5")).optionalAmount(CAP)).isEqualTo(new BigDecimal("12.5"));
    }

    @Test
    void aFamilyNamesEachOfItsVariables() {
        assertThat(SECRET.family()).isTrue();
        assertThat(SECRET.member("surveymonkey-api-token").variable()).isEqualTo("SECRET_SURVEYMONKEY_API_TOKEN");
        assertThat(SECRET.names("SECRET_TYPEFORM")).isTrue();
        assertThat(SLOTS.names("SLOTS_2")).isFalse();
        assertThat(new Settings(Map.of("SECRET_TYPEFORM", "s")).optional(SECRET.member("typeform"))).contains("s");
        assertThatThrownBy(() -> SLOTS.member("x")).isInstanceOf(IllegalStateException.class);
    }
}

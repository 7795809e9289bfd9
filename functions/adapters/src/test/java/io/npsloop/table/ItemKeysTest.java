package io.npsloop.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.npsloop.domain.intake.ResponseKey;
import io.npsloop.domain.policy.Action;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Deployed tables hold these keys: each kind of item must keep building them byte for byte. */
class ItemKeysTest {

    private static final ResponseKey KEY = new ResponseKey("surveymonkey", "118462093571");

    @Test
    void eachKindOfItemKeepsItsStoredKey() {
        assertThat(pkSk(ResponseItem.key(KEY))).isEqualTo("RESPONSE#surveymonkey#118462093571 / RESPONSE");
        assertThat(pkSk(CustomerItem.key("cust-1"))).isEqualTo("CUSTOMER#cust-1 / STATE");
        assertThat(pkSk(AccountItem.key("acct-1"))).isEqualTo("ACCOUNT#acct-1 / STATE");
        assertThat(pkSk(BudgetItem.daily(Action.RECOVERY, "2026-11-22"))).isEqualTo("BUDGET#recovery#day#2026-11-22 / BUDGET");
        assertThat(pkSk(BudgetItem.monthly(Action.RECOVERY, "2026-11"))).isEqualTo("BUDGET#recovery#month#2026-11 / BUDGET");
        assertThat(pkSk(ClaimItem.key(KEY, ClaimItem.FOLLOW_UP))).isEqualTo("CLAIM#surveymonkey#118462093571 / CLAIM");
        assertThat(pkSk(ClaimItem.key(KEY, ClaimItem.ESCALATION))).isEqualTo("CLAIM#surveymonkey#118462093571 / ESCALATION");
        assertThat(pkSk(FetchItem.key(KEY))).isEqualTo("FETCH#surveymonkey#118462093571 / FETCH");
        assertThat(pkSk(QuarantineItem.key(LocalDate.parse("2026-11-22"), "1763769600000-0123456789ab")))
                .isEqualTo("QUARANTINE#2026-11-22 / 1763769600000-0123456789ab");
        assertThat(pkSk(CounterItem.key(LocalDate.parse("2026-11-22"), 3))).isEqualTo("COUNTS#2026-11 / 2026-11-22#3");
        assertThat(CounterItem.partitionKey(YearMonth.parse("2026-11"))).isEqualTo("COUNTS#2026-11");
        assertThat(pkSk(CounterBatchItem.key("4900000000000000000001"))).isEqualTo("COUNTS#BATCH#4900000000000000000001 / BATCH");
        assertThat(pkSk(UpliftItem.key())).isEqualTo("UPLIFT#current / UPLIFT");
        assertThat(pkSk(UnitCohortItem.key("3f2a9c"))).isEqualTo("COHORT#3f2a9c / COHORT");
        assertThat(pkSk(OutcomeItem.key("evt-1"))).isEqualTo("OUTCOME#evt-1 / OUTCOME");
        assertThat(pkSk(ChurnMarkerItem.key("cust-1", Action.RECOVERY, "2026-11-01T00:00:00Z"))).isEqualTo("CHURN#cust-1#2026-11-01T00:00:00Z / CHURN");
        assertThat(pkSk(ChurnMarkerItem.key("cust-1", Action.NURTURE, "2026-11-01T00:00:00Z")))
                .isEqualTo("CHURN#cust-1#nurture#2026-11-01T00:00:00Z / CHURN");
        // A SHA-256 of the id: the table keeps no id of an erased customer.
        assertThat(pkSk(TombstoneItem.key("cust-1")))
                .isEqualTo("ERASED#21d120906fd394b11c7a5ea3e84254bb8b1bf5f918ea5079e8eb7fe9f12907bd / ERASED");
        assertThat(pkSk(ChatDigestItem.followUp("/nps-loop/chat/vip", "generic:r-1", "recovery")))
                .isEqualTo("CHAT#/nps-loop/chat/vip / FOLLOWUP#generic:r-1#recovery");
        assertThat(pkSk(ChatDigestItem.digest("/nps-loop/chat/vip"))).isEqualTo("CHAT#/nps-loop/chat/vip / DIGEST");
        assertThat(pkSk(ConnectorItem.key("zendesk", "generic:r-1"))).isEqualTo("CONNECTOR#zendesk#generic:r-1 / RECORD");
        assertThat(pkSk(ConnectorItem.back("hubspot", "90210"))).isEqualTo("CONNECTOR#hubspot#EXTERNAL#90210 / FOLLOWUP");
        assertThat(pkSk(SeenSignatureItem.key("zendesk", "abc=")))
                .isEqualTo("SEEN#zendesk#894b2bd86b2154d5f8b98042c6d06982e260c762d16583584dc71e3f005fe9f6 / SEEN");
        assertThat(pkSk(Table.ABSENT_KEY)).isEqualTo("PRIMING#absent / PRIMING");
        assertThat(pkSk(LeadItem.key("0123456789abcdef0123456789abcdef"))).isEqualTo("LEAD#0123456789abcdef0123456789abcdef / LEAD");
        var hour = java.time.Instant.parse("2026-11-22T13:45:10Z");
        assertThat(pkSk(ReferralLinkItem.used(KEY))).isEqualTo("REFERRAL#surveymonkey#118462093571 / USED");
        assertThat(pkSk(ReferralLinkItem.linkWindow(KEY, hour))).isEqualTo("REFERRAL#surveymonkey#118462093571 / WINDOW#2026-11-22T13");
        // A SHA-256 of the address: the table keeps no client address.
        assertThat(pkSk(ReferralLinkItem.addressWindow("198.51.100.7", hour)))
                .matches("REFERRAL#ADDRESS#[0-9a-f]{64} / WINDOW#2026-11-22T13").doesNotContain("198.51");
    }

    @Test
    void aResponseKeyReadsBackFromItsItemKeyWhateverHashesItsIdHolds() {
        var key = new ResponseKey("typeform", "tok#with#hashes");
        assertThat(ResponseItem.keyOf(ResponseItem.key(key))).isEqualTo(key);
        assertThatThrownBy(() -> ResponseItem.keyOf(FetchItem.key(key))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ResponseItem.keyOf(Map.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFetchKeyIsToldApartAndNamesItsResponse() {
        var pk = Table.pk(FetchItem.key(KEY));
        assertThat(FetchItem.isFetchKey(pk)).isTrue();
        assertThat(FetchItem.isFetchKey(Table.pk(ResponseItem.key(KEY)))).isFalse();
        assertThat(FetchItem.isFetchKey(null)).isFalse();
        assertThat(FetchItem.responseKeyValue(pk)).isEqualTo("surveymonkey:118462093571");
    }

    @Test
    void theTablesNamesStayAsDeployed() {
        assertThat(Table.PK).isEqualTo("pk");
        assertThat(Table.SK).isEqualTo("sk");
        assertThat(Table.EXPIRES_AT).isEqualTo("expiresAt");
        assertThat(Table.INDEXES).containsOnly(Map.entry("OpenCasesByDue", java.util.List.of("openCase", "followUpDueAt")),
                Map.entry("OpenCasesByOwner", java.util.List.of("openOwner", "followUpDueAt")),
                Map.entry("OpenCasesByTier", java.util.List.of("openTier", "followUpDueAt")),
                Map.entry("OpenCasesBySource", java.util.List.of("openSource", "followUpDueAt")),
                Map.entry("ResponsesByAccount", java.util.List.of("accountId", "submittedAt")));
        assertThat(ResponseItem.OPEN_CASE).isEqualTo("openCase");
        assertThat(ResponseItem.FOLLOW_UP_DUE_AT).isEqualTo("followUpDueAt");
    }

    private static String pkSk(Map<String, AttributeValue> key) {
        assertThat(key).containsOnlyKeys("pk", "sk");
        return key.get("pk").s() + " / " + key.get("sk").s();
    }
}

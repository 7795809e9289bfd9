package io.npsloop.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Routes, kinds, escaping and caps, the webhook cache and error words: the chat function's rules without AWS. */
class ChatRulesTest {

    @Test
    void theFirstRouteMatchingActionAndTierWins() {
        var routes = ChatRoutes.parse(" recovery:high=/c/vip ; escalation=/c/leads,teams ; *=/c/support,digest ");
        assertThat(routes.routeFor("recovery", "high").orElseThrow().parameter()).isEqualTo("/c/vip");
        assertThat(routes.routeFor("recovery", "low").orElseThrow().parameter()).isEqualTo("/c/support");
        assertThat(routes.routeFor("escalation", "high").orElseThrow().kind()).isEqualTo(ChatKind.TEAMS);
        assertThat(routes.routeFor("referral", "medium").orElseThrow().mode()).isEqualTo(ChatRoutes.Mode.DIGEST);
        assertThat(routes.digests()).extracting(ChatRoutes.Route::parameter).containsExactly("/c/support");
        assertThat(ChatRoutes.parse("recovery=/c/a").routeFor("referral", "high")).isEmpty();
        assertThat(ChatRoutes.parse("  ").isEmpty()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"recovery", "refund=/c/a", "recovery:gold=/c/a", "recovery=https://hooks.slack.com/x", "*=/c/a,hourly"})
    void aBadRouteFailsNamingTheVariableAndTheEntry(String entry) {
        assertThatThrownBy(() -> ChatRoutes.parse("*=/c/ok;" + entry))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("CHAT_ROUTES: route '" + entry.strip() + "'");
    }

    @Test
    void theKindIsToldFromTheHost() {
        assertThat(ChatKind.fromUrl("https://hooks.slack.com/services/T0/B0/x")).contains(ChatKind.SLACK);
        assertThat(ChatKind.fromUrl("https://prod-12.westus.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke"))
                .contains(ChatKind.TEAMS);
        assertThat(ChatKind.fromUrl("https://default1234.environment.api.powerplatform.com/powerautomate/automations/direct/x"))
                .contains(ChatKind.TEAMS);
        assertThat(ChatKind.fromUrl("https://hooks.slack.com.evil.example/x")).isEmpty();
        assertThat(ChatKind.fromUrl("not a url")).isEmpty();
    }

    @Test
    void slackTextIsEscapedAndCappedWithoutCuttingAnEntity() {
        assertThat(SlackMessages.escape("<!here> & <@U1>")).isEqualTo("&lt;!here&gt; &amp; &lt;@U1&gt;");
        var capped = SlackMessages.safe("a".repeat(2998) + "<b", 3000);
        assertThat(capped).hasSizeLessThanOrEqualTo(3000).endsWith("…").doesNotContain("&l…").doesNotContain("<");
        assertThat(SlackMessages.safe("x".repeat(5000), SlackMessages.SECTION_TEXT)).hasSize(SlackMessages.SECTION_TEXT);
    }

    @Test
    void aLongCommentStaysInsideBlockKitsLimits() throws Exception {
        var message = new FollowUpMessage("generic:r-1", "recovery", null, 1, Instant.parse("2026-11-20T10:00:00Z"),
                "N".repeat(4000), null, "high", 1, "detractor", "&".repeat(4000), "generic", Map.of("contacted", "https://x/desk/act?t=1"),
                Instant.parse("2026-12-01T00:00:00Z"), "https://x/desk/#/cases/generic%3Ar-1");
        var json = com.fasterxml.jackson.jr.ob.JSON.std.mapFrom(SlackMessages.followUp(message));
        var texts = new java.util.ArrayList<Map<String, Object>>();
        collect(json, texts);
        assertThat(texts).allSatisfy(t -> assertThat(((String) t.get("text")).length()).isLessThanOrEqualTo(SlackMessages.SECTION_TEXT));
    }

    @SuppressWarnings("unchecked")
    private static void collect(Object node, java.util.List<Map<String, Object>> into) {
        if (node instanceof Map<?, ?> map) {
            if (map.get("text") instanceof String) {
                into.add((Map<String, Object>) map);
            }
            map.values().forEach(v -> collect(v, into));
        } else if (node instanceof java.util.List<?> list) {
            list.forEach(v -> collect(v, into));
        }
    }

    private static FollowUpMessage withLinks(String caseLink, Map<String, String> links) {
        return new FollowUpMessage("generic:r-1", "recovery", null, 1, Instant.parse("2026-11-20T10:00:00Z"),
                "Ana", null, "high", 2, "detractor", "x", "generic", links, links.isEmpty() ? null : Instant.parse("2026-12-01T00:00:00Z"),
                caseLink);
    }

    @Test
    @SuppressWarnings("unchecked")
    void bothToolsOpenTheCaseInTheDeskFirstThenEachStep() throws Exception {
        var steps = new java.util.LinkedHashMap<String, String>();
        steps.put("contacted", "https://nps.example.com/desk/act?t=c");
        steps.put("resolved", "https://nps.example.com/desk/act?t=r");
        var message = withLinks("https://nps.example.com/desk/#/cases/generic%3Ar-1", steps);

        var slack = com.fasterxml.jackson.jr.ob.JSON.std.mapFrom(SlackMessages.followUp(message));
        var actions = ((java.util.List<Map<String, Object>>) slack.get("blocks")).stream()
                .filter(b -> "actions".equals(b.get("type"))).findFirst().orElseThrow();
        var buttons = (java.util.List<Map<String, Object>>) actions.get("elements");
        assertThat(buttons).extracting(b -> ((Map<String, Object>) b.get("text")).get("text"))
                .containsExactly("Open in the desk", "Contacted", "Resolved");
        assertThat(buttons).extracting(b -> b.get("url")).containsExactly("https://nps.example.com/desk/#/cases/generic%3Ar-1",
                "https://nps.example.com/desk/act?t=c", "https://nps.example.com/desk/act?t=r");
        assertThat(buttons).extracting(b -> b.get("action_id")).containsExactly("nps-loop-desk", "nps-loop-contacted", "nps-loop-resolved");

        var card = com.fasterxml.jackson.jr.ob.JSON.std.mapFrom(TeamsCards.followUp(message));
        var content = (Map<String, Object>) ((java.util.List<Map<String, Object>>) card.get("attachments")).get(0).get("content");
        assertThat((java.util.List<Map<String, Object>>) content.get("actions")).extracting(a -> a.get("title") + " " + a.get("url"))
                .containsExactly("Open in the desk https://nps.example.com/desk/#/cases/generic%3Ar-1",
                        "Contacted https://nps.example.com/desk/act?t=c", "Resolved https://nps.example.com/desk/act?t=r");
    }

    @Test
    @SuppressWarnings("unchecked")
    void withoutStepLinksTheDeskButtonStandsAloneAndNothingIsSaidOfConfirming() throws Exception {
        var message = withLinks("https://nps.example.com/desk/#/cases/generic%3Ar-1", Map.of());

        var slack = SlackMessages.followUp(message);
        var blocks = (java.util.List<Map<String, Object>>) com.fasterxml.jackson.jr.ob.JSON.std.mapFrom(slack).get("blocks");
        var buttons = (java.util.List<Map<String, Object>>) blocks.stream()
                .filter(b -> "actions".equals(b.get("type"))).findFirst().orElseThrow().get("elements");
        assertThat(buttons).singleElement().satisfies(b -> assertThat(b.get("url")).isEqualTo("https://nps.example.com/desk/#/cases/generic%3Ar-1"));
        assertThat(slack).doesNotContain("confirm");

        var teams = TeamsCards.followUp(message);
        var content = (Map<String, Object>) ((java.util.List<Map<String, Object>>) com.fasterxml.jackson.jr.ob.JSON.std.mapFrom(teams)
                .get("attachments")).get(0).get("content");
        assertThat((java.util.List<Map<String, Object>>) content.get("actions")).extracting(a -> a.get("title")).containsExactly("Open in the desk");
        assertThat(teams).doesNotContain("confirm");

        var none = withLinks(null, Map.of());
        assertThat(SlackMessages.followUp(none)).doesNotContain("\"actions\"");
        assertThat(TeamsCards.followUp(none)).doesNotContain("Action.OpenUrl");
    }

    @Test
    void aWebhookIsReadOnceAndKeptWhenSsmFailsLater() {
        var reads = new AtomicInteger();
        var fail = new java.util.concurrent.atomic.AtomicBoolean();
        var clock = new java.util.concurrent.atomic.AtomicReference<>(Instant.parse("2026-11-20T10:00:00Z"));
        var webhooks = new ChatWebhooks(name -> {
            reads.incrementAndGet();
            if (fail.get()) {
                throw new IllegalStateException("SSM unreachable");
            }
            return name.equals("/c/a") ? "https://hooks.slack.com/services/a" : null;
        }, new Clock() {
            public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
            public Clock withZone(java.time.ZoneId zone) { return this; }
            public Instant instant() { return clock.get(); }
        });
        assertThat(webhooks.url("/c/a")).contains("https://hooks.slack.com/services/a");
        assertThat(webhooks.url("/c/a")).isPresent();
        assertThat(reads).hasValue(1);
        assertThat(webhooks.url("/c/missing")).isEmpty();
        clock.set(clock.get().plus(ChatWebhooks.MAX_AGE).plusSeconds(1));
        fail.set(true);
        assertThat(webhooks.url("/c/a")).as("kept when SSM fails").isPresent();
        assertThatThrownBy(() -> webhooks.url("/c/other")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void onlyAnErrorWordOrTheStatusReachesALog() {
        assertThat(ChatPoster.errorWord(404, "no_service")).isEqualTo("no_service");
        assertThat(ChatPoster.errorWord(400, "invalid_payload\n")).isEqualTo("invalid_payload");
        assertThat(ChatPoster.errorWord(400, "{\"error\":{\"code\":\"x\",\"message\":\"see https://hooks.slack.com/services/T/B/secret\"}}"))
                .isEqualTo("http_400");
    }

    @Test
    void aFollowUpIsReadRawEnvelopedOrAsAWholeMessageStructure() {
        var json = "{\"followUpId\":\"generic:r-1\",\"action\":\"recovery\",\"dueAt\":\"2026-11-20T10:00:00Z\","
                + "\"respondent\":{\"name\":\"Ana\",\"valueTier\":\"high\"},\"response\":{\"score\":2,\"comment\":\"x\"},"
                + "\"links\":{\"case\":\"https://d/desk/#/cases/generic%3Ar-1\",\"expiresAt\":\"2026-12-01T00:00:00Z\","
                + "\"actions\":{\"contacted\":\"https://a\",\"resolved\":\"https://b\"}}}";
        var quoted = com.fasterxml.jackson.jr.ob.JSON.std;
        try {
            var raw = FollowUpMessage.fromSqsBody(json);
            var enveloped = FollowUpMessage.fromSqsBody(quoted.asString(Map.of("Type", "Notification", "Message", json)));
            var structure = FollowUpMessage.fromSqsBody(quoted.asString(Map.of("Type", "Notification",
                    "Message", quoted.asString(Map.of("default", json, "email", "text")))));
            assertThat(enveloped).isEqualTo(raw);
            assertThat(structure).isEqualTo(raw);
            assertThat(raw.links().keySet()).containsExactly("contacted", "resolved");
            assertThat(raw.caseLink()).isEqualTo("https://d/desk/#/cases/generic%3Ar-1");
            assertThat(raw.valueTier()).isEqualTo("high");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertThatThrownBy(() -> FollowUpMessage.fromSqsBody("{\"hello\":1}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FollowUpMessage.fromSqsBody("nope")).isInstanceOf(IllegalArgumentException.class);
    }

    /** Without a public base URL an overdue case has no desk link: its line stands alone, with no button. */
    @Test
    void anOverdueCaseWithoutADeskLinkIsALineWithoutAButton() {
        var at = Instant.parse("2026-11-21T07:00:00Z");
        var linked = new Digest.Entry("generic:r-1", "recovery", "Ana", "high", "2 (detractor)", "Slow", at, Map.of(),
                "https://nps.example.com/desk/#/cases/generic%3Ar-1");
        var bare = new Digest.Entry("generic:r-2", "recovery", "Bo", "low", "3 (detractor)", "Late", at, Map.of(), null);
        var digest = new Digest(at.minusSeconds(86_400), List.of(), 0, List.of(linked, bare), 2, LocalDate.of(2026, 11, 20), 0, 0);

        var slack = SlackMessages.digest(digest);
        var teams = TeamsCards.digest(digest);

        for (var message : List.of(slack, teams)) {
            assertThat(message).containsOnlyOnce("https://nps.example.com/desk/#/cases/generic%3Ar-1")
                    .containsOnlyOnce("Open in the desk").contains("generic:r-2").doesNotContain("generic%3Ar-2");
        }
    }
}

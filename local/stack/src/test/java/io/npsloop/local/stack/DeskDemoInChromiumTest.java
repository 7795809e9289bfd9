package io.npsloop.local.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.fasterxml.jackson.jr.ob.JSON;
import io.npsloop.cases.EscalationFunction;
import io.npsloop.config.Settings;
import io.npsloop.local.LocalAws;
import io.npsloop.local.LocalContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

/**
 * The demo to its end: the samples posted as {@code bin/local-stack --demo} posts them, then a lead
 * takes every follow-up they opened through the desk's page alone, at a phone's size, until the
 * queue is empty; the cases API and the escalation agree that nothing is left. With the local
 * Zendesk, as the demo runs it: a recovery's case says where else it is worked, its ticket a link.
 */
class DeskDemoInChromiumTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ByteArrayOutputStream LOG = new ByteArrayOutputStream();
    private static LocalStack stack;
    private static DeskBrowser browser;

    @BeforeAll
    static void start() throws Exception {
        var env = new HashMap<>(LocalStack.LOCAL_ZENDESK);
        env.put("LOCAL_DATA_DIR", Files.createTempDirectory("desk-demo").toString());
        stack = LocalStack.start(LocalAws.shared(), "deskdemo-" + UUID.randomUUID().toString().substring(0, 8), "127.0.0.1", 0,
                env, new PrintStream(LOG, true, StandardCharsets.UTF_8));
        var demo = new ByteArrayOutputStream();
        assertThat(Demo.run(stack, Main.findEvents(), new PrintStream(demo, true, StandardCharsets.UTF_8)))
                .as("the demo; output:%n%s", demo.toString(StandardCharsets.UTF_8)).isZero();
        browser = DeskBrowser.start(stack.baseUrl());
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aLeadTakesEveryFollowUpOfTheDemoToItsEndThroughThePageAlone() throws Exception {
        var open = openCases();
        assertThat(open).as("the demo opens follow-ups to work").isNotEmpty();
        var tickets = tickets(open);
        assertThat(tickets).as("the demo's recoveries with an email have their Zendesk tickets").isNotEmpty();

        browser.signIn("lead@example.com", "lead-local-password");
        var worked = new ArrayList<String>();
        for (int i = 0; i <= open.size(); i++) {
            browser.showQueue();
            var links = browser.driver.findElements(By.cssSelector("ul.cases a"));
            if (links.isEmpty()) {
                break;
            }
            var href = links.get(0).getAttribute("href");
            // The queue's index is written with the step that ends a case: a case worked is gone at the next load.
            assertThat(worked).as("worked before, still in the queue").doesNotContain(href);
            worked.add(href);
            links.get(0).click();
            workToItsEnd(tickets);
        }
        browser.showQueue();
        assertThat(browser.driver.findElements(By.cssSelector("ul.cases a"))).as("the queue is empty").isEmpty();
        assertThat(browser.main()).contains("No open follow-ups.");
        assertThat(worked).hasSize(open.size());
        assertThat(ticketsSeen).as("every ticket was shown on its case").isEqualTo(tickets.size());
        browser.screenshot("demo-done");

        assertThat(openCases()).as("no case open over the cases API").isEmpty();
        var escalation = new EscalationFunction(new Settings(stack.functionEnvironment()),
                Clock.fixed(Instant.now().plus(Duration.ofDays(30)), ZoneOffset.UTC))
                .handleRequest(new ScheduledEvent(), new LocalContext("escalation"));
        assertThat(escalation).as("nothing overdue, a month on").containsEntry("overdue", 0).containsEntry("escalated", 0);
    }

    private static int ticketsSeen;

    /** The Zendesk ticket of each case that has one, by case id, as {@code GET /cases/{id}} says once the connector stored it. */
    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> tickets(List<Object> open) throws Exception {
        var zendesk = stack.zendesk().orElseThrow();
        var expected = zendesk.tickets().size();
        var found = DeskBrowser.poll(() -> {
            var byCase = new HashMap<String, Map<String, Object>>();
            for (var c : open) {
                var id = (String) ((Map<String, Object>) c).get("id");
                var shown = call("/cases/" + URLEncoder.encode(id, StandardCharsets.UTF_8));
                ((List<Map<String, Object>>) shown.get("elsewhere")).stream().filter(e -> "zendesk".equals(e.get("tool")))
                        .forEach(e -> byCase.put(id, e));
            }
            return byCase;
        }, byCase -> byCase.size() >= expected);
        assertThat(found).as("one ticket per case, as the local Zendesk holds them").hasSize(expected);
        found.values().forEach(t -> assertThat(t.get("url")).isEqualTo(zendesk.baseUrl() + "/agent/tickets/" + t.get("id")));
        return found;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> call(String path) {
        try {
            var answer = HTTP.send(HttpRequest.newBuilder(URI.create(stack.baseUrl() + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            return JSON.std.mapFrom(answer.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The case's Zendesk ticket, where it has one: one line, a link opening apart from the desk; at a
     * phone's size and at a desk's, the first time with screenshots.
     */
    private static void elsewhere(Map<String, Map<String, Object>> tickets) throws Exception {
        var hash = browser.driver.getCurrentUrl().substring(browser.driver.getCurrentUrl().indexOf("#/cases/") + "#/cases/".length());
        var ticket = tickets.get(URLDecoder.decode(hash, StandardCharsets.UTF_8));
        if (ticket == null) {
            assertThat(browser.has("main [data-elsewhere]")).as("no ticket, no line").isFalse();
            return;
        }
        var line = browser.driver.findElement(By.cssSelector("main [data-elsewhere]"));
        assertThat(line.getText()).contains("Also worked in").contains("status changes there come back here");
        var link = line.findElement(By.cssSelector("li[data-tool='zendesk'] a"));
        assertThat(link.getText()).isEqualTo("Zendesk ticket #" + ticket.get("id"));
        assertThat(link.getAttribute("href")).isEqualTo(ticket.get("url"));
        assertThat(link.getAttribute("target")).isEqualTo("_blank");
        assertThat(link.getAttribute("rel")).isEqualTo("noopener noreferrer");
        if (ticketsSeen++ == 0) {
            browser.screenshotAs("desk-elsewhere-360.png");
            // A desk's width, then the phone's again for the rest.
            browser.driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                    Map.of("width", 1280, "height", 800, "deviceScaleFactor", 1, "mobile", false));
            assertThat(browser.js("return document.documentElement.scrollWidth <= 1280")).isEqualTo(true);
            assertThat(link.isDisplayed()).isTrue();
            browser.screenshotAs("desk-elsewhere-1280.png");
            browser.driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                    Map.of("width", 360, "height", 740, "deviceScaleFactor", 2, "mobile", true));
        }
    }

    /** Claims the case shown, records it contacted, a referral where it is one, and resolves it. */
    private static void workToItsEnd(Map<String, Map<String, Object>> tickets) throws Exception {
        var actions = browser.wait.until(d -> d.findElement(By.xpath("//main//h2[normalize-space()='What you can do']")));
        assertThat(actions.isDisplayed()).isTrue();
        var action = browser.driver.findElement(By.cssSelector("main section > p strong")).getText();
        assertThat(browser.js("return document.documentElement.scrollWidth <= 360 && window.innerWidth === 360"))
                .as("no sideways scroll on %s", browser.driver.getCurrentUrl()).isEqualTo(true);
        elsewhere(tickets);
        if (browser.has("form[aria-label='Claim this case']")) {
            browser.submit(browser.form("Claim this case"));
            assertThat(browser.main()).contains("Owner: lead@example.com");
        }
        var contacted = browser.form("Record where it stands");
        new Select(contacted.findElement(By.name("type"))).selectByValue("contacted");
        browser.submit(contacted);
        assertThat(browser.main()).contains(action + " · Contacted");
        if (action.equals("Referral")) {
            var referrals = browser.form("Record referrals (up to 3)");
            referrals.findElement(By.name("name0")).sendKeys("Rae Referred");
            referrals.findElement(By.name("contact0")).sendKeys("rae@example.com");
            referrals.findElement(By.name("consent0")).click();
            browser.submit(referrals);
            assertThat(browser.main()).contains("Rae Referred · rae@example.com");
        }
        var resolved = browser.form("Record where it stands");
        new Select(resolved.findElement(By.name("type"))).selectByValue("resolved");
        new Select(resolved.findElement(By.name("reasonCode"))).selectByValue(action.equals("Recovery") ? "support" : "other");
        // Typing closes the list a tap on a select opens on a phone, as a person's next tap would.
        resolved.findElement(By.name("note")).sendKeys("Worked from the demo");
        browser.submit(resolved);
        assertThat(browser.main()).contains(action + " · Resolved");
    }

    @SuppressWarnings("unchecked")
    private static List<Object> openCases() throws Exception {
        var answer = HTTP.send(HttpRequest.newBuilder(URI.create(stack.baseUrl() + "/cases")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return (List<Object>) JSON.std.mapFrom(answer.body()).get("cases");
    }
}

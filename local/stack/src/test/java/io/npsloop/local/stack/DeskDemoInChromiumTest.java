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
 * queue is empty; the cases API and the escalation agree that nothing is left.
 */
class DeskDemoInChromiumTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ByteArrayOutputStream LOG = new ByteArrayOutputStream();
    private static LocalStack stack;
    private static DeskBrowser browser;

    @BeforeAll
    static void start() throws Exception {
        stack = LocalStack.start(LocalAws.shared(), "deskdemo-" + UUID.randomUUID().toString().substring(0, 8), "127.0.0.1", 0,
                Map.of("LOCAL_DATA_DIR", Files.createTempDirectory("desk-demo").toString()), new PrintStream(LOG, true, StandardCharsets.UTF_8));
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
            workToItsEnd();
        }
        browser.showQueue();
        assertThat(browser.driver.findElements(By.cssSelector("ul.cases a"))).as("the queue is empty").isEmpty();
        assertThat(browser.main()).contains("No open follow-ups.");
        assertThat(worked).hasSize(open.size());
        browser.screenshot("demo-done");

        assertThat(openCases()).as("no case open over the cases API").isEmpty();
        var escalation = new EscalationFunction(new Settings(stack.functionEnvironment()),
                Clock.fixed(Instant.now().plus(Duration.ofDays(30)), ZoneOffset.UTC))
                .handleRequest(new ScheduledEvent(), new LocalContext("escalation"));
        assertThat(escalation).as("nothing overdue, a month on").containsEntry("overdue", 0).containsEntry("escalated", 0);
    }

    /** Claims the case shown, records it contacted, a referral where it is one, and resolves it. */
    private static void workToItsEnd() {
        var actions = browser.wait.until(d -> d.findElement(By.xpath("//main//h2[normalize-space()='What you can do']")));
        assertThat(actions.isDisplayed()).isTrue();
        var action = browser.driver.findElement(By.cssSelector("main section > p strong")).getText();
        assertThat(browser.js("return document.documentElement.scrollWidth <= 360 && window.innerWidth === 360"))
                .as("no sideways scroll on %s", browser.driver.getCurrentUrl()).isEqualTo(true);
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

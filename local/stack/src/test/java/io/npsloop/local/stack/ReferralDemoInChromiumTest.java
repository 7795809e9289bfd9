package io.npsloop.local.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import io.npsloop.local.LocalAws;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * A promoter's side of the demo, in Chromium at a phone's size: the referral page a follow-up of
 * {@code bin/local-stack --demo} prints is opened, an over-long name is refused with a message and
 * nothing kept, two people are named, the leads appear on the case attributed to the ask and in the
 * report; an agent marks one converted in the desk's page and the report's conversions move. A
 * tampered link gets the page that says it is not valid.
 */
class ReferralDemoInChromiumTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ByteArrayOutputStream LOG = new ByteArrayOutputStream();
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static LocalStack stack;
    private static DeskBrowser browser;
    private static String demoOutput;

    @BeforeAll
    static void start() throws Exception {
        stack = LocalStack.start(LocalAws.shared(), "referdemo-" + RUN, "127.0.0.1", 0,
                Map.of("LOCAL_DATA_DIR", Files.createTempDirectory("refer-demo").toString()), new PrintStream(LOG, true, StandardCharsets.UTF_8));
        var demo = new ByteArrayOutputStream();
        assertThat(Demo.run(stack, Main.findEvents(), new PrintStream(demo, true, StandardCharsets.UTF_8)))
                .as("the demo; output:%n%s", demo.toString(StandardCharsets.UTF_8)).isZero();
        demoOutput = demo.toString(StandardCharsets.UTF_8);
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
    @SuppressWarnings("unchecked")
    void aPromoterNamesTwoPeopleOnTheirPhoneAndAnAgentMarksOneConverted() throws Exception {
        // The follow-ups as the demo printed them: each referral with its promoter's page.
        var pages = new ArrayList<String[]>();
        String followUp = null;
        for (var line : demoOutput.split("\n")) {
            if (line.startsWith("---- follow-up ")) {
                followUp = line.substring("---- follow-up ".length(), line.indexOf(' ', "---- follow-up ".length()));
            } else if (line.startsWith(Demo.REFERRAL_PAGE)) {
                pages.add(new String[] {followUp, line.substring(Demo.REFERRAL_PAGE.length()).strip()});
            }
        }
        assertThat(pages).as("the demo prints each promoter's page; output:%n%s", demoOutput).isNotEmpty();
        // A promoter with a customer id writing English: their leads count in the report, and the page reads as asserted.
        String caseId = null;
        String page = null;
        for (var candidate : pages) {
            var shown = getJson("/cases/" + URLEncoder.encode(candidate[0], StandardCharsets.UTF_8));
            var english = get(candidate[1].replace(stack.baseUrl().toString(), "")).contains("<html lang=\"en\">");
            if (shown.get("customerId") != null && english && ((List<Object>) shown.get("referrals")).isEmpty()) {
                caseId = candidate[0];
                page = candidate[1];
                break;
            }
        }
        assertThat(page).as("an English promoter with a customer id among %s", pages.size()).isNotNull();
        assertThat(page).startsWith(stack.baseUrl() + "/refer/");
        var before = referralReport();

        browser.driver.get(page);
        browser.wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("form[method='post']")));
        assertThat(browser.driver.findElement(By.tagName("h1")).getText()).startsWith("Thank you, ");
        noSidewaysScroll();
        browser.screenshotAs("referral-form-360.png");

        // An over-long name: the field allows 200, a script or an old browser may send more.
        browser.js("document.getElementById('name1').removeAttribute('maxlength');"
                + "document.getElementById('name1').value = 'N'.repeat(201);");
        browser.driver.findElement(By.id("contact1")).sendKeys("long." + RUN + "@example.com");
        browser.driver.findElement(By.id("consent1")).click();
        Thread.sleep(3_500);
        browser.driver.findElement(By.cssSelector("form button[type='submit']")).click();
        var error = browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("name1-error")));
        assertThat(error.getText()).isEqualTo("Use at most 200 characters for the name.");
        assertThat(browser.driver.findElement(By.cssSelector(".notice.refused")).getText()).contains("Some fields need a change");
        noSidewaysScroll();
        browser.screenshotAs("referral-error-360.png");
        assertThat((List<Object>) getJson("/cases/" + URLEncoder.encode(caseId, StandardCharsets.UTF_8)).get("referrals"))
                .as("nothing kept").isEmpty();

        // Two people, after the time a person takes.
        var name1 = browser.driver.findElement(By.id("name1"));
        name1.clear();
        name1.sendKeys("Sam Lee");
        browser.driver.findElement(By.id("name2")).sendKeys("Kim Park");
        browser.driver.findElement(By.id("contact2")).sendKeys("+44 20 7946 " + (1000 + Math.abs(RUN.hashCode() % 8999)));
        browser.driver.findElement(By.id("consent2")).click();
        Thread.sleep(3_500);
        browser.driver.findElement(By.cssSelector("form button[type='submit']")).click();
        browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".notice.done")));
        assertThat(browser.driver.findElement(By.tagName("h1")).getText()).isEqualTo("Thank you!");
        assertThat(browser.main()).contains("We received the people you named");
        noSidewaysScroll();
        browser.screenshotAs("referral-thanks-360.png");

        // On the case, each person a lead attributed to the ask.
        var shown = getJson("/cases/" + URLEncoder.encode(caseId, StandardCharsets.UTF_8));
        var referrals = (List<Map<String, Object>>) shown.get("referrals");
        assertThat(referrals).extracting(r -> r.get("name")).containsExactly("Sam Lee", "Kim Park");
        assertThat(referrals).allSatisfy(r -> assertThat(r.get("leadId")).isNotNull());
        var agent = Map.of("authorization", "Bearer " + LocalDeskSignIn.accessToken(stack.baseUrl(), "agent@example.com", "agent-local-password"));
        var desk = (Map<String, Object>) JSON.std.mapFrom(send("GET", "/desk/api/cases/" + URLEncoder.encode(caseId, StandardCharsets.UTF_8),
                agent).body()).get("case");
        for (var person : (List<Map<String, Object>>) desk.get("referrals")) {
            assertThat((Map<String, Object>) person.get("lead")).containsEntry("caseId", caseId).containsEntry("status", "new")
                    .containsEntry("arm", "treatment").containsEntry("action", "referral").containsEntry("reason", shown.get("reason"));
        }
        assertThat((String) desk.get("personalLink")).startsWith(stack.baseUrl() + "/refer/");
        var leads = DeskBrowser.poll(ReferralDemoInChromiumTest::referralReport,
                r -> ((Number) r.get("leads")).intValue() == ((Number) before.get("leads")).intValue() + 2);
        assertThat(leads.get("leads")).as("two more leads in the report").isEqualTo(((Number) before.get("leads")).intValue() + 2);

        // The desk's page: the lead's status, the personal link, and Mark converted.
        browser.signIn("agent@example.com", "agent-local-password");
        browser.driver.get(stack.baseUrl() + "/desk/#/cases/" + URLEncoder.encode(caseId, StandardCharsets.UTF_8));
        var convert = browser.form("Mark converted: Sam Lee");
        assertThat(browser.main()).contains("The promoter's referral page", "New lead");
        assertThat(browser.has(".personal-link button")).isTrue();
        assertThat(browser.js("var b = document.querySelector('.personal-link button').getBoundingClientRect(); return b.height >= 44;"))
                .as("a 44px target").isEqualTo(true);
        convert.findElement(By.name("value")).sendKeys("250");
        browser.submit(convert);
        assertThat(browser.main()).contains("Converted · worth 250", "referral_converted · 250");
        assertThat(browser.has("form[aria-label='Mark converted: Sam Lee']")).isFalse();
        noSidewaysScroll();
        browser.screenshot("referral-converted");
        var converted = DeskBrowser.poll(ReferralDemoInChromiumTest::referralReport,
                r -> ((Number) r.get("converted")).intValue() == ((Number) before.get("converted")).intValue() + 1);
        assertThat(((Number) converted.get("converted")).intValue()).isEqualTo(((Number) before.get("converted")).intValue() + 1);
        assertThat(new BigDecimal(converted.get("convertedValue").toString()))
                .isEqualByComparingTo(new BigDecimal(before.get("convertedValue").toString()).add(new BigDecimal("250")));

        // A link changed by hand: the page that says so, nothing about anyone.
        var tampered = page.substring(0, page.length() - 2) + (page.endsWith("AA") ? "BB" : "AA");
        browser.driver.get(tampered);
        var refused = browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".notice.refused")));
        assertThat(refused.getText()).isEqualTo("This link is not valid.");
        assertThat(browser.has("form")).isFalse();
    }

    private static void noSidewaysScroll() {
        assertThat(browser.js("return document.documentElement.scrollWidth <= window.innerWidth && window.innerWidth === 360"))
                .as("no sideways scroll on %s", browser.driver.getCurrentUrl()).isEqualTo(true);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> referralReport() {
        try {
            return (Map<String, Object>) getJson("/reports/roi").get("referral");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> getJson(String path) throws Exception {
        var answer = send("GET", path, Map.of());
        assertThat(answer.statusCode()).as(path + ": " + answer.body()).isEqualTo(200);
        return JSON.std.mapFrom(answer.body());
    }

    private static String get(String path) throws Exception {
        return send("GET", path, Map.of()).body();
    }

    private static HttpResponse<String> send(String method, String path, Map<String, String> headers) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(stack.baseUrl() + path)).method(method, HttpRequest.BodyPublishers.noBody());
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}

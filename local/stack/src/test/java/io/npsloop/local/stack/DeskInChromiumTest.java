package io.npsloop.local.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.npsloop.local.LocalAws;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The desk's page in Debian's Chromium, driven through chromedriver against the whole local stack
 * at a phone's size (360 x 740): people sign in at the local issuer's form, work cases posted by
 * signed webhooks, and what they did is read back through the JSON API, the report and the export.
 * One browser for every step; the steps run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeskInChromiumTest {

    static final String HOSTILE = "<img src=x onerror=\"window.__pwned=1\"><script>window.__pwned=2</script>";
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ByteArrayOutputStream LOG = new ByteArrayOutputStream();

    private static LocalStack stack;
    private static DeskBrowser desk;
    private static ChromeDriver browser;
    private static WebDriverWait wait;
    private static String detractor;
    private static String promoter;
    private static String kim;

    @BeforeAll
    static void start() throws Exception {
        // No holdout: every answer here opens its case, whatever arm its account would draw.
        stack = LocalStack.start(LocalAws.shared(), "deskpage-" + RUN, "127.0.0.1", 0,
                Map.of("LOCAL_DATA_DIR", Files.createTempDirectory("desk-page").toString(), "HOLDOUT_PERCENT", "0"),
                new PrintStream(LOG, true, StandardCharsets.UTF_8));
        // A phone: every step below runs at 360 px, as people on the move use the desk.
        desk = DeskBrowser.start(stack.baseUrl());
        browser = desk.driver;
        wait = desk.wait;
    }

    @AfterAll
    static void stop() {
        if (desk != null) {
            desk.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void anAgentSignsInAtTheIssuersFormAndLandsOnTheQueue() {
        signIn("agent@example.com", "agent-local-password");
        assertThat(desk.js("return document.documentElement.lang")).isEqualTo("en");
        assertThat(browser.findElement(By.cssSelector("header .who")).getText()).isEqualTo("Alex Agent");
        assertThat(browser.getCurrentUrl()).as("the code and state are gone from the address").doesNotContain("code=");
        assertThat(desk.js("return sessionStorage.getItem('desk.tokens') !== null && localStorage.length === 0")).isEqualTo(true);
    }

    @Test
    @Order(2)
    void aDetractorJustPostedShowsInTheQueueAndIsClaimedContactedAndResolved() throws Exception {
        detractor = post("generic-detractor.json", "resp-2026-11-0001", "cust-1001", "acct-globex", "Dana Detractor " + RUN, null);
        var link = awaitInQueue(detractor);
        assertThat(link.getText()).contains("Dana Detractor " + RUN).contains("Score 3");
        link.click();
        desk.awaitHeading("Dana Detractor " + RUN);
        assertThat(browser.findElement(By.cssSelector("a[href^='mailto:']")).getText()).startsWith("dana-");

        desk.submit(desk.form("Claim this case"));
        assertThat(desk.main()).contains("Owner: agent@example.com");
        var attempt = desk.form("Log an attempt");
        new Select(attempt.findElement(By.name("channel"))).selectByValue("phone");
        attempt.findElement(By.cssSelector("input[name='reached'][value='yes']")).click();
        attempt.findElement(By.name("note")).sendKeys("Called, spoke to Dana");
        desk.submit(attempt);
        assertThat(desk.main()).contains("Recovery · Contacted · Owner: agent@example.com").contains("Attempt by agent@example.com").contains("Phone · reached");
        var step = desk.form("Record where it stands");
        new Select(step.findElement(By.name("type"))).selectByValue("resolved");
        new Select(step.findElement(By.name("reasonCode"))).selectByValue("billing");
        step.findElement(By.name("note")).sendKeys("Refunded the March invoice");
        desk.submit(step);
        assertThat(desk.main()).contains("Recovery · Resolved").contains("Refunded the March invoice").contains("Resolved by agent@example.com")
                .contains("Billing");
        assertThat(browser.findElements(By.cssSelector("form[aria-label='Claim this case']"))).as("nothing to claim now").isEmpty();
    }

    @Test
    @Order(3)
    void aFormsProblemIsShownBesideItNamingTheField() throws Exception {
        var id = post("generic-detractor.json", "resp-2026-11-0001", "cust-1001", "acct-globex", "Pat Problem " + RUN, null);
        openCase(id, "Pat Problem " + RUN);
        desk.submit(desk.form("Claim this case"));
        var assign = desk.form("Assign or hand off");
        assign.findElement(By.name("to")).sendKeys("not an address");
        assign.findElement(By.cssSelector("button[type='submit']")).click();
        var alert = wait.until(d -> assign.findElement(By.cssSelector("[role='alert'] .problem")));
        assertThat(alert.getText()).contains("To (an email, or team:<name>): must be a person's email or team:<name>");
        assertThat(assign.findElement(By.name("to")).getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(assign.findElement(By.cssSelector("button[type='submit']")).isEnabled()).as("enabled again after the answer").isTrue();
    }

    @Test
    @Order(4)
    void aPromotersCaseTakesTwoReferrals() throws Exception {
        promoter = post("generic-promoter.json", "resp-2026-11-0002", "cust-1002", "acct-initech", "Pia Promoter " + RUN, null);
        openCase(promoter, "Pia Promoter " + RUN);
        var referrals = desk.form("Record referrals (up to 3)");
        referrals.findElement(By.name("name0")).sendKeys("Rae Referred");
        referrals.findElement(By.name("contact0")).sendKeys("rae@example.com");
        referrals.findElement(By.name("consent0")).click();
        referrals.findElement(By.name("name1")).sendKeys("Ray Referred");
        referrals.findElement(By.name("contact1")).sendKeys("+44 20 7946 0000");
        assertThat(referrals.findElement(By.name("consent1")).getAttribute("required")).as("asked once a name is typed").isNotNull();
        referrals.findElement(By.name("consent1")).click();
        desk.submit(referrals);
        assertThat(desk.main()).contains("Rae Referred · rae@example.com").contains("Ray Referred · +44 20 7946 0000").contains("Referred by");
    }

    @Test
    @Order(5)
    void theJsonApiTheReportAndTheExportHoldWhatWasDoneOnThePage() throws Exception {
        var detractorCase = get("/cases/" + detractor).body();
        assertThat(detractorCase).contains("\"status\":\"resolved\"", "\"type\":\"attempted\"", "\"channel\":\"phone\"", "\"reached\":true",
                "\"type\":\"contacted\"", "\"reasonCode\":\"billing\"", "\"note\":\"Refunded the March invoice\"",
                "\"owner\":\"person:agent@example.com\"");
        assertThat(get("/cases/" + promoter).body()).contains("\"type\":\"referred\"", "\"note\":\"2 people\"");

        var today = LocalDate.now(ZoneOffset.UTC);
        var report = DeskBrowser.poll(() -> get("/reports/roi?from=" + today + "&to=" + today).body(), r -> r.matches("(?s).*\"leads\":2[,}].*"));
        assertThat(report).as("two referral leads counted in the report").containsPattern("\"leads\":2[,}]");

        var csv = get("/exports/cases.csv").body();
        var row = csv.lines().filter(l -> l.startsWith(detractor + ",")).findFirst().orElseThrow();
        assertThat(row).contains(",resolved,");
        var promoterRow = csv.lines().filter(l -> l.startsWith(promoter + ",")).findFirst().orElseThrow();
        assertThat(promoterRow).contains("referral_lead");
    }

    @Test
    @Order(6)
    void aHostileCommentIsShownAsTextAndRunsNothing() throws Exception {
        var id = post("generic-detractor.json", "resp-2026-11-0001", "cust-1001", "acct-globex", "Hal Hostile " + RUN, HOSTILE);
        var link = awaitInQueue(id);
        link.click();
        desk.awaitHeading("Hal Hostile " + RUN);
        assertThat(browser.findElement(By.cssSelector("main .comment")).getText()).isEqualTo(HOSTILE);
        assertThat(desk.js("return typeof window.__pwned")).isEqualTo("undefined");
        assertThat(desk.js("return document.querySelectorAll('main img, main script').length")).isEqualTo(0L);
        assertThat(desk.js("return document.documentElement.scrollWidth <= window.innerWidth")).as("no sideways scroll on a case").isEqualTo(true);
        desk.screenshot("case");
    }

    @Test
    @Order(7)
    void anAgentHasNoLeadViewLinkAndTheLeadRouteSaysSo() {
        assertThat(browser.findElements(By.cssSelector("header a[href='#/lead']"))).isEmpty();
        browser.get(stack.baseUrl() + "/desk/#/lead");
        var alert = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("main [role='alert']")));
        assertThat(alert.getText()).isEqualTo("Your role does not allow this.");
    }

    @Test
    @Order(8)
    void theKeyboardAloneClaimsACaseFromTheQueue() throws Exception {
        var id = post("generic-detractor.json", "resp-2026-11-0001", "cust-1001", "acct-globex", "Kim Keyboard " + RUN, null);
        kim = id;
        awaitInQueue(id);
        assertThat(desk.js("return document.activeElement.tagName")).as("the view's heading has the focus").isEqualTo("H1");
        var href = "#/cases/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
        tabTo(() -> "A".equals(desk.js("return document.activeElement.tagName"))
                && href.equals(desk.js("return document.activeElement.getAttribute('href')")));
        assertThat(desk.js("return getComputedStyle(document.activeElement).outlineStyle")).as("focus is visible").isEqualTo("solid");
        new Actions(browser).sendKeys(Keys.ENTER).perform();
        desk.awaitHeading("Kim Keyboard " + RUN);
        assertThat(desk.js("return document.activeElement.tagName + ' ' + document.activeElement.textContent")).isEqualTo("H1 Kim Keyboard " + RUN);
        assertThat(desk.js("return getComputedStyle(document.activeElement).outlineStyle")).as("the heading's ring, for the keyboard").isEqualTo("solid");
        tabTo(() -> "Claim this case".equals(desk.js("return document.activeElement.textContent"))
                && "BUTTON".equals(desk.js("return document.activeElement.tagName")));
        var claim = desk.form("Claim this case");
        new Actions(browser).sendKeys(Keys.ENTER).perform();
        wait.until(ExpectedConditions.stalenessOf(claim));
        assertThat(desk.main()).contains("Saved.").contains("Owner: agent@example.com");
        assertThat(get("/cases/" + id).body()).contains("\"owner\":\"person:agent@example.com\"", "\"type\":\"claimed\"");
    }

    @Test
    @Order(9)
    void atAPhonesWidthNothingScrollsSidewaysAndTapTargetsAreLargeEnough() throws Exception {
        desk.showQueue();
        assertThat(desk.js("return window.innerWidth")).isEqualTo(360L);
        assertThat(desk.js("return document.documentElement.scrollWidth <= window.innerWidth")).as("no sideways scroll on the queue").isEqualTo(true);
        assertThat(desk.js("return [...document.querySelectorAll('main a, main button, main select, header a, header button')]"
                + ".filter(e => e.offsetParent !== null && e.getBoundingClientRect().height < 44).map(e => e.outerHTML)"))
                .as("tap targets under 44px").isEqualTo(List.of());
        desk.screenshot("queue");
    }

    @Test
    @Order(10)
    void theShellForbidsInlineScriptAndTheFilesAreCachedForGood() throws Exception {
        var shell = get("/desk/");
        var csp = shell.headers().firstValue("content-security-policy").orElseThrow();
        assertThat(csp).contains("script-src 'self';", "style-src 'self';", "connect-src 'self' http://localhost:", "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline");
        assertThat(shell.headers().firstValue("cache-control")).hasValue("no-store");
        var script = shell.body().replaceAll("(?s).*src=\"assets/([^\"]+)\".*", "$1");
        var asset = get("/desk/assets/" + script);
        assertThat(asset.statusCode()).isEqualTo(200);
        assertThat(asset.headers().firstValue("cache-control")).hasValue("public, max-age=31536000, immutable");
        // What the browser makes of it: an inline script added to the page is refused.
        desk.js("var s = document.createElement('script'); s.textContent = 'window.__inline = 1'; document.body.append(s); return null");
        assertThat(desk.js("return typeof window.__inline")).isEqualTo("undefined");
    }

    @Test
    @Order(11)
    void aLeadSignsInAfterTheAgentSignsOutAndSeesTheLeadView() throws Exception {
        browser.findElement(By.xpath("//header//button[normalize-space()='Sign out']")).click();
        var signedOut = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("main .notice")));
        assertThat(signedOut.getText()).isEqualTo("You are signed out.");
        assertThat(desk.js("return sessionStorage.getItem('desk.tokens')")).isNull();
        browser.findElement(By.xpath("//main//button[normalize-space()='Sign in']")).click();
        desk.fillIssuerForm("lead@example.com", "lead-local-password");
        desk.awaitHeading("Queue");
        browser.findElement(By.cssSelector("header a[href='#/lead']")).click();
        desk.awaitHeading("Lead view");
        assertThat(desk.main()).contains("Contacted in time").contains("agent@example.com").contains("Open cases by age")
                .contains("Under a day").contains("Overdue").doesNotContain("[object");
        assertThat(desk.js("return document.documentElement.scrollWidth <= window.innerWidth")).as("no sideways scroll on the lead view")
                .isEqualTo(true);
        desk.screenshot("lead");
    }

    @Test
    @Order(12)
    void anAdminPutsTheAgentInBillingFromTheTeamsView() throws Exception {
        signOut();
        browser.findElement(By.xpath("//main//button[normalize-space()='Sign in']")).click();
        desk.fillIssuerForm("admin@example.com", "admin-local-password");
        // An admin who works no cases starts at the teams.
        desk.awaitHeading("Teams and roles");
        assertThat(browser.findElements(By.cssSelector("header a[href='#/']"))).as("no queue for them").isEmpty();
        assertThat(browser.findElement(By.cssSelector("header a[href='#/admin']")).getText()).isEqualTo("Teams and roles");
        assertThat(desk.main()).contains("Team support").contains("Alex Agent · agent@example.com").contains("Roles: agent · Teams: support");

        // Checked on the page as the server checks it: nothing is sent.
        var add = desk.form("Add a person to a team");
        add.findElement(By.name("email")).sendKeys("agent@example.com");
        add.findElement(By.name("team")).sendKeys("Billing EU");
        add.findElement(By.cssSelector("button[type='submit']")).click();
        var problem = wait.until(d -> add.findElement(By.cssSelector("[role='alert'] .problem")));
        assertThat(problem.getText()).contains("Team (new or existing): must be lower-case letters, digits and dashes");
        assertThat(add.findElement(By.name("team")).getAttribute("aria-invalid")).isEqualTo("true");

        add.findElement(By.name("team")).clear();
        add.findElement(By.name("team")).sendKeys("billing");
        add.findElement(By.cssSelector("button[type='submit']")).click();
        wait.until(ExpectedConditions.stalenessOf(add));
        var saved = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("main .notice.done")));
        assertThat(saved.getText()).isEqualTo("Saved: agent@example.com now has roles agent and teams billing, support. "
                + "It takes effect at their next sign-in.");
        assertThat(desk.main()).contains("Team billing\nAlex Agent · agent@example.com");

        // A role given and taken back, each answered by the server.
        var roles = desk.form("Roles: agent@example.com");
        new Select(roles.findElement(By.name("role"))).selectByValue("lead");
        roles.findElement(By.xpath(".//button[normalize-space()='Give role']")).click();
        wait.until(ExpectedConditions.stalenessOf(roles));
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("main .notice.done"))).getText())
                .startsWith("Saved: agent@example.com now has roles agent, lead and teams billing, support.");
        roles = desk.form("Roles: agent@example.com");
        new Select(roles.findElement(By.name("role"))).selectByValue("lead");
        roles.findElement(By.xpath(".//button[normalize-space()='Take role']")).click();
        wait.until(ExpectedConditions.stalenessOf(roles));
        assertThat(desk.main()).contains("Roles: agent · Teams: billing, support");

        // Their own admin role: refused, and the server's words shown beside the form.
        var own = desk.form("Roles: admin@example.com");
        new Select(own.findElement(By.name("role"))).selectByValue("admin");
        own.findElement(By.xpath(".//button[normalize-space()='Take role']")).click();
        assertThat(wait.until(d -> own.findElement(By.cssSelector("[role='alert'] .problem"))).getText())
                .contains("You cannot take your own admin role away");

        assertThat(desk.js("return document.documentElement.scrollWidth <= window.innerWidth")).as("no sideways scroll on the teams view")
                .isEqualTo(true);
        assertThat(desk.js("return [...document.querySelectorAll('main a, main button, main select, main input, header a, header button')]"
                + ".filter(e => e.offsetParent !== null && e.getBoundingClientRect().height < 44).map(e => e.outerHTML)"))
                .as("tap targets under 44px").isEqualTo(List.of());
        desk.screenshot("admin");
    }

    @Test
    @Order(13)
    void theAgentSignedInAgainSeesBillingInTheOwnerFilterAndTheAssignPicker() throws Exception {
        signOut();
        browser.findElement(By.xpath("//main//button[normalize-space()='Sign in']")).click();
        desk.fillIssuerForm("agent@example.com", "agent-local-password");
        desk.awaitHeading("Queue");
        assertThat(new Select(browser.findElement(By.id("filter-owner"))).getOptions()).extracting(WebElement::getText)
                .contains("Team billing (0)").anyMatch(text -> text.startsWith("Team support ("));
        // Kim's case is the agent's since they claimed it: they may hand it off, to whom the picker offers.
        var link = awaitInQueue(kim);
        link.click();
        desk.awaitHeading("Kim Keyboard " + RUN);
        assertThat(desk.js("return getComputedStyle(document.activeElement).outlineStyle")).as("no ring after a tap").isEqualTo("none");
        var assign = desk.form("Assign or hand off");
        var list = assign.findElement(By.name("to")).getAttribute("list");
        assertThat(desk.js("return [...document.getElementById('" + list + "').options].map(o => o.value + ' = ' + o.label)"))
                .isEqualTo(List.of("team:billing = Team billing", "team:support = Team support",
                        "agent@example.com = Alex Agent (agent@example.com)", "lead@example.com = Lee Lead (lead@example.com)"));
        assign.findElement(By.name("to")).sendKeys("team:billing");
        desk.submit(assign);
        assertThat(desk.main()).contains("Owner: Team billing");
    }

    @Test
    @Order(14)
    void theAdminTakesTheAgentOutOfBillingWithASecondPress() throws Exception {
        signOut();
        browser.findElement(By.xpath("//main//button[normalize-space()='Sign in']")).click();
        desk.fillIssuerForm("admin@example.com", "admin-local-password");
        desk.awaitHeading("Teams and roles");
        var remove = browser.findElement(By.cssSelector("button[aria-label='Remove agent@example.com from billing']"));
        remove.click();
        assertThat(remove.getText()).as("a first press only asks").isEqualTo("Confirm removal");
        assertThat(desk.main()).contains("Team billing\nAlex Agent · agent@example.com");
        remove.click();
        wait.until(ExpectedConditions.stalenessOf(remove));
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("main .notice.done"))).getText())
                .isEqualTo("Saved: agent@example.com now has roles agent and teams support. It takes effect at their next sign-in.");
        assertThat(desk.main()).contains("Team billing\nNobody in this team.");
    }

    // ---- helpers

    private static void signOut() {
        browser.findElement(By.xpath("//header//button[normalize-space()='Sign out']")).click();
        wait.until(ExpectedConditions.textToBe(By.cssSelector("main .notice"), "You are signed out."));
    }

    private static void signIn(String email, String password) {
        desk.signIn(email, password);
        desk.awaitHeading("Queue");
    }

    /** Posts a sample as its tool signs it, with ids of this run, a name to find it by and perhaps another comment. */
    private static String post(String sample, String responseId, String customerId, String accountId, String name, String comment)
            throws Exception {
        var unique = UUID.randomUUID().toString().substring(0, 8);
        var text = Files.readString(Main.findEvents().resolve(sample))
                .replace(responseId, "resp-desk-" + unique).replace(customerId, "cust-desk-" + unique)
                .replace(accountId, "acct-desk-" + unique)
                .replaceAll("\"name\": \"[^\"]*\"", "\"name\": \"" + name + "\"")
                .replaceAll("\"email\": \"[^\"]*\"", "\"email\": \"dana-" + unique + "@example.com\"");
        if (comment != null) {
            text = text.replaceAll("\"comment\": \"[^\"]*\"",
                    java.util.regex.Matcher.quoteReplacement("\"comment\": " + com.fasterxml.jackson.jr.ob.JSON.std.asString(comment)));
        }
        var body = text.getBytes(StandardCharsets.UTF_8);
        var request = HttpRequest.newBuilder(stack.baseUrl().resolve("/webhooks/generic")).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        Signer.headers("generic", body, stack.functionEnvironment()).forEach(request::header);
        var answer = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        return "generic:resp-desk-" + unique;
    }

    /** The queue, loaded afresh until the case is in it; its link. */
    private static WebElement awaitInQueue(String id) {
        var href = "#/cases/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
        var link = DeskBrowser.poll(() -> {
            desk.showQueue();
            var links = browser.findElements(By.cssSelector("ul.cases a[href='" + href + "']"));
            return links.isEmpty() ? null : links.get(0);
        }, found -> found != null);
        assertThat(link).as("%s in the queue", id).isNotNull();
        return link;
    }

    private static void openCase(String id, String name) {
        awaitInQueue(id).click();
        desk.awaitHeading(name);
    }

    private static void tabTo(Supplier<Boolean> there) {
        for (int i = 0; i < 60 && !there.get(); i++) {
            new Actions(browser).sendKeys(Keys.TAB).perform();
        }
        assertThat(there.get()).as("reached with Tab alone").isTrue();
    }

    private static HttpResponse<String> get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(stack.baseUrl() + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

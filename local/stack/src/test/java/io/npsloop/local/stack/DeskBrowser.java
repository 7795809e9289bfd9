package io.npsloop.local.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium through chromedriver at a phone's size (360 x 740), with the steps the desk's
 * browser tests share: signing in at the local issuer's form, the queue, a case's forms.
 */
final class DeskBrowser implements AutoCloseable {

    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver"));

    final ChromeDriver driver;
    final WebDriverWait wait;
    private final URI base;

    private DeskBrowser(ChromeDriver driver, URI base) {
        this.driver = driver;
        this.wait = new WebDriverWait(driver, Duration.ofSeconds(15));
        // A view drawn again while it is read is read again.
        this.wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        this.base = base;
    }

    static DeskBrowser start(URI base) throws Exception {
        assertThat(Files.isExecutable(CHROMIUM)).as("Chromium at %s (apt-get install chromium, or set CHROMIUM)", CHROMIUM).isTrue();
        assertThat(Files.isExecutable(CHROMEDRIVER))
                .as("chromedriver at %s (apt-get install chromium-driver, or set CHROMEDRIVER)", CHROMEDRIVER).isTrue();
        var options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--user-data-dir=" + Files.createTempDirectory("desk-chromium"));
        var service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        var driver = new ChromeDriver(service, options);
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", 360, "height", 740, "deviceScaleFactor", 2, "mobile", true));
        driver.executeCdpCommand("Emulation.setFocusEmulationEnabled", Map.of("enabled", true));
        return new DeskBrowser(driver, base);
    }

    void signIn(String email, String password) {
        driver.get(base + "/desk/");
        fillIssuerForm(email, password);
        // Back at the desk first: the issuer's own page has a heading too, and leaving it before its
        // redirect lands would drop the sign-in.
        wait.until(ExpectedConditions.not(ExpectedConditions.urlContains("/local-auth/")));
        wait.until(d -> !"Loading…".equals(d.findElement(By.cssSelector("main h1")).getText()));
    }

    /** The local issuer's sign-in form, once the desk has sent the browser there. */
    void fillIssuerForm(String email, String password) {
        wait.until(ExpectedConditions.urlContains("/local-auth/authorize"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("email"))).sendKeys(email);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.cssSelector("button[type='submit']")).click();
    }

    /** The queue, loaded afresh. */
    void showQueue() {
        driver.get(base + "/desk/#/");
        driver.navigate().refresh();
        awaitHeading("Queue");
    }

    void awaitHeading(String text) {
        wait.until(ExpectedConditions.textToBe(By.cssSelector("main h1"), text));
    }

    WebElement form(String label) {
        return wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("form[aria-label='" + label + "']")));
    }

    boolean has(String cssSelector) {
        return !driver.findElements(By.cssSelector(cssSelector)).isEmpty();
    }

    /** Submits with the form's button, then waits for the case drawn again from the answer. */
    void submit(WebElement form) {
        form.findElement(By.cssSelector("button[type='submit']")).click();
        try {
            wait.until(ExpectedConditions.stalenessOf(form));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("the form was not answered; it says: " + form.getText(), e);
        }
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("main .notice.done")));
    }

    String main() {
        return driver.findElement(By.tagName("main")).getText();
    }

    Object js(String script) {
        return driver.executeScript(script);
    }

    void screenshot(String view) throws Exception {
        screenshotAs("desk-" + view + "-360.png");
    }

    /** The whole page as a PNG under target/. */
    void screenshotAs(String name) throws Exception {
        var png = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true));
        var file = Path.of("target", name);
        Files.createDirectories(file.getParent());
        Files.write(file, Base64.getDecoder().decode((String) png.get("data")));
        assertThat(Files.size(file)).isGreaterThan(1_000);
    }

    static <T> T poll(Supplier<T> read, Predicate<T> done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        T value = read.get();
        while (!done.test(value) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            value = read.get();
        }
        return value;
    }

    @Override
    public void close() {
        driver.quit();
    }
}

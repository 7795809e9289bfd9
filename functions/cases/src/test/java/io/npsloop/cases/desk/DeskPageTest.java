package io.npsloop.cases.desk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The desk's shell and files as the cases function serves them, without a browser. */
class DeskPageTest {

    private final DeskPage page = new DeskPage("https://nps-desk.auth.eu-west-1.amazoncognito.com/oauth2/token");

    @Test
    void theShellLinksEachFileByItsContentHashAndIsNeverCached() throws Exception {
        var shell = page.shell();
        assertThat(shell.status()).isEqualTo(200);
        assertThat(shell.headers()).containsEntry("content-type", "text/html; charset=utf-8").containsEntry("cache-control", "no-store")
                .containsEntry("x-content-type-options", "nosniff").containsEntry("referrer-policy", "no-referrer");
        assertThat(page.assetNames()).hasSize(2);
        for (var name : page.assetNames()) {
            assertThat(shell.body()).contains("\"assets/" + name + "\"");
            var body = page.asset(name).body();
            var digest = MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8));
            assertThat(name).as("the name carries the content's hash").contains("." + HexFormat.of().formatHex(digest, 0, 8) + ".");
        }
        assertThat(shell.body()).contains("<html lang=\"en\">").doesNotContain("assets/desk.js\"").doesNotContain("<script>")
                .doesNotContain("style=");
    }

    @Test
    void filesAnswerWithTheirTypeAndAreCachedForGood() {
        var js = page.assetNames().stream().filter(n -> n.endsWith(".js")).findFirst().orElseThrow();
        var css = page.assetNames().stream().filter(n -> n.endsWith(".css")).findFirst().orElseThrow();
        assertThat(js).matches("desk\\.[0-9a-f]{16}\\.js");
        assertThat(page.asset(js).headers()).containsEntry("content-type", "text/javascript; charset=utf-8")
                .containsEntry("cache-control", "public, max-age=31536000, immutable").containsEntry("x-content-type-options", "nosniff");
        assertThat(page.asset(css).headers()).containsEntry("content-type", "text/css; charset=utf-8");
        assertThat(page.asset(js).body()).contains("textContent").contains("crypto.subtle.digest('SHA-256'");
    }

    @Test
    void anUnknownNameOrAHashThatIsNotTheContentsIs404() {
        var js = page.assetNames().stream().filter(n -> n.endsWith(".js")).findFirst().orElseThrow();
        var wrongHash = js.replaceAll("\\.[0-9a-f]{16}\\.", ".0123456789abcdef.");
        for (var name : new String[] {wrongHash, "desk.js", "index.html", "nothing.css", "../desk.js", "", null}) {
            var answer = page.asset(name);
            assertThat(answer.status()).as(String.valueOf(name)).isEqualTo(404);
            assertThat(answer.headers()).containsEntry("content-type", "application/problem+json");
        }
    }

    @Test
    void theContentSecurityPolicyAllowsOnlyThisOriginAndTheTokenEndpointsAndNoInlineScript() {
        var csp = page.shell().headers().get("content-security-policy");
        assertThat(csp).isEqualTo("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                + "connect-src 'self' https://nps-desk.auth.eu-west-1.amazoncognito.com; base-uri 'none'; form-action 'self'; "
                + "frame-ancestors 'none'");
        assertThat(DeskPage.contentSecurityPolicy("http://localhost:3000/local-auth/token"))
                .contains("connect-src 'self' http://localhost:3000;");
        assertThat(DeskPage.contentSecurityPolicy(null)).as("no sign-in configured").contains("connect-src 'self';");
        assertThat(DeskPage.contentSecurityPolicy("javascript:alert(1)")).contains("connect-src 'self';");
        assertThat(DeskPage.contentSecurityPolicy("not a url")).contains("connect-src 'self';");
        assertThat(csp).doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
    }

    @Test
    void theDeskWithoutItsSlashRedirectsToIt() {
        var answer = page.redirect();
        assertThat(answer.status()).isEqualTo(308);
        assertThat(answer.headers()).containsEntry("location", "desk/");
        assertThat(answer.body()).isEmpty();
    }
}

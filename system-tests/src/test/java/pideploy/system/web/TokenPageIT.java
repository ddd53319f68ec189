package pideploy.system.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The API token page (ADR-0051) in a real browser against the real server: an admin makes a token with a role and an
 * expiry, sees its secret once, a script uses it within that role, the list shows role, expiry and last use, and
 * revoking it stops it at once. An admin sees every account's tokens and may not give one more than its owner's role.
 */
class TokenPageIT {
    @TempDir
    static Path data;

    @TempDir
    static Path profile;

    static WebTestServer server;
    static Browser browser;

    @BeforeAll
    static void start() throws IOException {
        server = WebTestServer.start(data);
        server.adminOk(
                "POST",
                "/api/v1/users",
                "{\"username\":\"olga\",\"password\":\"olga operates the fleet\",\"role\":\"operator\"}");
        browser = new Browser(server.adminUrl(), profile);
        browser.logIn(WebTestServer.ADMIN, WebTestServer.PASSWORD);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void screenshot(TestInfo test) {
        browser.screenshot(getClass().getSimpleName() + "-"
                + test.getTestMethod().orElseThrow().getName());
    }

    /** The page drawn afresh: going to the hash the browser already shows would not draw it again. */
    private static void openTokens() {
        browser.go("dashboard", "Dashboard");
        browser.go("tokens", "API tokens");
    }

    @Test
    void makesAViewerTokenShowsItsSecretOnceAndRevokesIt() {
        openTokens();
        browser.type(By.id("token-add-label"), "wall screen");
        new Select(browser.find(By.id("token-add-role"))).selectByValue("viewer");
        new Select(browser.find(By.id("token-add-expires"))).selectByValue("30d");
        browser.find(By.id("token-add-submit")).click();

        String secret = browser.wait
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("token-secret-value")))
                .getAttribute("value");
        assertThat(secret).startsWith("pdt_");
        assertThat(browser.find(By.id("token-secret")).getText()).contains("shown only this once");
        String id = secret.substring(4, secret.indexOf('_', 4));
        WebElement row = browser.find(By.cssSelector("#token-list tr[data-token-id='" + id + "']"));
        assertThat(row.getText()).contains("wall screen").contains("viewer").contains("never");

        // A script with it reads, but changes nothing.
        assertThat(server.bearer("GET", "/api/v1/venues", secret, null).status())
                .isEqualTo(200);
        assertThat(server.bearer("POST", "/api/v1/venues", secret, "{\"code\":\"WALL\",\"name\":\"Wall\"}")
                        .status())
                .isEqualTo(403);

        openTokens();
        assertThat(browser.all(By.id("token-secret-value"))).isEmpty();
        assertThat(browser.driver.getPageSource()).doesNotContain(secret);
        row = browser.find(By.cssSelector("#token-list tr[data-token-id='" + id + "']"));
        assertThat(row.findElements(By.tagName("time")))
                .as("created, expires and last used")
                .hasSize(3);

        row.findElement(By.cssSelector("button[aria-label='Revoke token " + id + "']"))
                .click();
        browser.wait
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm-ok")))
                .click();
        browser.wait.until(ExpectedConditions.invisibilityOfElementLocated(
                By.cssSelector("#token-list tr[data-token-id='" + id + "']")));
        assertThat(server.bearer("GET", "/api/v1/venues", secret, null).status())
                .isEqualTo(401);
        assertThat(server.adminOk("GET", "/api/v1/audit", null))
                .contains("token.revoke")
                .contains(id);
    }

    @Test
    void anAdminSeesEveryAccountsTokensAndCannotGiveOneMoreThanItsOwnersRole() {
        String olgas = WebTestServer.field(
                server.adminOk("POST", "/api/v1/users/olga/tokens", "{\"label\":\"olga's export\"}"), "id");

        openTokens();
        WebElement row = browser.find(By.cssSelector("#token-list tr[data-token-id='" + olgas + "']"));
        assertThat(row.getText()).contains("olga").contains("olga's export").contains("operator");

        browser.type(By.id("token-add-owner"), "olga");
        new Select(browser.find(By.id("token-add-role"))).selectByValue("admin");
        browser.find(By.id("token-add-submit")).click();

        WebElement error =
                browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token-add-role-error")));
        assertThat(error.getText()).contains("at most its owner's role");
        assertThat(browser.all(By.id("token-secret-value"))).isEmpty();
        assertThat(server.adminOk("GET", "/api/v1/users/olga/tokens", null)).doesNotContain("\"admin\"");
    }
}

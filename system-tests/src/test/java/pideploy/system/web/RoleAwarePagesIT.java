package pideploy.system.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The pages offer only what the signed-in role may do (ADR-0043, ADR-0051): a viewer sees no control that creates,
 * changes or removes anything; an operator runs the fleet but sees no account admin and no other account's tokens.
 * The server still refuses what the page does not offer.
 */
class RoleAwarePagesIT {
    private static final String VIEWER = "vera";
    private static final String VIEWER_PASSWORD = "vera only looks at it";
    private static final String OPERATOR = "olga";
    private static final String OPERATOR_PASSWORD = "olga operates the fleet";

    @TempDir
    static Path data;

    @TempDir
    static Path profile;

    static WebTestServer server;
    static Browser browser;
    static String adminTokenId;

    @BeforeAll
    static void start() throws IOException {
        server = WebTestServer.start(data);
        server.adminOk(
                "POST",
                "/api/v1/users",
                "{\"username\":\"%s\",\"password\":\"%s\",\"role\":\"viewer\"}".formatted(VIEWER, VIEWER_PASSWORD));
        server.adminOk(
                "POST",
                "/api/v1/users",
                "{\"username\":\"%s\",\"password\":\"%s\",\"role\":\"operator\"}"
                        .formatted(OPERATOR, OPERATOR_PASSWORD));
        server.adminOk("POST", "/api/v1/venues", "{\"code\":\"CORO\",\"name\":\"Coronado\"}");
        server.adminOk("POST", "/api/v1/pools/CORO/import", "{\"product\":\"KXP2\",\"numbers\":\"1-3\"}");
        adminTokenId = WebTestServer.field(server.adminOk("POST", "/api/v1/users/admin/tokens", "{}"), "id");
        browser = new Browser(server.adminUrl(), profile);
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

    @BeforeEach
    void loggedOut() {
        browser.open("/login.html");
        browser.driver.manage().deleteAllCookies();
        browser.script("sessionStorage.clear()");
    }

    @AfterEach
    void screenshot(TestInfo test) {
        browser.screenshot(getClass().getSimpleName() + "-"
                + test.getTestMethod().orElseThrow().getName());
    }

    private List<String> nav() {
        return browser.all(By.cssSelector(".mainnav a")).stream()
                .map(WebElement::getText)
                .toList();
    }

    @Test
    void aViewerSeesNoControlThatChangesAnything() {
        browser.logIn(VIEWER, VIEWER_PASSWORD);
        assertThat(nav()).contains("Dashboard", "Venues", "API tokens").doesNotContain("Operators");

        browser.go("venues", "Venues");
        assertThat(browser.find(By.cssSelector("#venue-list tr[data-venue='CORO']"))
                        .getText())
                .contains("Coronado");
        assertThat(browser.all(By.id("venue-create"))).isEmpty();
        assertThat(browser.all(By.cssSelector("#venue-list button"))).isEmpty();
        browser.go("products", "Products");
        assertThat(browser.all(By.id("product-add"))).isEmpty();
        browser.go("batches", "Batches");
        assertThat(browser.all(By.id("batch-create"))).isEmpty();
        browser.go("images", "Master images");
        assertThat(browser.all(By.id("image-register"))).isEmpty();
        browser.open("/#/pools?venue=CORO");
        browser.wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#pool-list tr[data-hostname]")));
        assertThat(browser.all(By.id("pool-import"))).isEmpty();
        assertThat(browser.all(By.cssSelector("#pool-list button"))).isEmpty();

        // Its own tokens, read-only ones at most.
        browser.go("tokens", "API tokens");
        assertThat(new Select(browser.find(By.id("token-add-role"))).getOptions())
                .extracting(WebElement::getText)
                .containsExactly("viewer");
        assertThat(browser.all(By.id("token-add-owner"))).isEmpty();
        assertThat(browser.find(By.id("token-list")).getText()).doesNotContain(adminTokenId);

        // What the page does not offer, the server refuses anyway.
        @SuppressWarnings("unchecked")
        Map<String, Object> answer = (Map<String, Object>) browser.asyncScript("""
                const done = arguments[arguments.length - 1];
                fetch('/api/v1/venues', {method: 'POST', credentials: 'same-origin',
                    headers: {'Content-Type': 'application/json',
                              'X-CSRF-Token': sessionStorage.getItem('pideploy.csrf')},
                    body: JSON.stringify({code: 'VERA', name: 'By the viewer'})})
                  .then(r => done({status: r.status}));""");
        assertThat(answer.get("status")).isEqualTo(403L);
        assertThat(server.adminOk("GET", "/api/v1/venues", null)).doesNotContain("VERA");
    }

    @Test
    void anOperatorRunsTheFleetButSeesNoAccountAdminNorOthersTokens() {
        browser.logIn(OPERATOR, OPERATOR_PASSWORD);
        assertThat(nav()).contains("Venues", "API tokens").doesNotContain("Operators");

        browser.go("venues", "Venues");
        assertThat(browser.find(By.id("venue-create")).isDisplayed()).isTrue();
        assertThat(browser.find(By.cssSelector("button[aria-label='Edit venue CORO']"))
                        .isDisplayed())
                .isTrue();
        browser.go("batches", "Batches");
        assertThat(browser.find(By.id("batch-create")).isDisplayed()).isTrue();

        browser.go("tokens", "API tokens");
        assertThat(browser.all(By.id("token-add-owner"))).isEmpty();
        assertThat(new Select(browser.find(By.id("token-add-role"))).getOptions())
                .extracting(WebElement::getText)
                .containsExactly("operator", "viewer");
        browser.type(By.id("token-add-label"), "olga's script");
        browser.find(By.id("token-add-submit")).click();
        String secret = browser.wait
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("token-secret-value")))
                .getAttribute("value");
        String id = secret.substring(4, secret.indexOf('_', 4));
        assertThat(browser.find(By.cssSelector("#token-list tr[data-token-id='" + id + "']"))
                        .getText())
                .contains("olga's script")
                .contains("operator");
        assertThat(browser.find(By.id("token-list")).getText()).doesNotContain(adminTokenId);
        assertThat(browser.all(By.cssSelector("#token-list th")))
                .extracting(WebElement::getText)
                .doesNotContain("Account");

        // The accounts page is not offered; typed in by hand it says why and draws no form.
        browser.go("users", "Operators");
        assertThat(browser.find(By.id("users-admin-only")).getText()).contains("Only an admin");
        assertThat(browser.all(By.id("user-add"))).isEmpty();
        // ...and the server refuses what the page does not offer.
        @SuppressWarnings("unchecked")
        Map<String, Object> answer = (Map<String, Object>) browser.asyncScript("""
                const done = arguments[arguments.length - 1];
                fetch('/api/v1/users', {credentials: 'same-origin'}).then(async r => done({status: r.status,
                    body: await r.text()}));""");
        assertThat(answer.get("status")).isEqualTo(403L);
        assertThat((String) answer.get("body")).contains("needs role admin");
    }
}

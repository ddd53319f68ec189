package pideploy.system.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** Login, logout, anonymous visitors and the CSRF guard, seen from a real browser. */
class OperatorAccessIT {
    @TempDir
    static Path data;

    @TempDir
    static Path profile;

    static WebTestServer server;
    static Browser browser;

    @BeforeAll
    static void start() throws IOException {
        server = WebTestServer.start(data);
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

    @Test
    void anonymousVisitorIsSentToTheLoginPageAndBackAfterLoggingIn() {
        browser.open("/#/batches");

        browser.wait.until(ExpectedConditions.urlContains("/login.html"));
        assertThat(browser.driver.getCurrentUrl()).contains("next=%23%2Fbatches");
        assertThat(browser.find(By.cssSelector("label[for=username]")).getText())
                .isEqualTo("User name");

        browser.type(By.id("username"), WebTestServer.ADMIN);
        browser.type(By.id("password"), WebTestServer.PASSWORD);
        browser.wait
                .until(ExpectedConditions.elementToBeClickable(By.id("login-submit")))
                .click();

        browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#view h1"), "Batches"));
        assertThat(browser.driver.getCurrentUrl()).endsWith("/#/batches");
        assertThat(browser.find(By.id("whoami")).getText()).isEqualTo(WebTestServer.ADMIN);
    }

    @Test
    void managementApiRefusesAnonymousRequests() {
        @SuppressWarnings("unchecked")
        Map<String, Object> answer = (Map<String, Object>) browser.asyncScript("""
                const done = arguments[arguments.length - 1];
                fetch('/api/v1/venues', {credentials: 'same-origin'})
                  .then(async r => done({status: r.status, body: await r.text()}));""");

        assertThat(answer.get("status")).isEqualTo(401L);
        assertThat((String) answer.get("body")).contains("UNAUTHENTICATED");
    }

    @Test
    void wrongPasswordIsRefusedOnTheLoginPage() {
        browser.open("/login.html");
        browser.type(By.id("username"), WebTestServer.ADMIN);
        browser.type(By.id("password"), "not the password");
        browser.wait
                .until(ExpectedConditions.elementToBeClickable(By.id("login-submit")))
                .click();

        browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-error")));
        assertThat(browser.find(By.id("login-error")).getText()).isNotBlank();
        assertThat(browser.driver.getCurrentUrl()).contains("/login.html");
        assertThat(browser.driver.manage().getCookies()).isEmpty();
    }

    @Test
    void stateChangingRequestWithoutCsrfTokenIsRefused() {
        browser.logIn(WebTestServer.ADMIN, WebTestServer.PASSWORD);
        String post = """
                const done = arguments[arguments.length - 1];
                const headers = {'Content-Type': 'application/json'};
                if (arguments[1]) headers['X-CSRF-Token'] = sessionStorage.getItem('pideploy.csrf');
                fetch('/api/v1/venues', {method: 'POST', credentials: 'same-origin', headers,
                    body: JSON.stringify({code: arguments[0], name: 'CSRF check'})})
                  .then(async r => done({status: r.status, body: await r.text()}));""";

        @SuppressWarnings("unchecked")
        Map<String, Object> without = (Map<String, Object>) browser.asyncScript(post, "NCSR", false);
        @SuppressWarnings("unchecked")
        Map<String, Object> with = (Map<String, Object>) browser.asyncScript(post, "WCSR", true);

        assertThat(without.get("status")).isEqualTo(403L);
        assertThat((String) without.get("body")).contains("\"CSRF\"").contains("X-CSRF-Token");
        assertThat(with.get("status")).isEqualTo(201L);
        assertThat(server.adminOk("GET", "/api/v1/venues", null))
                .contains("WCSR")
                .doesNotContain("NCSR");
    }

    @Test
    void logoutEndsTheSession() {
        browser.logIn(WebTestServer.ADMIN, WebTestServer.PASSWORD);
        browser.find(By.id("logout")).click();
        browser.wait.until(ExpectedConditions.urlContains("/login.html"));

        browser.open("/#/venues");

        browser.wait.until(ExpectedConditions.urlContains("/login.html?next="));
    }
}

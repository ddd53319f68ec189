package pideploy.system.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The server's recent log lines in the browser (ADR-0088): the System page with its level filter, and a deployment's
 * detail showing only the lines that name its serial. Two Pis asked for hostnames through the device API.
 */
class LogsPageIT {
    private static final String MINE = "10000000d00d0001";
    private static final String OTHER = "10000000d00d0002";

    @TempDir
    static Path data;

    @TempDir
    static Path profile;

    static WebTestServer server;
    static Browser browser;
    static long deployment;

    @BeforeAll
    static void start() {
        server = WebTestServer.start(data);
        server.adminOk("POST", "/api/v1/venues", "{\"code\":\"LEMA\",\"name\":\"Le Mans karting\"}");
        server.adminOk("POST", "/api/v1/pools/LEMA/import", "{\"product\":\"KXP2\",\"numbers\":\"1-10\"}");
        server.registerImage("KXP2", "2026.12.1", 64 * 1024);
        deployment = server.deviceConfig("KXP2", "LEMA", MINE, "d8:3a:dd:00:00:01");
        server.deviceConfig("KXP2", "LEMA", OTHER, "d8:3a:dd:00:00:02");
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

    private static List<WebElement> rows(String panel) {
        browser.wait.until(d -> d.findElement(By.id(panel)).getAttribute("data-loaded") != null);
        return browser.all(By.cssSelector("#" + panel + " tbody tr"));
    }

    @Test
    void systemPageShowsTheServerLogAndItsLevelFilterNarrowsIt() {
        browser.go("system", "System");

        assertThat(rows("system-logs"))
                .extracting(WebElement::getText)
                .anyMatch(t -> t.contains(MINE) && t.contains("KXP2-LEMA-001"))
                .anyMatch(t -> t.contains(OTHER));
        assertThat(rows("system-logs"))
                .extracting(r -> r.getAttribute("data-level"))
                .contains("INFO");

        new Select(browser.find(By.id("system-logs-level"))).selectByValue("warning");
        browser.wait.until(d -> d.findElements(By.cssSelector("#system-logs tbody tr[data-level='INFO']"))
                .isEmpty());
        assertThat(rows("system-logs"))
                .extracting(r -> r.getAttribute("data-level"))
                .allMatch(l -> l.equals("WARNING") || l.equals("ERROR"));
        browser.screenshotFullPage("LogsPageIT-system");
    }

    @Test
    void aDeploymentsDetailShowsOnlyTheLinesThatNameItsSerial() {
        browser.go("deployments/" + deployment, "Deployments");

        List<WebElement> lines = rows("deployment-logs");
        assertThat(lines).isNotEmpty();
        assertThat(lines).extracting(WebElement::getText).allMatch(t -> t.contains(MINE));
        assertThat(browser.find(By.id("deployment-logs")).getText()).doesNotContain(OTHER);
        browser.screenshotFullPage("LogsPageIT-deployment");
    }
}

package pideploy.system.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The live dashboard while simulated devices talk to the deployment API exactly as the installer does: rows appear,
 * progress bars move and failures show their reason, all without a page reload. The failure runs first so that the
 * README's screenshot, taken by the in-flight test, shows a failure beside the devices in flight.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LiveDashboardIT {
    static final int IMAGE_BYTES = 8 << 20;

    @TempDir
    static Path data;

    @TempDir
    static Path profile;

    static WebTestServer server;
    static Browser browser;

    @BeforeAll
    static void start() throws IOException {
        server = WebTestServer.start(data);
        server.adminOk("POST", "/api/v1/venues", "{\"code\":\"CORO\",\"name\":\"Coronado karting\"}");
        server.adminOk("POST", "/api/v1/pools/CORO/import", "{\"product\":\"KXP2\",\"numbers\":\"1-50\"}");
        server.registerImage("KXP2", "2026.11.1", IMAGE_BYTES);
        String batch = server.adminOk(
                "POST", "/api/v1/batches", "{\"venue\":\"CORO\",\"product\":\"KXP2\",\"count\":20,\"priority\":5}");
        server.adminOk("POST", "/api/v1/batches/" + WebTestServer.field(batch, "id") + "/start", null);
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

    @BeforeEach
    void onTheDashboardWithTheStreamLive() {
        browser.go("dashboard", "Dashboard");
        browser.wait.until(ExpectedConditions.attributeToBe(By.id("live"), "data-state", "live"));
        browser.wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#today-counts .counter")));
        assertThat(browser.all(By.cssSelector("#view .form-error")))
                .as("errors shown on the dashboard")
                .isEmpty();
        // Survives only as long as the page is not reloaded.
        browser.script("window.__noReload = 'still here'");
    }

    @AfterEach
    void screenshot(TestInfo test) {
        browser.screenshot(getClass().getSimpleName() + "-"
                + test.getTestMethod().orElseThrow().getName());
    }

    @Test
    @Order(1)
    void failureShowsItsReasonWithoutReload() {
        long id = server.deviceConfig("KXP2", "CORO", "10000000f00dfa11", "dc:a6:32:00:00:99");
        server.deviceStatus(id, "downloading", IMAGE_BYTES / 2, IMAGE_BYTES, "\"write_rate\":1500000");
        WebElement row = browser.find(By.cssSelector("#inflight tr[data-deployment-id='" + id + "']"));
        String hostname = row.findElement(By.tagName("a")).getText();

        server.deviceStatus(
                id,
                "failed",
                IMAGE_BYTES / 2,
                IMAGE_BYTES,
                "\"step\":\"verify\",\"error_message\":\"sha-256 of the written card differs from image_checksum\"");

        WebElement failure = browser.find(By.cssSelector("#recent-failures tr[data-deployment-id='" + id + "']"));
        assertThat(failure.getText())
                .contains(hostname)
                .contains("verify")
                .contains("sha-256 of the written card differs from image_checksum");
        browser.wait.until(ExpectedConditions.invisibilityOfElementLocated(
                By.cssSelector("#inflight tr[data-deployment-id='" + id + "']")));
        assertThat(browser.find(By.cssSelector("#today-counts [data-status='failed'] dd"))
                        .getText())
                .isEqualTo("1");
        // Times are the operator's local ones: the <time> keeps the instant, the text shows it in the browser's zone.
        assertThat(browser.find(By.cssSelector("#view .page-head")).getText())
                .contains("Times in " + Browser.TIME_ZONE);
        WebElement when = failure.findElement(By.tagName("time"));
        ZonedDateTime local = Instant.parse(when.getAttribute("datetime")).atZone(ZoneId.of(Browser.TIME_ZONE));
        assertThat(when.getText())
                .contains(DateTimeFormatter.ofPattern("h:mm:ss").format(local));
        assertThat(browser.script("return window.__noReload")).isEqualTo("still here");
    }

    @Test
    @Order(2)
    void devicesInFlightAppearAndTheirProgressMovesWithoutReload() throws IOException {
        long first = server.deviceConfig("KXP2", "CORO", "10000000c0ffee01", "dc:a6:32:00:00:01");

        WebElement row = browser.find(By.cssSelector("#inflight tr[data-deployment-id='" + first + "']"));
        assertThat(row.getText()).contains("KXP2-CORO-").contains("started");
        By bar = By.cssSelector("#inflight tr[data-deployment-id='" + first + "'] [role=progressbar]");
        assertThat(browser.find(bar).getAttribute("aria-valuenow")).isEqualTo("0");

        server.deviceStatus(first, "downloading", IMAGE_BYTES / 4, IMAGE_BYTES, "\"write_rate\":2100000");
        browser.wait.until(ExpectedConditions.attributeToBe(bar, "aria-valuenow", "25"));
        server.deviceStatus(first, "downloading", IMAGE_BYTES * 3 / 5, IMAGE_BYTES, "\"write_rate\":2300000");
        browser.wait.until(ExpectedConditions.attributeToBe(bar, "aria-valuenow", "60"));
        assertThat(browser.find(By.cssSelector("#inflight tr[data-deployment-id='" + first + "'] [data-role=rate]"))
                        .getText())
                .isEqualTo("2.19 MiB/s");

        // Two more devices, at other stages, for a dashboard that looks like a rollout.
        long second = server.deviceConfig("KXP2", "CORO", "10000000c0ffee02", "dc:a6:32:00:00:02");
        server.deviceStatus(second, "downloading", IMAGE_BYTES / 5, IMAGE_BYTES, "\"write_rate\":1900000");
        long third = server.deviceConfig("KXP2", "CORO", "10000000c0ffee03", "dc:a6:32:00:00:03");
        server.deviceStatus(third, "downloading", IMAGE_BYTES, IMAGE_BYTES, "\"write_rate\":2400000");
        server.deviceStatus(third, "verifying", IMAGE_BYTES * 9 / 10, IMAGE_BYTES, null);

        browser.wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#inflight tbody tr"), 3));
        browser.wait.until(ExpectedConditions.attributeToBe(
                By.cssSelector("#inflight tr[data-deployment-id='" + third + "']"), "data-status", "verifying"));
        browser.wait.until(ExpectedConditions.textToBe(By.cssSelector("#today-counts [data-status='total'] dd"), "4"));
        // 20 in the batch; the failed device and these three took one each.
        browser.wait.until(ExpectedConditions.textToBe(By.id("batch-remaining"), "16 of 20"));
        assertThat(browser.script("return window.__noReload")).isEqualTo("still here");

        assertThat(browser.all(By.cssSelector("#view .form-error")))
                .as("errors shown on the dashboard")
                .isEmpty();
        Path shot = browser.screenshotFullPage("dashboard-in-flight");
        assertThat(Files.size(shot)).isGreaterThan(10_000);
        // The README's picture is refreshed only on request, so an ordinary build leaves the work tree clean:
        // mvn -pl system-tests verify -Dit.test=LiveDashboardIT -Dpideploy.update-readme-screenshot=true
        if (Boolean.getBoolean("pideploy.update-readme-screenshot")) {
            Path docs = repositoryRoot().resolve("docs").resolve("images");
            Files.createDirectories(docs);
            Files.copy(shot, docs.resolve("dashboard.png"), StandardCopyOption.REPLACE_EXISTING);
        }
        assertThat(browser.script("return document.documentElement.scrollWidth <= window.innerWidth"))
                .as("no sideways scrolling at 1280x800")
                .isEqualTo(true);

        Dimension desktop = browser.driver.manage().window().getSize();
        try {
            browser.driver.manage().window().setSize(new Dimension(820, 1180)); // a tablet held upright
            browser.wait.until(d -> Boolean.TRUE.equals(
                    browser.script("return document.documentElement.scrollWidth <= window.innerWidth")));
            assertThat(browser.find(By.cssSelector("#inflight tr[data-deployment-id='" + first + "']"))
                            .isDisplayed())
                    .isTrue();
            browser.screenshot("dashboard-tablet");
        } finally {
            browser.driver.manage().window().setSize(desktop);
        }
    }

    @Test
    @Order(3)
    void phoneWidthKeepsProgressRateAndEtaOfEachDeviceInView() {
        String first =
                WebTestServer.field(server.adminOk("GET", "/api/v1/deployments?serial=10000000c0ffee01", null), "id");
        Dimension desktop = browser.driver.manage().window().getSize();
        try {
            browser.driver.manage().window().setSize(new Dimension(390, 844)); // a phone held upright
            browser.wait.until(d -> ((Number) browser.script("return window.innerWidth")).intValue() <= 390);
            browser.wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#inflight tbody tr"), 3));
            long width = ((Number) browser.script("return window.innerWidth")).longValue();
            assertThat(browser.script("return document.documentElement.scrollWidth <= window.innerWidth"))
                    .as("no sideways scrolling at %d px", width)
                    .isEqualTo(true);
            for (WebElement row : browser.all(By.cssSelector("#inflight tbody tr"))) {
                String which = "row of " + row.getAttribute("data-deployment-id");
                for (String cell : new String[] {"[role=progressbar]", "[data-role=rate]", "[data-role=eta]"}) {
                    WebElement e = row.findElement(By.cssSelector(cell));
                    assertThat(e.isDisplayed())
                            .as(cell + " of the " + which + " displayed")
                            .isTrue();
                    @SuppressWarnings("unchecked")
                    java.util.Map<String, Object> box = (java.util.Map<String, Object>) browser.script(
                            "const r = arguments[0].getBoundingClientRect();"
                                    + " return {left: r.left, right: r.right, width: r.width};",
                            e);
                    assertThat(((Number) box.get("left")).doubleValue())
                            .as(cell + " left, " + which)
                            .isGreaterThanOrEqualTo(0);
                    assertThat(((Number) box.get("right")).doubleValue())
                            .as(cell + " right, " + which)
                            .isLessThanOrEqualTo(width);
                    assertThat(((Number) box.get("width")).doubleValue())
                            .as(cell + " width, " + which)
                            .isGreaterThan(20);
                }
            }
            By firstRow = By.cssSelector("#inflight tr[data-deployment-id='" + first + "']");
            assertThat(browser.find(firstRow)
                            .findElement(By.cssSelector("[data-role=rate]"))
                            .getText())
                    .contains("2.19 MiB/s");
            assertThat(browser.find(firstRow)
                            .findElement(By.cssSelector("[data-role=eta]"))
                            .getText())
                    .matches(".*\\d+ s$");
            browser.screenshotFullPage("dashboard-phone");
        } finally {
            browser.driver.manage().window().setSize(desktop);
        }
    }

    @Test
    @Order(4)
    void deviceSilentForTooLongIsFlaggedStalled() {
        // 4 s: long enough to read the row between two reports, short enough for a test.
        browser.go("dashboard?stall=4", "Dashboard");
        long id = server.deviceConfig("KXP2", "CORO", "10000000c0ffee04", "dc:a6:32:00:00:04");
        server.deviceStatus(id, "downloading", IMAGE_BYTES / 10, IMAGE_BYTES, "\"write_rate\":1800000");
        By row = By.cssSelector("#inflight tr[data-deployment-id='" + id + "']");
        browser.wait.until(ExpectedConditions.attributeToBe(row, "data-status", "downloading"));
        assertThat(browser.find(row).getAttribute("data-stalled")).isEqualTo("false");

        By rate = By.cssSelector("#inflight tr[data-deployment-id='" + id + "'] [data-role=rate]");
        By eta = By.cssSelector("#inflight tr[data-deployment-id='" + id + "'] [data-role=eta]");
        assertThat(browser.find(rate).getText()).isEqualTo("1.72 MiB/s");
        assertThat(browser.find(eta).getText()).endsWith(" s");

        browser.wait.until(ExpectedConditions.attributeToBe(row, "data-stalled", "true"));
        assertThat(browser.find(row)
                        .findElement(By.cssSelector(".badge.stalled"))
                        .getText())
                .isEqualTo("stalled");
        // A silent device's last rate and the ETA computed from it are stale: neither is shown while it is stalled.
        assertThat(browser.find(rate).getText()).isEqualTo("—");
        assertThat(browser.find(eta).getText()).isEqualTo("—");

        server.deviceStatus(id, "downloading", IMAGE_BYTES / 2, IMAGE_BYTES, "\"write_rate\":1800000");
        browser.wait.until(ExpectedConditions.attributeToBe(row, "data-stalled", "false"));
        assertThat(browser.find(rate).getText()).isEqualTo("1.72 MiB/s");
        assertThat(browser.find(eta).getText()).isNotEqualTo("—");
    }

    @Test
    @Order(5)
    void deploymentHistoryListsEveryReportedStep() {
        String list = server.adminOk("GET", "/api/v1/deployments?serial=10000000c0ffee03", null);
        String id = WebTestServer.field(list, "id");

        browser.go("deployments/" + id, "Deployments");

        WebElement history = browser.find(By.id("deployment-history"));
        assertThat(history.findElements(By.tagName("li"))).hasSizeGreaterThanOrEqualTo(3);
        assertThat(history.getText())
                .contains("started")
                .contains("downloading")
                .contains("verifying");
        // Reported by a client that announced no protocol: shown as unverified (ADR-0042).
        assertThat(browser.find(By.id("deployment-proof")).getText()).startsWith("unverified");
        assertThat(browser.find(By.id("deployment-refused")).getText()).isEqualTo("none");

        String csvHref = browser.find(By.id("csv-export")).getAttribute("href");
        String csv = (String) browser.asyncScript("""
                const done = arguments[arguments.length - 1];
                fetch(arguments[0], {credentials: 'same-origin'}).then(r => r.text()).then(done);""", csvHref);
        assertThat(csv.lines().findFirst())
                .hasValueSatisfying(header -> assertThat(header).startsWith("id,hostname,"));
        assertThat(csv).contains("10000000c0ffee03").contains("sha-256 of the written card differs");

        browser.go("deployments?status=failed", "Deployments");
        browser.wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#deployment-list tbody tr"), 1));
        assertThat(browser.find(By.cssSelector("#deployment-list tbody tr")).getText())
                .contains("10000000f00dfa11")
                .contains("failed")
                .contains("verify: sha-256");
    }

    @Test
    @Order(6)
    void showsReconnectingWhileTheServerIsDownAndReconnectsByItselfAfterItsRestart() throws IOException {
        server.stop();

        browser.wait.until(ExpectedConditions.attributeToBe(By.id("live"), "data-state", "reconnecting"));
        assertThat(browser.find(By.id("live")).getText()).isEqualTo("reconnecting…");
        browser.screenshot(getClass().getSimpleName() + "-server-down");

        server.restart();

        // Sessions live in the database (ADR-0030): the stream comes back on its own, no login page, no page reload.
        browser.wait.until(ExpectedConditions.attributeToBe(By.id("live"), "data-state", "live"));
        assertThat(browser.driver.getCurrentUrl()).doesNotContain("login.html").contains("#/dashboard");
        browser.wait.until(ExpectedConditions.textToBe(By.cssSelector("#today-counts [data-status='total'] dd"), "5"));
        assertThat(browser.all(By.cssSelector("#inflight tbody tr"))).hasSize(4);

        // And it is live: a device that starts after the restart appears without a reload.
        long after = server.deviceConfig("KXP2", "CORO", "10000000c0ffee05", "dc:a6:32:00:00:05");
        browser.wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#inflight tr[data-deployment-id='" + after + "']")));
        browser.wait.until(ExpectedConditions.textToBe(By.cssSelector("#today-counts [data-status='total'] dd"), "6"));
        assertThat(browser.driver.getCurrentUrl()).doesNotContain("login.html");
        assertThat(browser.script("return window.__noReload")).isEqualTo("still here");
    }

    /** The module runs with its own directory as working directory; the repository is its parent. */
    private static Path repositoryRoot() {
        Path here = Path.of("").toAbsolutePath();
        Path root = here.getFileName().toString().equals("system-tests") ? here.getParent() : here;
        assertThat(root.resolve("system-tests")).isDirectory();
        return root;
    }
}

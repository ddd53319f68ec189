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
 * The safety nets of issue 18 end to end, on a real server with the real deployment API. The batch circuit breaker
 * (ADR-0058): an operator creates a batch with a breaker on the Batches page, a scripted run of devices fails as the
 * installer reports it, and the batch pauses itself; the Batches page and the dashboard show it paused with its reason
 * without a reload, the audit log has the trip, and a resume clears the reason. Stalled devices (ADR-0084): with the
 * server's stall time at 5 s, a silent device is flagged on its dashboard row and counted on the dashboard, in the
 * summary and in the Prometheus gauge.
 */
class SafetyNetsIT {
    static final int IMAGE_BYTES = 4 << 20;
    static final int STALL_SECONDS = 5;
    static final String SANDISK = "\"card_cid\":\"035344534531323880a1b2c3d4015e00\",\"card_name\":\"SE128\","
            + "\"card_manfid\":\"0x000003\"";

    @TempDir
    static Path data;

    @TempDir
    static Path profile;

    static WebTestServer server;
    static Browser browser;

    @BeforeAll
    static void start() throws IOException {
        server = WebTestServer.start(
                data, s -> s.withCore(s.core().withStallAfter(java.time.Duration.ofSeconds(STALL_SECONDS))));
        server.adminOk("POST", "/api/v1/venues", "{\"code\":\"TRIP\",\"name\":\"Breaker venue\"}");
        server.adminOk("POST", "/api/v1/pools/TRIP/import", "{\"product\":\"KXP2\",\"numbers\":\"1-30\"}");
        server.registerImage("KXP2", "2026.12.1", IMAGE_BYTES);
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

    /** One device of the scripted run: asks for its config, writes a while, and fails at {@code step}. */
    private static void failingDevice(int n, String step, String error) {
        long id = server.deviceConfig(
                "KXP2", "TRIP", "10000000b4ea%04x".formatted(n), "dc:a6:32:00:b4:%02x".formatted(n));
        server.deviceStatus(id, "downloading", IMAGE_BYTES / 4, IMAGE_BYTES, null);
        server.deviceStatus(
                id,
                "failed",
                IMAGE_BYTES / 4,
                IMAGE_BYTES,
                "\"step\":\"%s\",\"error_message\":\"%s\"".formatted(step, error));
    }

    @Test
    void scriptedFailuresTripTheBreakerAndTheBatchShowsPausedWithItsReason() {
        browser.go("batches", "Batches");
        new Select(browser.find(By.id("batch-create-venue"))).selectByValue("TRIP");
        new Select(browser.find(By.id("batch-create-product"))).selectByValue("KXP2");
        browser.type(By.id("batch-create-count"), "20");
        // Bad input first: the server's message shows next to the breaker field, and nothing is created.
        browser.type(By.id("batch-create-breaker"), "9/5");
        browser.find(By.id("batch-create-submit")).click();
        WebElement fieldError =
                browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("batch-create-breaker-error")));
        assertThat(fieldError.getText()).contains("breaker failures must be 1-5");
        assertThat(server.adminOk("GET", "/api/v1/batches", null)).isEqualTo("[]");

        browser.type(By.id("batch-create-breaker"), "3/5");
        browser.find(By.id("batch-create-start")).click();
        browser.find(By.id("batch-create-submit")).click();
        WebElement row = browser.find(By.cssSelector("#batch-list tr[data-state='active']"));
        String id = row.getAttribute("data-batch-id");
        assertThat(browser.find(By.id("breaker-" + id)).getAttribute("value")).isEqualTo("3/5");

        // The scripted run: two write failures and a verify failure, as the installer reports them.
        failingDevice(1, "write", "short write at byte 1048576");
        failingDevice(2, "verify", "sha-256 of the written card differs from image_checksum");
        failingDevice(3, "write", "short write at byte 2097152");

        // Live, without a reload: the row turns paused and says why.
        WebElement paused =
                browser.find(By.cssSelector("#batch-list tr[data-batch-id='" + id + "'][data-state='paused']"));
        assertThat(paused.findElement(By.className("breaker-reason")).getText())
                .contains("Paused by its breaker")
                .contains("3 of the last 3 deployments failed (write 2, verify 1)");
        String batches = server.adminOk("GET", "/api/v1/batches", null);
        assertThat(batches)
                .contains("\"state\":\"paused\"")
                .contains("\"paused_reason\":\"3 of the last 3 deployments failed (write 2, verify 1)\"");
        assertThat(server.adminOk("GET", "/api/v1/audit", null))
                .contains("batch.breaker_tripped")
                .contains("\"actor\":\"pideploy\"");

        // The dashboard says so in the batch panel.
        browser.go("dashboard", "Dashboard");
        WebElement alert = browser.find(By.cssSelector("#active-batch .breaker-reason[data-batch-id='" + id + "']"));
        assertThat(alert.getText())
                .contains("Batch #" + id)
                .contains("paused by its breaker")
                .contains("3 of the last 3 deployments failed");

        // Resuming clears the reason and counts afresh: the next failure alone does not pause it again.
        browser.go("batches", "Batches");
        browser.find(By.cssSelector("button[aria-label='Start batch " + id + "']"))
                .click();
        WebElement resumed =
                browser.find(By.cssSelector("#batch-list tr[data-batch-id='" + id + "'][data-state='active']"));
        assertThat(resumed.findElements(By.className("breaker-reason"))).isEmpty();
        failingDevice(4, "write", "short write at byte 0");
        assertThat(server.adminOk("GET", "/api/v1/batches", null))
                .contains("\"state\":\"active\"")
                .contains("\"paused_reason\":null");
    }

    @Test
    void aSilentDeviceIsFlaggedStalledAndCountedOnTheDashboardInTheSummaryAndTheGauge() {
        browser.go("dashboard", "Dashboard");
        browser.wait.until(ExpectedConditions.attributeToBe(By.id("live"), "data-state", "live"));
        long id = server.deviceConfig("KXP2", "TRIP", "10000000b4ea5100", "dc:a6:32:00:b4:51");
        server.deviceStatus(id, "downloading", IMAGE_BYTES / 8, IMAGE_BYTES, "\"write_rate\":1800000," + SANDISK);
        By row = By.cssSelector("#inflight tr[data-deployment-id='" + id + "']");
        browser.wait.until(ExpectedConditions.attributeToBe(row, "data-status", "downloading"));
        // The card's identity in its row: vendor from the CID's manufacturer id, product name, CID on hover.
        WebElement card = browser.find(row).findElement(By.cssSelector("[data-role=card]"));
        assertThat(card.getText()).isEqualTo("SanDisk SE128");
        assertThat(card.getAttribute("title")).isEqualTo("CID 035344534531323880a1b2c3d4015e00");
        assertThat(browser.find(row).getAttribute("data-stalled")).isEqualTo("false");
        assertThat(browser.find(By.id("stalled-count")).getText()).isEqualTo("0");

        // No query parameter: the page takes the server's stall time (5 s here, 60 s by default).
        browser.wait.until(ExpectedConditions.attributeToBe(row, "data-stalled", "true"));
        assertThat(browser.find(row)
                        .findElement(By.cssSelector(".badge.stalled"))
                        .getText())
                .isEqualTo("stalled");
        browser.wait.until(ExpectedConditions.textToBe(By.id("stalled-count"), "1"));
        // The server counts from the row's last report, the page from the event it saw: allow for the moment between.
        browser.wait.until(d -> server.adminOk("GET", "/api/v1/summary", null).contains("\"stalled\":1"));
        assertThat(server.adminOk("GET", "/api/v1/summary", null)).contains("\"stall_after_seconds\":" + STALL_SECONDS);
        browser.wait.until(d -> server.adminOk("GET", "/metrics", null).contains("pideploy_deployments_stalled 1.0"));

        server.deviceStatus(id, "downloading", IMAGE_BYTES / 2, IMAGE_BYTES, "\"write_rate\":1800000");
        browser.wait.until(ExpectedConditions.attributeToBe(row, "data-stalled", "false"));
        browser.wait.until(ExpectedConditions.textToBe(By.id("stalled-count"), "0"));
        assertThat(server.adminOk("GET", "/api/v1/summary", null)).contains("\"stalled\":0");
    }

    @Test
    void phoneWidthCardsShowTheCardIdentityOfEachDeviceInFlight() {
        browser.go("dashboard", "Dashboard");
        long id = server.deviceConfig("KXP2", "TRIP", "10000000b4ea5200", "dc:a6:32:00:b4:52");
        server.deviceStatus(
                id,
                "downloading",
                IMAGE_BYTES / 8,
                IMAGE_BYTES,
                "\"write_rate\":2500000,\"card_cid\":\"1b534d454231515430ab12cd34016500\",\"card_name\":\"EB1QT\","
                        + "\"card_manfid\":\"0x00001b\"");
        By row = By.cssSelector("#inflight tr[data-deployment-id='" + id + "']");
        browser.wait.until(ExpectedConditions.attributeToBe(row, "data-status", "downloading"));
        org.openqa.selenium.Dimension desktop = browser.driver.manage().window().getSize();
        try {
            browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
            browser.wait.until(d -> ((Number) browser.script("return window.innerWidth")).intValue() <= 390);
            WebElement card = browser.find(row).findElement(By.cssSelector("[data-role=card]"));
            assertThat(card.isDisplayed()).isTrue();
            assertThat(card.getText()).contains("Samsung EB1QT");
            assertThat(browser.find(row)
                            .findElement(By.cssSelector("[data-role=rate]"))
                            .getText())
                    .contains("2.38 MiB/s");
            assertThat(browser.script("return document.documentElement.scrollWidth <= window.innerWidth"))
                    .as("no sideways scrolling at phone width")
                    .isEqualTo(true);
            browser.screenshotFullPage("SafetyNetsIT-dashboard-phone-card");
        } finally {
            browser.driver.manage().window().setSize(desktop);
        }
        server.deviceStatus(
                id, "failed", IMAGE_BYTES / 8, IMAGE_BYTES, "\"step\":\"write\",\"error_message\":\"done\"");
    }
}

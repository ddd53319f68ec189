package pideploy.system.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The Reports page (SVG charts, ADR-0057), the venue page it links to and the device page, over a real server whose
 * deployments came through the device API: two Pis at LEMA succeed (one boots), one fails its write.
 */
class ReportsPagesIT {
    private static final int IMAGE_BYTES = 64 * 1024;
    private static final String CARD = "\"card_cid\":\"035344534531323880a1b2c3d4015e00\",\"card_name\":\"SE128\","
            + "\"card_manfid\":\"0x000003\",\"write_rate\":21000000";

    @TempDir
    static Path data;

    @TempDir
    static Path profile;

    static WebTestServer server;
    static Browser browser;

    @BeforeAll
    static void start() throws IOException {
        server = WebTestServer.start(data);
        server.adminOk("POST", "/api/v1/venues", "{\"code\":\"LEMA\",\"name\":\"Le Mans karting\"}");
        server.adminOk("POST", "/api/v1/pools/LEMA/import", "{\"product\":\"KXP2\",\"numbers\":\"1-10\"}");
        server.registerImage("KXP2", "2026.12.1", IMAGE_BYTES);
        long a = server.deviceConfig("KXP2", "LEMA", "10000000aaaa0001", "d8:3a:dd:00:00:01");
        long b = server.deviceConfig("KXP2", "LEMA", "10000000aaaa0002", "d8:3a:dd:00:00:02");
        long c = server.deviceConfig("KXP2", "LEMA", "10000000aaaa0003", "d8:3a:dd:00:00:03");
        server.deviceStatus(a, "success", IMAGE_BYTES, IMAGE_BYTES, CARD);
        server.deviceStatus(a, "booted", IMAGE_BYTES, IMAGE_BYTES, null);
        server.deviceStatus(b, "success", IMAGE_BYTES, IMAGE_BYTES, null);
        server.deviceStatus(c, "failed", 0, IMAGE_BYTES, "\"step\":\"write\",\"error_message\":\"I/O error\"," + CARD);
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
        browser.screenshotFullPage(getClass().getSimpleName() + "-"
                + test.getTestMethod().orElseThrow().getName());
    }

    @Test
    void reportsPageDrawsOneBarPerDayAndFollowsAVenueLinkToTheVenuePage() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        browser.go("reports?from=" + today.minusDays(2) + "&to=" + today, "Reports");

        List<WebElement> bars = browser.all(By.cssSelector("#chart-per-day g.bar"));
        assertThat(bars).hasSize(3);
        assertThat(bars.get(2).getAttribute("data-label")).isEqualTo(today.toString());
        assertThat(bars.get(2).getAttribute("data-total")).isEqualTo("3");
        assertThat(bars.get(0).getAttribute("data-total")).isEqualTo("0");
        assertThat(bars.get(2).findElements(By.cssSelector("rect.seg.ok"))).hasSize(1);
        assertThat(bars.get(2).findElement(By.cssSelector("rect.seg.bad")).getAttribute("data-value"))
                .isEqualTo("1");
        assertThat(browser.all(By.cssSelector("#chart-venues g.bar"))).hasSize(1);
        assertThat(browser.find(By.id("report-venues")).getText())
                .contains("LEMA")
                .contains("66.7 %");
        assertThat(browser.find(By.id("report-failures")).getText())
                .contains("write")
                .contains("0x000003/SE128");
        assertThat(browser.find(By.cssSelector("#report-venues a.csv-link")).getAttribute("href"))
                .contains("/api/v1/reports/venues?")
                .contains("format=csv");

        browser.screenshotFullPage("ReportsPage");
        browser.find(By.cssSelector("#report-venues a.venue-link")).click();

        browser.wait.until(d -> "venue/LEMA".equals(d.findElement(By.id("view")).getAttribute("data-rendered")));
        assertThat(browser.find(By.cssSelector("#view h1")).getText()).isEqualTo("Le Mans karting LEMA");
        assertThat(browser.find(By.id("venue-pools")).getText()).contains("KXP2");
        List<WebElement> devices = browser.all(By.cssSelector("#venue-devices tbody tr"));
        assertThat(devices).hasSize(3);
        assertThat(browser.find(By.id("venue-devices")).getText())
                .contains("10000000aaaa0001")
                .contains("0x000003 SE128");
    }

    @Test
    void devicePageListsEveryDeploymentOfThePiWithItsCard() {
        browser.go("device/10000000aaaa0001", "KXP2-LEMA-001 10000000aaaa0001");

        assertThat(browser.find(By.id("device-hostname")).getText()).contains("KXP2-LEMA-001");
        assertThat(browser.find(By.id("device-card")).getText())
                .contains("0x000003")
                .contains("SE128")
                .contains("035344534531323880a1b2c3d4015e00");
        assertThat(browser.all(By.cssSelector("#device-deployments tbody tr"))).hasSize(1);
    }
}

package pideploy.system.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import pideploy.deploy.http.helidon.Json;

/**
 * Pasting kart numbers into the pool import form, and the Batches list's filters and order (ADR-0089): moved by
 * keyboard on the arrow buttons and by dragging a row, checked against the server's own serving order.
 */
class PoolsAndBatchesPagesIT {
    @TempDir
    static Path data;

    @TempDir
    static Path profile;

    static WebTestServer server;
    static Browser browser;

    @BeforeAll
    static void start() {
        server = WebTestServer.start(data);
        server.adminOk("POST", "/api/v1/venues", "{\"code\":\"LEMA\",\"name\":\"Le Mans karting\"}");
        server.adminOk("POST", "/api/v1/venues", "{\"code\":\"CORO\",\"name\":\"Coronado\"}");
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

    private static int available(String venue) throws Exception {
        JsonNode pool =
                Json.MAPPER.readTree(server.adminOk("GET", "/api/v1/pools/" + venue + "?state=available", null));
        JsonNode entries = pool.has("entries") ? pool.get("entries") : pool;
        return entries.size();
    }

    @Test
    void pastedKartNumbersAreImportedAndABadTokenIsNamedWithNothingImported() throws Exception {
        server.adminOk("POST", "/api/v1/venues", "{\"code\":\"PAST\",\"name\":\"Pasted numbers\"}");
        browser.go("pools?venue=PAST", "Hostname pools");
        new Select(browser.find(By.id("pool-import-product"))).selectByValue("KXP2");

        browser.type(By.id("pool-import-numbers"), "12\n14 15, 16\n20 - 22\n");
        browser.find(By.id("pool-import-submit")).click();
        browser.wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#pool-list tr[data-hostname='KXP2-PAST-022']")));
        assertThat(available("PAST")).isEqualTo(7);

        browser.type(By.id("pool-import-numbers"), "30\n31 x7 32\n");
        browser.find(By.id("pool-import-submit")).click();
        WebElement error =
                browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("pool-import-numbers-error")));
        assertThat(error.getText()).contains("'x7'").contains("line 2");
        assertThat(available("PAST")).as("nothing of the bad list imported").isEqualTo(7);
        browser.screenshotFullPage("PoolsAndBatchesPagesIT-paste");
    }

    private static long batch(String venue, int priority) throws Exception {
        server.adminOk("POST", "/api/v1/pools/" + venue + "/import", "{\"product\":\"KXP2\",\"numbers\":\"100-199\"}");
        return Json.MAPPER
                .readTree(server.adminOk(
                        "POST",
                        "/api/v1/batches",
                        "{\"venue\":\"%s\",\"product\":\"KXP2\",\"count\":2,\"priority\":%d}"
                                .formatted(venue, priority)))
                .get("id")
                .asLong();
    }

    /** Ids of the rows as the page lists them. */
    private static List<String> rows() {
        List<String> ids = new ArrayList<>();
        for (WebElement r : browser.all(By.cssSelector("#batch-list tbody tr"))) {
            ids.add(r.getAttribute("data-batch-id"));
        }
        return ids;
    }

    private static void waitForOrder(String... ids) {
        browser.wait.until(d -> rows().equals(List.of(ids)));
    }

    @Test
    void batchesFilterByVenueAndStateAndMoveByKeyboardAndByDragging() throws Exception {
        String a = String.valueOf(batch("LEMA", 5));
        String b = String.valueOf(batch("LEMA", 5));
        String c = String.valueOf(batch("CORO", 3));
        String done = String.valueOf(batch("CORO", 9));
        server.adminOk("POST", "/api/v1/batches/" + done + "/cancel", null);

        browser.go("batches", "Batches");
        waitForOrder(a, b, c, done);

        new Select(browser.find(By.id("bf-venue"))).selectByValue("LEMA");
        waitForOrder(a, b);
        new Select(browser.find(By.id("bf-venue"))).selectByValue("");
        new Select(browser.find(By.id("bf-state"))).selectByValue("cancelled");
        waitForOrder(done);
        new Select(browser.find(By.id("bf-state"))).selectByValue("open");
        waitForOrder(a, b, c);

        // Keyboard: focus the button and press Enter, twice; the page keeps the focus on the moved batch's button.
        WebElement up = browser.find(By.cssSelector("button[aria-label='Move batch " + c + " up']"));
        up.sendKeys(Keys.ENTER);
        waitForOrder(a, c, b);
        browser.wait.until(d ->
                ("Move batch " + c + " up").equals(d.switchTo().activeElement().getAttribute("aria-label")));
        browser.driver.switchTo().activeElement().sendKeys(Keys.ENTER);
        waitForOrder(c, a, b);
        assertThat(browser.find(By.cssSelector("button[aria-label='Move batch " + c + " up']"))
                        .isEnabled())
                .as("the first cannot go further up")
                .isFalse();

        // Drag b's row onto c's (WebDriver's own drag does not fire HTML5 drag events in Chromium: dispatched here).
        browser.script("""
                const from = document.querySelector(`#batch-list tr[data-batch-id='${arguments[0]}']`);
                const to = document.querySelector(`#batch-list tr[data-batch-id='${arguments[1]}']`);
                const dt = new DataTransfer();
                from.dispatchEvent(new DragEvent('dragstart', { bubbles: true, dataTransfer: dt }));
                to.dispatchEvent(new DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer: dt }));
                to.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dt }));
                """, b, c);
        waitForOrder(b, c, a);

        JsonNode all = Json.MAPPER.readTree(server.adminOk("GET", "/api/v1/batches", null));
        List<long[]> open = new ArrayList<>();
        for (JsonNode x : all.has("batches") ? all.get("batches") : all) {
            if (!x.get("state").asText().equals("cancelled")) {
                open.add(new long[] {x.get("id").asLong(), x.get("priority").asLong()});
            }
        }
        open.sort((p, q) -> p[1] != q[1] ? Long.compare(q[1], p[1]) : Long.compare(p[0], q[0]));
        assertThat(open.stream().map(p -> String.valueOf(p[0])).toList())
                .as("the server serves them in the order the page shows")
                .containsExactly(b, c, a);
        assertThat(server.adminOk("GET", "/api/v1/audit", null)).contains("batch.move");
        browser.screenshotFullPage("PoolsAndBatchesPagesIT-batches");
    }
}

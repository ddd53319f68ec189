package pideploy.system.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/** The management pages an operator uses before a rollout: venues, pools, batches; errors sit next to their field. */
class ManagementPagesIT {
    @TempDir
    static Path data;

    @TempDir
    static Path profile;

    @TempDir
    static Path files;

    static WebTestServer server;
    static Browser browser;

    @BeforeAll
    static void start() throws IOException {
        server = WebTestServer.start(data);
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

    @Test
    void createsAndEditsVenueAfterShowingTheServersErrorNextToTheCodeField() {
        browser.go("venues", "Venues");

        browser.type(By.id("venue-create-code"), "C0!");
        browser.type(By.id("venue-create-name"), "Coronado karting");
        browser.find(By.id("venue-create-submit")).click();

        WebElement codeError =
                browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("venue-create-code-error")));
        assertThat(codeError.getText()).contains("code");
        assertThat(browser.find(By.id("venue-create-code")).getAttribute("aria-invalid"))
                .isEqualTo("true");

        browser.type(By.id("venue-create-code"), "coro");
        browser.type(By.id("venue-create-location"), "San Diego");
        browser.type(By.id("venue-create-contact_email"), "ops@coro.example");
        browser.find(By.id("venue-create-submit")).click();

        WebElement row = browser.find(By.cssSelector("#venue-list tr[data-venue='CORO']"));
        assertThat(row.getText())
                .contains("Coronado karting")
                .contains("San Diego")
                .contains("ops@coro.example");
        assertThat(codeError.isDisplayed()).isFalse();
        assertThat(server.adminOk("GET", "/api/v1/venues", null)).contains("\"CORO\"");

        row.findElement(By.cssSelector("button[aria-label='Edit venue CORO']")).click();
        browser.type(By.id("venue-edit-form-name"), "Coronado Raceway");
        browser.type(By.id("venue-edit-form-location"), "Coronado, CA");
        browser.find(By.id("venue-edit-form-submit")).click();

        browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#venue-list tr[data-venue='CORO']"), "Coronado Raceway"));
        assertThat(browser.find(By.cssSelector("#venue-list tr[data-venue='CORO']"))
                        .getText())
                .contains("Coronado, CA")
                .contains("ops@coro.example");
        assertThat(browser.find(By.id("venue-edit")).isDisplayed()).isFalse();
    }

    @Test
    void importsPoolRangesAndRetiresOnlyAfterConfirmation() {
        server.adminOk("POST", "/api/v1/venues", "{\"code\":\"POOL\",\"name\":\"Pool venue\"}");
        browser.go("pools?venue=POOL", "Hostname pools");

        new Select(browser.find(By.id("pool-import-product"))).selectByValue("KXP2");
        browser.type(By.id("pool-import-numbers"), "1-20,77");
        browser.find(By.id("pool-import-submit")).click();

        browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("pool-counts"), "21"));
        WebElement entry = browser.find(By.cssSelector("#pool-list tr[data-hostname='KXP2-POOL-077']"));
        assertThat(entry.getText()).contains("available");

        entry.findElement(By.cssSelector("button[aria-label='Retire KXP2-POOL-077']"))
                .click();
        browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm")));
        browser.find(By.id("confirm-cancel")).click();
        browser.wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("confirm")));
        assertThat(server.adminOk("GET", "/api/v1/pools/POOL?state=retired", null))
                .doesNotContain("KXP2-POOL-077");

        browser.find(By.cssSelector("button[aria-label='Retire KXP2-POOL-077']"))
                .click();
        browser.wait
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm-ok")))
                .click();

        browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#pool-list tr[data-hostname='KXP2-POOL-077']"), "retired"));
        assertThat(server.adminOk("GET", "/api/v1/pools/POOL?state=retired", null))
                .contains("KXP2-POOL-077");
    }

    @Test
    void poolListNamesTheDeviceHoldingEachAssignedHostname() {
        server.adminOk("POST", "/api/v1/venues", "{\"code\":\"HOLD\",\"name\":\"Holder venue\"}");
        server.adminOk("POST", "/api/v1/pools/HOLD/import", "{\"product\":\"KXP2\",\"numbers\":\"1-3\"}");
        server.registerImage("KXP2", "2026.12.1", 64 * 1024);
        server.deviceConfig("KXP2", "HOLD", "10000000b01d0001", "dc:a6:32:0b:0d:01");

        browser.go("pools?venue=HOLD", "Hostname pools");

        WebElement held = browser.find(By.cssSelector("#pool-list tr[data-hostname='KXP2-HOLD-001']"));
        assertThat(held.getText()).contains("assigned");
        assertThat(held.findElement(By.cssSelector("[data-role=holder]")).getText())
                .isEqualTo("10000000b01d0001");
        WebElement free = browser.find(By.cssSelector("#pool-list tr[data-hostname='KXP2-HOLD-002']"));
        assertThat(free.findElements(By.cssSelector("[data-role=holder]"))).isEmpty();
        assertThat(free.getText()).contains("available").contains("—");
    }

    @Test
    void createsStartsAndPausesABatchAndExplainsWhenThePoolIsTooSmall() {
        server.adminOk("POST", "/api/v1/venues", "{\"code\":\"BATC\",\"name\":\"Batch venue\"}");
        server.adminOk("POST", "/api/v1/pools/BATC/import", "{\"product\":\"KXP2\",\"numbers\":\"1-10\"}");
        browser.go("batches", "Batches");

        new Select(browser.find(By.id("batch-create-venue"))).selectByValue("BATC");
        new Select(browser.find(By.id("batch-create-product"))).selectByValue("KXP2");
        browser.type(By.id("batch-create-count"), "50");
        browser.find(By.id("batch-create-submit")).click();
        WebElement formError =
                browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("batch-create-error")));
        assertThat(formError.getText()).containsIgnoringCase("50").contains("10");

        browser.type(By.id("batch-create-count"), "5");
        browser.find(By.id("batch-create-start")).click();
        browser.find(By.id("batch-create-submit")).click();

        WebElement row = browser.find(By.cssSelector("#batch-list tr[data-state='active']"));
        assertThat(row.getText()).contains("BATC / KXP2").contains("5 remaining");
        String id = row.getAttribute("data-batch-id");

        browser.find(By.cssSelector("button[aria-label='Pause batch " + id + "']"))
                .click();
        browser.find(By.cssSelector("#batch-list tr[data-batch-id='" + id + "'][data-state='paused']"));
        assertThat(server.adminOk("GET", "/api/v1/batches", null)).contains("\"paused\"");

        WebElement priority = browser.type(By.id("prio-" + id), "7");
        priority.sendKeys(Keys.ENTER);
        browser.wait.until(ExpectedConditions.stalenessOf(priority)); // the list is drawn again from the server
        assertThat(browser.find(By.id("prio-" + id)).getAttribute("value")).isEqualTo("7");
        assertThat(server.adminOk("GET", "/api/v1/batches", null)).contains("\"priority\":7");

        // The devices the batch is for (ADR-0045): pasted, saved, counted in the list.
        browser.find(By.cssSelector("#batch-list tr[data-batch-id='" + id + "'] details.expected summary"))
                .click();
        WebElement expected = browser.find(By.id("expected-" + id));
        expected.sendKeys("10000000aaaa0001\ndc:a6:32:01:02:03");
        browser.find(By.cssSelector("#batch-list tr[data-batch-id='" + id + "'] details.expected button"))
                .click();
        browser.wait.until(ExpectedConditions.stalenessOf(expected));
        browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#batch-list tr[data-batch-id='" + id + "'] details.expected summary"), "2 listed"));
        assertThat(server.adminOk("GET", "/api/v1/batches/" + id + "/expected", null))
                .contains("10000000aaaa0001")
                .contains("dc:a6:32:01:02:03");

        browser.find(By.cssSelector("button[aria-label='Cancel batch " + id + "']"))
                .click();
        browser.wait
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm-ok")))
                .click();
        browser.find(By.cssSelector("#batch-list tr[data-batch-id='" + id + "'][data-state='cancelled']"));
        assertThat(browser.all(By.cssSelector("button[aria-label='Start batch " + id + "']")))
                .isEmpty();
    }

    @Test
    void registersImagesByUploadThenActivatesAndRollsBackAfterConfirmation() throws Exception {
        Path older = image("kxp2-2026.10.1.img", 1);
        Path newer = image("kxp2-2026.11.1.img", 2);
        browser.go("images", "Master images");

        upload(older, "2026.10.1", true);
        WebElement olderRow = browser.find(By.cssSelector("#image-list tr[data-version='2026.10.1']"));
        assertThat(olderRow.findElement(By.cssSelector(".badge")).getText()).isEqualTo("active");
        assertThat(olderRow.getText())
                .contains(sha256(older).substring(0, 12))
                .contains("256 KiB")
                .contains("firstrun");

        upload(newer, "2026.11.1", false);
        // The transfer form is prepared in the background within seconds; the page shows it without a reload.
        browser.wait.until(ExpectedConditions.attributeToBe(
                By.cssSelector("#image-list tr[data-version='2026.11.1'] .transfer"), "data-transfer-state", "ready"));
        assertThat(browser.find(By.cssSelector("#image-list tr[data-version='2026.11.1'] .transfer .badge"))
                        .getText())
                .isEqualTo("ready");
        By newerState = By.cssSelector("#image-list tr[data-version='2026.11.1'] .badge");
        browser.wait.until(ExpectedConditions.textToBe(newerState, "inactive"));

        browser.find(By.cssSelector("button[aria-label='Activate KXP2 2026.11.1']"))
                .click();
        browser.wait
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm-ok")))
                .click();
        browser.wait.until(ExpectedConditions.textToBe(newerState, "active"));

        browser.find(By.cssSelector("button[aria-label='Roll back KXP2']")).click();
        browser.wait
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm-ok")))
                .click();
        browser.wait.until(ExpectedConditions.textToBe(
                By.cssSelector("#image-list tr[data-version='2026.10.1'] .badge"), "active"));
        assertThat(browser.find(newerState).getText()).isNotEqualTo("active");
    }

    @Test
    void uploadsACompressedImageAndDeletesAnImageNoDeviceNeedsAfterConfirmation() throws Exception {
        Path raw = image("kxp2-2026.9.1.img", 3);
        Path gz = files.resolve("kxp2-2026.9.1.img.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
            Files.copy(raw, out);
        }
        browser.go("images", "Master images");

        upload(gz, "2026.9.1", false);
        WebElement row = browser.find(By.cssSelector("#image-list tr[data-version='2026.9.1']"));
        assertThat(row.getText())
                .as("the raw image's hash and size")
                .contains(sha256(raw).substring(0, 12))
                .contains("256 KiB");
        assertThat(row.findElements(By.cssSelector("button[data-action='delete']")))
                .hasSize(1);
        for (WebElement other : browser.all(By.cssSelector("#image-list tbody tr"))) {
            if (other.findElement(By.cssSelector(".badge")).getText().equals("active")) {
                assertThat(other.findElements(By.cssSelector("button[data-action='delete']")))
                        .as("the active image has no delete button")
                        .isEmpty();
            }
        }

        browser.find(By.cssSelector("button[aria-label='Delete KXP2 2026.9.1']"))
                .click();
        browser.wait
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm-ok")))
                .click();
        browser.wait.until(ExpectedConditions.invisibilityOfElementLocated(
                By.cssSelector("#image-list tr[data-version='2026.9.1']")));
    }

    @Test
    void systemAndAuditPagesShowTheServerAndWhatOperatorsDid() {
        browser.go("system", "System");
        browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("system-info"), "version"));
        browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("system-health"), "status"));
        // The fleet's server list (ADR-0098): a single server is its one entry, with its heartbeat.
        browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("fleet-servers"), "(this server)"));
        assertThat(browser.find(By.cssSelector("#fleet-servers td.heartbeat")).getText())
                .isNotBlank()
                .isNotEqualTo("—");
        browser.screenshot(getClass().getSimpleName() + "-system");

        browser.go("audit", "Audit log");

        browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("audit-list"), "session.login"));
        assertThat(browser.find(By.id("audit-list")).getText()).contains(WebTestServer.ADMIN);
    }

    private void upload(Path file, String version, boolean activate) {
        new Select(browser.find(By.id("image-register-product"))).selectByValue("KXP2");
        browser.type(By.id("image-register-version"), version);
        browser.find(By.id("image-register-file"))
                .sendKeys(file.toAbsolutePath().toString());
        new Select(browser.find(By.id("image-register-customization"))).selectByValue("firstrun");
        if (activate) {
            browser.find(By.id("image-register-activate")).click();
        }
        browser.find(By.id("image-register-submit")).click();
        browser.find(By.cssSelector("#image-list tr[data-version='" + version + "']"));
    }

    private static Path image(String name, int seed) throws IOException {
        byte[] content = new byte[256 * 1024];
        new Random(seed).nextBytes(content);
        // Registration takes only disk images: sector 0 becomes an MBR with one FAT32 (LBA) partition.
        java.util.Arrays.fill(content, 446, 510, (byte) 0);
        content[446 + 4] = 0x0c;
        content[446 + 8] = 1;
        content[446 + 12] = 1;
        content[510] = 0x55;
        content[511] = (byte) 0xAA;
        return Files.write(files.resolve(name), content);
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    @Test
    void everythingIsReachableWithTheKeyboard() {
        // The batch form is drawn only once a venue exists; this test must not depend on others having run first.
        server.adminOk("POST", "/api/v1/venues", "{\"code\":\"KEYB\",\"name\":\"Keyboard venue\"}");
        browser.go("dashboard", "Dashboard");
        // A fresh load, so that sequential focus navigation starts at the top of the page.
        browser.driver.navigate().refresh();
        browser.wait.until(ExpectedConditions.attributeToBe(By.id("view"), "data-rendered", "dashboard"));
        WebElement body = browser.find(By.tagName("body"));

        body.sendKeys(Keys.TAB);
        assertThat(browser.driver.switchTo().activeElement().getText()).isEqualTo("Skip to content");
        // The brand, then Dashboard, Deployments and Reports in the menu, then Batches.
        for (int i = 0; i < 5; i++) {
            browser.driver.switchTo().activeElement().sendKeys(Keys.TAB);
        }
        WebElement batches = browser.driver.switchTo().activeElement();
        assertThat(batches.getText()).isEqualTo("Batches");
        batches.sendKeys(Keys.ENTER);
        browser.wait.until(ExpectedConditions.attributeToBe(By.id("view"), "data-rendered", "batches"));

        browser.driver.switchTo().activeElement().sendKeys(Keys.TAB);
        WebElement first = browser.driver.switchTo().activeElement();
        assertThat(first.getAttribute("id")).as(first.getAttribute("outerHTML")).isEqualTo("batch-create-venue");
        for (WebElement control : browser.all(By.cssSelector("#view input, #view select, #view textarea"))) {
            String id = control.getAttribute("id");
            assertThat(browser.all(By.cssSelector("label[for='" + id + "']")))
                    .as("label of #" + id)
                    .hasSize(1);
        }
    }

    @Test
    void addsAProductAndAnOperatorWhoCanThenLogIn() {
        browser.go("products", "Products");
        browser.type(By.id("product-add-code"), "kxp3");
        new Select(browser.find(By.id("product-add-strategy"))).selectByValue("serial");
        browser.find(By.id("product-add-submit")).click();
        assertThat(browser.find(By.cssSelector("#product-list tr[data-product='KXP3']"))
                        .getText())
                .contains("KXP3-VENUE-<serial>");

        browser.go("users", "Operators");
        browser.type(By.id("user-add-username"), "night-shift");
        browser.type(By.id("user-add-password"), "short");
        browser.find(By.id("user-add-submit")).click();
        assertThat(browser.wait
                        .until(ExpectedConditions.visibilityOfElementLocated(By.id("user-add-password-error")))
                        .getText())
                .contains("password");

        assertThat(browser.find(By.id("user-add")).getText()).contains("At least 12 characters");
        browser.type(By.id("user-add-password"), "a long enough password");
        new Select(browser.find(By.id("user-add-role"))).selectByValue("viewer");
        browser.find(By.id("user-add-submit")).click();
        WebElement role = browser.find(By.cssSelector("select[aria-label='Role of night-shift']"));
        assertThat(new Select(role).getFirstSelectedOption().getAttribute("value"))
                .isEqualTo("viewer");
        assertThat(server.login("night-shift", "a long enough password")).isEqualTo(200);

        new Select(role).selectByValue("operator");
        browser.wait.until(
                ExpectedConditions.textToBePresentInElementLocated(By.id("toasts"), "night-shift is now operator"));
        browser.go("users", "Operators");
        assertThat(new Select(browser.find(By.cssSelector("select[aria-label='Role of night-shift']")))
                        .getFirstSelectedOption()
                        .getAttribute("value"))
                .as("the role after a reload")
                .isEqualTo("operator");

        browser.find(By.cssSelector("button[aria-label='Remove operator night-shift']"))
                .click();
        browser.wait
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm-ok")))
                .click();
        browser.wait.until(ExpectedConditions.invisibilityOfElementLocated(
                By.cssSelector("#user-list tr[data-username='night-shift']")));
        assertThat(server.login("night-shift", "a long enough password")).isEqualTo(401);
    }
}

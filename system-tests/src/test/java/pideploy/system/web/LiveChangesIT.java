package pideploy.system.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * Two operators, two browser sessions (ADR-0089): what one changes on the venues, pools, batches and images pages
 * appears on the other's open page without a reload, carried by the live stream's {@code change} event.
 */
class LiveChangesIT {
    @TempDir
    static Path data;

    @TempDir
    static Path profileA;

    @TempDir
    static Path profileB;

    static WebTestServer server;
    static Browser alice;
    static Browser bob;

    @BeforeAll
    static void start() {
        server = WebTestServer.start(data);
        server.adminOk(
                "POST",
                "/api/v1/users",
                "{\"username\":\"bob\",\"password\":\"bob-password-12345\",\"role\":\"operator\"}");
        server.adminOk("POST", "/api/v1/venues", "{\"code\":\"LEMA\",\"name\":\"Le Mans karting\"}");
        alice = new Browser(server.adminUrl(), profileA);
        alice.logIn(WebTestServer.ADMIN, WebTestServer.PASSWORD);
        bob = new Browser(server.adminUrl(), profileB);
        bob.logIn("bob", "bob-password-12345");
    }

    @AfterAll
    static void stop() {
        for (Browser b : new Browser[] {alice, bob}) {
            if (b != null) {
                b.close();
            }
        }
        if (server != null) {
            server.close();
        }
    }

    /** Waits until the page's live stream is connected, so no change can fall before it. */
    private static void live(Browser b) {
        b.wait.until(d -> "live".equals(d.findElement(By.id("live")).getAttribute("data-state")));
    }

    @Test
    void aVenueAddedByOneOperatorAppearsOnTheOthersVenuesPage() {
        bob.go("venues", "Venues");
        live(bob);

        alice.go("venues", "Venues");
        alice.type(By.id("venue-create-code"), "CORO");
        alice.type(By.id("venue-create-name"), "Coronado");
        alice.find(By.id("venue-create-submit")).click();

        bob.wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-venue='CORO']")));
    }

    @Test
    void poolNumbersImportedByOneOperatorAppearOnTheOthersPoolPage() {
        bob.go("pools?venue=LEMA", "Hostname pools");
        live(bob);

        alice.go("pools?venue=LEMA", "Hostname pools");
        new Select(alice.find(By.id("pool-import-product"))).selectByValue("KXP2");
        alice.type(By.id("pool-import-numbers"), "7\n8 9");
        alice.find(By.id("pool-import-submit")).click();

        bob.wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#pool-list tr[data-hostname='KXP2-LEMA-009']")));
    }

    @Test
    void aBatchCreatedAndMovedByOneOperatorChangesOnTheOthersBatchesPage() {
        server.adminOk("POST", "/api/v1/pools/LEMA/import", "{\"product\":\"KXP2\",\"numbers\":\"1-50\"}");
        bob.go("batches", "Batches");
        live(bob);

        alice.go("batches", "Batches");
        new Select(alice.find(By.id("batch-create-venue"))).selectByValue("LEMA");
        alice.type(By.id("batch-create-count"), "3");
        alice.find(By.id("batch-create-submit")).click();
        bob.wait.until(d -> d.findElements(By.cssSelector("#batch-list tbody tr[data-batch-id]"))
                        .size()
                == 1);

        alice.find(By.id("batch-create-submit")).click();
        bob.wait.until(d -> d.findElements(By.cssSelector("#batch-list tbody tr[data-batch-id]"))
                        .size()
                == 2);
        String second = bob.all(By.cssSelector("#batch-list tbody tr[data-batch-id]"))
                .get(1)
                .getAttribute("data-batch-id");
        alice.wait.until(d -> d.findElements(By.cssSelector("button[aria-label='Move batch " + second + " up']"))
                        .size()
                == 1);
        alice.find(By.cssSelector("button[aria-label='Move batch " + second + " up']"))
                .click();

        bob.wait.until(d -> second.equals(d.findElements(By.cssSelector("#batch-list tbody tr[data-batch-id]"))
                .getFirst()
                .getAttribute("data-batch-id")));
    }

    @Test
    void anImageRegisteredAndActivatedElsewhereAppearsOnTheOthersImagesPage() {
        bob.go("images", "Master images");
        live(bob);

        // Through the API as a script would, under the admin account: the change event is the same.
        server.registerImage("RXP2", "2026.12.4", 64 * 1024);

        bob.wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("tr[data-product='RXP2'][data-version='2026.12.4']")));
        assertThat(bob.find(By.cssSelector("tr[data-product='RXP2'][data-version='2026.12.4']"))
                        .getText())
                .contains("2026.12.4");
    }
}

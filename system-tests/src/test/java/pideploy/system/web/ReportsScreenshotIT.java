package pideploy.system.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import pideploy.deploy.core.deployment.FailureStep;
import pideploy.deploy.core.fixture.FleetFixtures;
import pideploy.deploy.core.fixture.ReportFixtures;
import pideploy.deploy.core.fixture.ReportFixtures.Outcome;
import pideploy.deploy.core.port.EventPublisher;
import pideploy.deploy.core.product.ProductCode;
import pideploy.deploy.core.venue.VenueCode;
import pideploy.deploy.server.Fleet;

/**
 * The README's picture of the Reports page (docs/images/reports.png): a week of deployments at two venues, seeded
 * through the store with a fixed random seed (durations, boots, failures by step, two card models), then the real
 * server and the page in Chromium. It always saves target/screenshots/reports.png; with
 * {@code -Dreadme.screenshot=PATH} (system-tests/readme-screenshot.sh) it also copies it there.
 */
class ReportsScreenshotIT {
    @TempDir
    Path data;

    @TempDir
    Path profile;

    @Test
    void drawsAWeekOfDeploymentsForTheReadme() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Instant firstDay = today.minusDays(6).atStartOfDay().toInstant(ZoneOffset.UTC);
        ProductCode kxp2 = ProductCode.of("KXP2");
        ProductCode rxp2 = ProductCode.of("RXP2");
        RandomGenerator random = new java.util.Random(18);
        int recorded = 0;
        try (Fleet f = Fleet.open(data, EventPublisher.NONE, Clock.systemUTC())) {
            f.db().fleetStore().write(tx -> {
                tx.venues().add(FleetFixtures.venue(FleetFixtures.CORO));
                tx.venues().add(FleetFixtures.venue(FleetFixtures.LEMA));
                return null;
            });
            long device = 1;
            for (int day = 0; day < 7; day++) {
                int count = 6 + random.nextInt(10);
                for (int i = 0; i < count; i++) {
                    VenueCode venue = random.nextInt(3) == 0 ? FleetFixtures.CORO : FleetFixtures.LEMA;
                    ProductCode product = random.nextInt(4) == 0 ? rxp2 : kxp2;
                    boolean samsung = random.nextInt(3) == 0;
                    Instant start =
                            firstDay.plus(day, ChronoUnit.DAYS).plusSeconds(8 * 3600 + random.nextInt(9 * 3600));
                    if (start.isAfter(Instant.now())) {
                        continue;
                    }
                    int roll = random.nextInt(12);
                    Outcome outcome = roll == 0
                            ? Outcome.failed(FailureStep.WRITE)
                            : roll == 1 ? Outcome.failed(FailureStep.VERIFY) : succeeded(random, samsung);
                    ReportFixtures.record(
                            f.db().fleetStore(),
                            device++,
                            venue,
                            product,
                            start,
                            outcome.on(
                                    samsung ? ReportFixtures.SAMSUNG : ReportFixtures.SANDISK,
                                    (samsung ? 14e6 : 21e6) + random.nextInt(4_000_000)));
                    recorded++;
                }
            }
        }
        assertThat(recorded).isGreaterThan(20);

        try (WebTestServer server = WebTestServer.start(data);
                Browser browser = new Browser(server.adminUrl(), profile)) {
            browser.logIn(WebTestServer.ADMIN, WebTestServer.PASSWORD);
            browser.go("reports?from=" + today.minusDays(6) + "&to=" + today, "Reports");
            assertThat(browser.all(By.cssSelector("#chart-per-day g.bar"))).hasSize(7);
            Path shot = browser.screenshotFullPage("reports");
            String target = System.getProperty("readme.screenshot", "");
            if (!target.isBlank()) {
                Files.createDirectories(Path.of(target).toAbsolutePath().getParent());
                Files.copy(shot, Path.of(target), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static Outcome succeeded(RandomGenerator random, boolean samsung) {
        Outcome ok = Outcome.succeeded(Duration.ofSeconds((samsung ? 260 : 180) + random.nextInt(120)));
        return random.nextInt(5) == 0 ? ok : ok.booted(Duration.ofSeconds(35 + random.nextInt(40)));
    }
}

package pideploy.deploy.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pideploy.deploy.core.deployment.FailureStep;
import pideploy.deploy.core.fixture.ReportFixtures;
import pideploy.deploy.core.fixture.ReportFixtures.Outcome;
import pideploy.deploy.core.port.EventPublisher;
import pideploy.deploy.server.cli.DemoSeed;
import pideploy.deploy.server.cli.ExitCodes;

/** {@code pideploy report} on a real data directory with deployments recorded through the store. */
class ReportCommandTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {}

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--data";
        all[args.length + 1] = dir.toString();
        int code = PiDeployMain.commandLine()
                .setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err))
                .execute(all);
        return new Run(code, out.toString(), err.toString());
    }

    @BeforeEach
    void seed() {
        Instant hourAgo = Instant.now().minus(Duration.ofHours(1));
        try (Fleet f = Fleet.open(dir, EventPublisher.NONE, Clock.systemUTC())) {
            DemoSeed.seed(f.core());
            ReportFixtures.record(
                    f.db().fleetStore(),
                    1,
                    DemoSeed.VENUE,
                    DemoSeed.PRODUCT,
                    hourAgo,
                    Outcome.succeeded(Duration.ofSeconds(100)).on(ReportFixtures.SANDISK, 2e7));
            ReportFixtures.record(
                    f.db().fleetStore(),
                    2,
                    DemoSeed.VENUE,
                    DemoSeed.PRODUCT,
                    hourAgo,
                    Outcome.succeeded(Duration.ofSeconds(300)));
            ReportFixtures.record(
                    f.db().fleetStore(),
                    3,
                    DemoSeed.VENUE,
                    DemoSeed.PRODUCT,
                    hourAgo,
                    Outcome.failed(FailureStep.VERIFY).on(ReportFixtures.SANDISK, 5e6));
        }
    }

    @Test
    void printsAVenueTableWithRoundedFigures() {
        Run r = run("report", "venues");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("venues from ");
        assertThat(r.out()).contains("VENUE", "SUCCESS_RATE", "MEDIAN_SECONDS", "P95_SECONDS");
        String coro =
                r.out().lines().filter(l -> l.startsWith("CORO")).findFirst().orElseThrow();
        assertThat(coro.split("\\s+")).containsExactly("CORO", "3", "2", "1", "0", "0.667", "200.000", "300.000");
    }

    @Test
    void csvIsWhatTheApiServesAndFiltersApply() {
        Run r = run("report", "card-models", "--venue", "coro", "--product", "KXP2", "--csv");

        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.getFirst())
                .isEqualTo("card_manfid,card_name,model,deployments,failed,failure_rate,"
                        + "median_write_rate,slowest_write_rate");
        assertThat(lines).contains("0x000003,SE128,0x000003/SE128,2,1,0.5,1.25E7,5000000.0", ",,unknown,1,0,0.0,,");

        Run elsewhere = run("report", "venues", "--venue", "LEMA", "--csv");
        assertThat(elsewhere.out().lines().toList()).hasSize(1);
    }

    @Test
    void badNamesAndPeriodsAreUsageErrorsNamingTheFix() {
        Run name = run("report", "weather");
        assertThat(name.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(name.err()).contains("invalid report name").contains("card-models");

        Run period = run("report", "venues", "--from", "2020-01-01T00:00:00Z", "--to", "2026-01-01T00:00:00Z");
        assertThat(period.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(period.err()).contains("at most 366 days");

        Run instant = run("report", "venues", "--from", "yesterday");
        assertThat(instant.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(instant.err()).contains("--from must be an ISO-8601 instant").contains("yesterday");
    }
}

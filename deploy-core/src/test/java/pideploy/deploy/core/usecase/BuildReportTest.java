package pideploy.deploy.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static pideploy.deploy.core.fixture.FleetFixtures.CORO;
import static pideploy.deploy.core.fixture.FleetFixtures.KXP2;
import static pideploy.deploy.core.fixture.FleetFixtures.LEMA;
import static pideploy.deploy.core.fixture.FleetFixtures.RXP2;
import static pideploy.deploy.core.fixture.ReportFixtures.SAMSUNG;
import static pideploy.deploy.core.fixture.ReportFixtures.SANDISK;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pideploy.deploy.core.deployment.FailureStep;
import pideploy.deploy.core.fake.InMemoryFleetStore;
import pideploy.deploy.core.fake.MutableClock;
import pideploy.deploy.core.fixture.FleetFixtures;
import pideploy.deploy.core.fixture.ReportFixtures;
import pideploy.deploy.core.fixture.ReportFixtures.Outcome;
import pideploy.deploy.core.report.Cell;
import pideploy.deploy.core.report.Report;
import pideploy.deploy.core.report.ReportFilter;
import pideploy.deploy.core.report.ReportKind;

class BuildReportTest {
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private static final Instant DAY1 = Instant.parse("2026-11-24T09:00:00Z");
    private static final Instant DAY3 = Instant.parse("2026-11-26T09:00:00Z");

    private final InMemoryFleetStore store = new InMemoryFleetStore();
    private final MutableClock clock = new MutableClock(NOW);
    private final BuildReport reports = new BuildReport(store, clock);

    @BeforeEach
    void seed() {
        FleetFixtures.seed(store);
    }

    private Report report(ReportKind kind) {
        return reports.build(kind, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    private static Cell text(String s) {
        return new Cell.Text(s);
    }

    private static Cell whole(long n) {
        return new Cell.Whole(n);
    }

    private static Cell decimal(double d) {
        return new Cell.Decimal(d);
    }

    private static final Cell EMPTY = new Cell.Empty();

    private void deploy(
            long device,
            pideploy.deploy.core.venue.VenueCode venue,
            pideploy.deploy.core.product.ProductCode product,
            Instant start,
            Outcome o) {
        ReportFixtures.record(store, device, venue, product, start, o);
    }

    @Test
    void withoutAPeriodCoversTheLast30DaysUpToNow() {
        Report r = report(ReportKind.DEPLOYMENTS_PER_DAY);

        assertThat(r.filter())
                .isEqualTo(new ReportFilter(NOW.minus(Duration.ofDays(30)), NOW, Optional.empty(), Optional.empty()));
        // 27 Oct 12:00 to 26 Nov 12:00 touches 31 UTC days.
        assertThat(r.rows()).hasSize(31);
        assertThat(r.rows())
                .allSatisfy(
                        row -> assertThat(row.subList(1, 5)).containsExactly(whole(0), whole(0), whole(0), whole(0)));
    }

    @Test
    void countsEachDayByOutcomeAndKeepsEmptyDays() {
        deploy(1, CORO, KXP2, DAY1, Outcome.succeeded(Duration.ofSeconds(100)));
        deploy(2, CORO, KXP2, DAY1.plusSeconds(60), Outcome.failed(FailureStep.WRITE));
        deploy(3, CORO, KXP2, DAY3, Outcome.succeeded(Duration.ofSeconds(100)).booted(Duration.ofSeconds(30)));
        deploy(4, LEMA, KXP2, DAY3, Outcome.inFlight());

        Report r = reports.build(
                ReportKind.DEPLOYMENTS_PER_DAY,
                Optional.of(Instant.parse("2026-11-24T00:00:00Z")),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());

        assertThat(r.columns()).containsExactly("day", "succeeded", "failed", "in_flight", "total");
        assertThat(r.rows())
                .containsExactly(
                        List.of(text("2026-11-24"), whole(1), whole(1), whole(0), whole(2)),
                        List.of(text("2026-11-25"), whole(0), whole(0), whole(0), whole(0)),
                        List.of(text("2026-11-26"), whole(1), whole(0), whole(1), whole(2)));
    }

    @Test
    void venueRowsGiveSuccessRateOverFinishedAndMedianAndP95OfSuccesses() {
        // CORO: four successes of 60, 80, 100, 400 s, one failure, one still in flight.
        long[] seconds = {400, 60, 100, 80};
        for (int i = 0; i < seconds.length; i++) {
            deploy(i + 1, CORO, KXP2, DAY1.plusSeconds(i), Outcome.succeeded(Duration.ofSeconds(seconds[i])));
        }
        deploy(10, CORO, RXP2, DAY1, Outcome.failed(FailureStep.VERIFY));
        deploy(11, CORO, KXP2, DAY3, Outcome.inFlight());
        // LEMA: only a failure: a rate of 0 and no durations.
        deploy(20, LEMA, KXP2, DAY1, Outcome.failed(FailureStep.WRITE));

        Report r = report(ReportKind.VENUES);

        assertThat(r.columns())
                .containsExactly(
                        "venue",
                        "deployments",
                        "succeeded",
                        "failed",
                        "in_flight",
                        "success_rate",
                        "median_seconds",
                        "p95_seconds");
        assertThat(r.rows())
                .containsExactly(
                        List.of(
                                text("CORO"),
                                whole(6),
                                whole(4),
                                whole(1),
                                whole(1),
                                decimal(0.8),
                                decimal(90.0),
                                decimal(400.0)),
                        List.of(text("LEMA"), whole(1), whole(0), whole(1), whole(0), decimal(0.0), EMPTY, EMPTY));
    }

    @Test
    void productRowsAreFilteredByVenue() {
        deploy(1, CORO, KXP2, DAY1, Outcome.succeeded(Duration.ofSeconds(50)));
        deploy(2, CORO, RXP2, DAY1, Outcome.succeeded(Duration.ofSeconds(70)));
        deploy(3, LEMA, RXP2, DAY1, Outcome.failed(FailureStep.WRITE));

        Report r = reports.build(
                ReportKind.PRODUCTS, Optional.empty(), Optional.empty(), Optional.of(LEMA), Optional.empty());

        assertThat(r.rows())
                .containsExactly(
                        List.of(text("RXP2"), whole(1), whole(0), whole(1), whole(0), decimal(0.0), EMPTY, EMPTY));
    }

    @Test
    void anEmptyPeriodHasNoRowsButItsColumns() {
        deploy(1, CORO, KXP2, DAY1, Outcome.succeeded(Duration.ofSeconds(50)));
        Instant from = Instant.parse("2026-01-01T00:00:00Z");

        for (ReportKind kind : List.of(
                ReportKind.VENUES,
                ReportKind.PRODUCTS,
                ReportKind.FAILURES,
                ReportKind.CARD_MODELS,
                ReportKind.TIME_TO_FIRST_BOOT)) {
            Report r = reports.build(
                    kind, Optional.of(from), Optional.of(from.plusSeconds(86_400)), Optional.empty(), Optional.empty());
            assertThat(r.rows()).as(kind.wireName()).isEmpty();
            assertThat(r.columns()).as(kind.wireName()).isNotEmpty();
        }
    }

    @Test
    void failuresAreCountedByStepInInstallerOrderThenByCardModel() {
        deploy(1, CORO, KXP2, DAY1, Outcome.failed(FailureStep.VERIFY).on(SANDISK, 5e6));
        deploy(2, CORO, KXP2, DAY1, Outcome.failed(FailureStep.WRITE).on(SAMSUNG, 9e6));
        deploy(3, CORO, KXP2, DAY1, Outcome.failed(FailureStep.VERIFY).on(SANDISK, 6e6));
        deploy(4, CORO, KXP2, DAY1, Outcome.failed(FailureStep.PREFLIGHT));
        deploy(5, CORO, KXP2, DAY1, Outcome.succeeded(Duration.ofSeconds(50)).on(SAMSUNG, 20e6));

        Report r = report(ReportKind.FAILURES);

        assertThat(r.rows())
                .containsExactly(
                        List.of(text("step"), text("preflight"), whole(1), decimal(0.25)),
                        List.of(text("step"), text("write"), whole(1), decimal(0.25)),
                        List.of(text("step"), text("verify"), whole(2), decimal(0.5)),
                        List.of(text("card_model"), text("0x000003/SE128"), whole(2), decimal(0.5)),
                        List.of(text("card_model"), text("0x00001b/EB1QT"), whole(1), decimal(0.25)),
                        List.of(text("card_model"), text("unknown"), whole(1), decimal(0.25)));
    }

    @Test
    void cardModelsGiveFailureRateAndMedianAndSlowestWriteRate() {
        deploy(1, CORO, KXP2, DAY1, Outcome.succeeded(Duration.ofSeconds(50)).on(SAMSUNG, 20e6));
        deploy(2, CORO, KXP2, DAY1, Outcome.succeeded(Duration.ofSeconds(50)).on(SAMSUNG, 30e6));
        deploy(3, CORO, KXP2, DAY1, Outcome.failed(FailureStep.WRITE).on(SAMSUNG, 4e6));
        deploy(4, CORO, KXP2, DAY1, Outcome.succeeded(Duration.ofSeconds(50)).on(SANDISK, 12e6));

        Report r = report(ReportKind.CARD_MODELS);

        assertThat(r.columns())
                .containsExactly(
                        "card_manfid",
                        "card_name",
                        "model",
                        "deployments",
                        "failed",
                        "failure_rate",
                        "median_write_rate",
                        "slowest_write_rate");
        assertThat(r.rows())
                .containsExactly(
                        List.of(
                                text("0x00001b"),
                                text("EB1QT"),
                                text("0x00001b/EB1QT"),
                                whole(3),
                                whole(1),
                                decimal(1.0 / 3),
                                decimal(20e6),
                                decimal(4e6)),
                        List.of(
                                text("0x000003"),
                                text("SE128"),
                                text("0x000003/SE128"),
                                whole(1),
                                whole(0),
                                decimal(0.0),
                                decimal(12e6),
                                decimal(12e6)));
    }

    @Test
    void timeToFirstBootCountsSuccessesThatNeverPhonedHome() {
        deploy(1, CORO, KXP2, DAY1, Outcome.succeeded(Duration.ofSeconds(50)).booted(Duration.ofSeconds(40)));
        deploy(2, CORO, KXP2, DAY1, Outcome.succeeded(Duration.ofSeconds(50)).booted(Duration.ofSeconds(60)));
        deploy(3, CORO, KXP2, DAY1, Outcome.succeeded(Duration.ofSeconds(50)));
        deploy(4, CORO, KXP2, DAY1, Outcome.failed(FailureStep.WRITE));

        Report r = report(ReportKind.TIME_TO_FIRST_BOOT);

        assertThat(r.rows())
                .containsExactly(List.of(text("CORO"), text("KXP2"), whole(3), whole(2), decimal(50.0), decimal(60.0)));
    }

    @Test
    void refusesAReversedOrTooLongPeriodNamingTheFix() {
        assertThatThrownBy(() -> reports.build(
                        ReportKind.VENUES,
                        Optional.of(NOW),
                        Optional.of(NOW.minusSeconds(1)),
                        Optional.empty(),
                        Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("to must be after from");
        assertThatThrownBy(() -> reports.build(
                        ReportKind.VENUES,
                        Optional.of(NOW.minus(Duration.ofDays(400))),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 366 days")
                .hasMessageContaining("narrow the period");
    }

    @Test
    void reportNamesParseAndAnUnknownOneListsTheKnownOnes() {
        assertThat(ReportKind.parse("card-models")).isEqualTo(ReportKind.CARD_MODELS);
        assertThat(ReportKind.parse("Time-To-First-Boot")).isEqualTo(ReportKind.TIME_TO_FIRST_BOOT);
        assertThatThrownBy(() -> ReportKind.parse("weather"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("deployments-per-day, venues, products, failures, card-models, "
                        + "time-to-first-boot; got 'weather'");
    }
}

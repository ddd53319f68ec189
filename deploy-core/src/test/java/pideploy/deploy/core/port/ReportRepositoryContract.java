package pideploy.deploy.core.port;

import static org.assertj.core.api.Assertions.assertThat;
import static pideploy.deploy.core.fixture.FleetFixtures.CORO;
import static pideploy.deploy.core.fixture.FleetFixtures.KXP2;
import static pideploy.deploy.core.fixture.FleetFixtures.LEMA;
import static pideploy.deploy.core.fixture.FleetFixtures.RXP2;
import static pideploy.deploy.core.fixture.ReportFixtures.SANDISK;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pideploy.deploy.core.deployment.Deployment;
import pideploy.deploy.core.deployment.DeploymentStatus;
import pideploy.deploy.core.deployment.FailureStep;
import pideploy.deploy.core.fixture.FleetFixtures;
import pideploy.deploy.core.fixture.ReportFixtures;
import pideploy.deploy.core.fixture.ReportFixtures.Outcome;
import pideploy.deploy.core.report.DeploymentFact;
import pideploy.deploy.core.report.ReportFilter;

/** Contract of {@link ReportRepository}: filtering by period, venue and product, order, and every fact kept. */
public abstract class ReportRepositoryContract extends FleetStoreFixture {
    private static final Instant DAY = Instant.parse("2026-11-20T00:00:00Z");

    @BeforeEach
    void seed() {
        FleetFixtures.seed(store);
    }

    private List<DeploymentFact> facts(ReportFilter filter) {
        return read(tx -> tx.reports().deployments(filter));
    }

    private static ReportFilter period(Instant from, Instant to) {
        return new ReportFilter(from, to, Optional.empty(), Optional.empty());
    }

    @Test
    void isEmptyWhenNothingWasDeployed() {
        assertThat(facts(period(DAY, DAY.plusSeconds(86_400)))).isEmpty();
    }

    @Test
    void keepsEveryFactOfADeployment() {
        Deployment d = ReportFixtures.record(
                store,
                1,
                CORO,
                KXP2,
                DAY.plusNanos(123_456_789),
                Outcome.succeeded(Duration.ofSeconds(95))
                        .booted(Duration.ofSeconds(40))
                        .on(SANDISK, 21.5e6));
        Deployment f =
                ReportFixtures.record(store, 2, LEMA, RXP2, DAY.plusSeconds(10), Outcome.failed(FailureStep.VERIFY));

        assertThat(facts(period(DAY, DAY.plusSeconds(60))))
                .containsExactly(
                        new DeploymentFact(
                                d.id().value(),
                                CORO,
                                KXP2,
                                DeploymentStatus.BOOTED,
                                d.startedAt(),
                                Optional.of(d.startedAt().plusSeconds(95)),
                                Optional.of(d.startedAt().plusSeconds(135)),
                                Optional.empty(),
                                Optional.of(SANDISK),
                                OptionalDouble.of(21.5e6)),
                        new DeploymentFact(
                                f.id().value(),
                                LEMA,
                                RXP2,
                                DeploymentStatus.FAILED,
                                f.startedAt(),
                                f.finishedAt(),
                                Optional.empty(),
                                Optional.of(FailureStep.VERIFY),
                                Optional.empty(),
                                OptionalDouble.empty()));
    }

    @Test
    void periodIncludesItsStartAndExcludesItsEnd() {
        Deployment atStart = ReportFixtures.record(store, 1, CORO, KXP2, DAY, Outcome.inFlight());
        ReportFixtures.record(store, 2, CORO, KXP2, DAY.plusSeconds(3600), Outcome.inFlight());
        ReportFixtures.record(store, 3, CORO, KXP2, DAY.minusNanos(1), Outcome.inFlight());

        assertThat(facts(period(DAY, DAY.plusSeconds(3600))))
                .extracting(DeploymentFact::id)
                .containsExactly(atStart.id().value());
    }

    @Test
    void filtersByVenueAndProductAndOrdersOldestFirst() {
        Deployment late = ReportFixtures.record(store, 1, CORO, KXP2, DAY.plusSeconds(20), Outcome.inFlight());
        Deployment early = ReportFixtures.record(store, 2, CORO, KXP2, DAY.plusSeconds(10), Outcome.inFlight());
        Deployment otherProduct = ReportFixtures.record(store, 3, CORO, RXP2, DAY.plusSeconds(5), Outcome.inFlight());
        ReportFixtures.record(store, 4, LEMA, KXP2, DAY.plusSeconds(5), Outcome.inFlight());
        Instant end = DAY.plusSeconds(60);

        assertThat(facts(new ReportFilter(DAY, end, Optional.of(CORO), Optional.of(KXP2))))
                .extracting(DeploymentFact::id)
                .containsExactly(early.id().value(), late.id().value());
        assertThat(facts(new ReportFilter(DAY, end, Optional.of(CORO), Optional.empty())))
                .extracting(DeploymentFact::id)
                .containsExactly(
                        otherProduct.id().value(), early.id().value(), late.id().value());
        assertThat(facts(new ReportFilter(DAY, end, Optional.empty(), Optional.of(KXP2))))
                .hasSize(3);
    }
}

package pideploy.deploy.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static pideploy.deploy.core.fixture.FleetFixtures.CORO;
import static pideploy.deploy.core.fixture.FleetFixtures.KXP2;
import static pideploy.deploy.core.fixture.FleetFixtures.T0;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import pideploy.deploy.core.deployment.Deployment;
import pideploy.deploy.core.deployment.DeploymentStatus;
import pideploy.deploy.core.deployment.FailureStep;
import pideploy.deploy.core.fake.InMemoryAuditLog;
import pideploy.deploy.core.fake.InMemoryFleetStore;
import pideploy.deploy.core.fake.MutableClock;
import pideploy.deploy.core.fake.RecordingEventPublisher;
import pideploy.deploy.core.fixture.FleetFixtures;
import pideploy.deploy.core.image.ImageState;
import pideploy.deploy.core.operator.AuditQuery;
import pideploy.deploy.core.pool.PoolEntryState;
import pideploy.deploy.core.pool.PoolFilter;

/** Pool reclaiming and history thinning over the in-memory store (ADR-0045). */
class HousekeepingUseCasesTest {
    private final InMemoryFleetStore store = new InMemoryFleetStore();
    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryAuditLog audit = new InMemoryAuditLog();
    private final AnswerConfig config = new AnswerConfig(store, new RecordingEventPublisher(), clock);
    private final RecordStatus status = new RecordStatus(store, new RecordingEventPublisher(), clock,
            RateLimit.perMinute(1000, 60_000));

    private Deployment assign(long device) {
        return ((ConfigAnswer.Assigned) config.answer(ConfigRequest.of(KXP2, CORO, FleetFixtures.device(device))))
                .deployment();
    }

    private void seed() {
        FleetFixtures.seed(store);
        store.write(tx -> {
            tx.images().add(FleetFixtures.image(KXP2, "1.0", ImageState.ACTIVE));
            return null;
        });
        new ImportPool(store, CoreSettings.DEFAULTS).importNumbers(ImportPoolCommand.parse(CORO, KXP2, "1-3"));
    }

    @Test
    void reclaimsPoolHostnamesWhoseDeploymentNeverSucceededInTimeAndAuditsEach() {
        seed();
        Deployment done = assign(1);
        Deployment failed = assign(2);
        Deployment stuck = assign(3);
        status.record(StatusReport.of(done.id(), DeploymentStatus.DOWNLOADING));
        status.record(StatusReport.of(done.id(), DeploymentStatus.SUCCESS));
        status.record(StatusReport.of(failed.id(), DeploymentStatus.FAILED).withFailure(FailureStep.WRITE, "io"));
        status.record(StatusReport.of(stuck.id(), DeploymentStatus.DOWNLOADING));
        ReclaimUnfinishedHostnames reclaim = new ReclaimUnfinishedHostnames(store, audit, clock, Duration.ofHours(1));

        clock.advance(Duration.ofMinutes(30));
        assertThat(reclaim.reclaim()).isEmpty();
        clock.advance(Duration.ofMinutes(31));
        assertThat(reclaim.reclaim()).extracting(r -> r.hostname().value())
                .containsExactlyInAnyOrder("KXP2-CORO-002", "KXP2-CORO-003");

        assertThat(new ListPool(store).list(PoolFilter.ALL)).filteredOn(e -> e.state() == PoolEntryState.AVAILABLE)
                .extracting(e -> e.hostname().value()).containsExactlyInAnyOrder("KXP2-CORO-002", "KXP2-CORO-003");
        assertThat(audit.query(AuditQuery.latest(10))).hasSize(2).allSatisfy(e -> {
            assertThat(e.actor()).isEqualTo(ReclaimUnfinishedHostnames.ACTOR);
            assertThat(e.action()).isEqualTo("hostname.reclaim");
        });
        assertThat(reclaim.reclaim()).isEmpty();
        // The device that succeeded keeps its hostname; a reclaimed one asks again and gets one.
        assertThat(assign(1).hostname().value()).isEqualTo("KXP2-CORO-001");
        assertThat(assign(3).hostname().value()).isEqualTo("KXP2-CORO-002");
    }

    @Test
    void thinsProgressOnlyOnceTheRetentionHasPassed() {
        seed();
        Deployment d = assign(1);
        status.record(StatusReport.of(d.id(), DeploymentStatus.DOWNLOADING));
        for (int i = 0; i < 20; i++) {
            status.record(StatusReport.of(d.id(), DeploymentStatus.DOWNLOADING).withBytes(i, 20));
        }
        status.record(StatusReport.of(d.id(), DeploymentStatus.SUCCESS));
        ThinDeploymentHistory thin = new ThinDeploymentHistory(store, clock, Duration.ofDays(1));

        assertThat(thin.thin()).isZero();
        clock.advance(Duration.ofDays(1).plusSeconds(1));
        assertThat(thin.thin()).isEqualTo(19);
        assertThat(new FindDeployments(store).history(d.id()).orElseThrow().events()).hasSize(4);
    }
}

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
import pideploy.deploy.core.port.FleetTransaction;

/**
 * Pool reclaiming and history thinning (ADR-0045), abandoned deployments and cards too small for the image
 * (ADR-0047), over the in-memory store.
 */
class HousekeepingUseCasesTest {
    private final InMemoryFleetStore store = new InMemoryFleetStore();
    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryAuditLog audit = new InMemoryAuditLog();
    private final AnswerConfig config = new AnswerConfig(store, new RecordingEventPublisher(), clock);
    private final RecordStatus status =
            new RecordStatus(store, new RecordingEventPublisher(), clock, RateLimit.perMinute(1000, 60_000));

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
        assertThat(reclaim.reclaim())
                .extracting(r -> r.hostname().value())
                .containsExactlyInAnyOrder("KXP2-CORO-002", "KXP2-CORO-003");

        assertThat(new ListPool(store).list(PoolFilter.ALL))
                .filteredOn(e -> e.state() == PoolEntryState.AVAILABLE)
                .extracting(e -> e.hostname().value())
                .containsExactlyInAnyOrder("KXP2-CORO-002", "KXP2-CORO-003");
        assertThat(audit.query(AuditQuery.latest(10))).hasSize(2).allSatisfy(e -> {
            assertThat(e.actor()).isEqualTo(ReclaimUnfinishedHostnames.ACTOR);
            assertThat(e.action()).isEqualTo("hostname.reclaim");
        });
        assertThat(reclaim.reclaim()).isEmpty();
        // The device that succeeded keeps its hostname; a reclaimed one asks again and gets one.
        assertThat(assign(1).hostname().value()).isEqualTo("KXP2-CORO-001");
        assertThat(assign(3).hostname().value()).isEqualTo("KXP2-CORO-002");
    }

    private PoolEntryState stateOf(String hostname) {
        return new ListPool(store)
                .list(PoolFilter.ALL).stream()
                        .filter(e -> e.hostname().value().equals(hostname))
                        .findFirst()
                        .orElseThrow()
                        .state();
    }

    /** Image 1.0 of the fixtures is 1_000_003 bytes. */
    private static final long IMAGE_BYTES = 1_000_003L;

    @Test
    void refusesACardSmallerThanTheImageNamingBothSizesWithoutTakingAHostname() {
        seed();
        ConfigAnswer answer = config.answer(
                ConfigRequest.of(KXP2, CORO, FleetFixtures.device(1)).withCardSize(IMAGE_BYTES - 1));

        assertThat(answer)
                .isInstanceOfSatisfying(
                        ConfigAnswer.CardTooSmall.class,
                        small -> assertThat(small.message())
                                .contains(
                                        String.valueOf(IMAGE_BYTES - 1),
                                        String.valueOf(IMAGE_BYTES),
                                        "larger card",
                                        "shrunk image")
                                .contains(FleetFixtures.serial(1).toString()));
        assertThat(new ListPool(store).list(PoolFilter.ALL))
                .allSatisfy(e -> assertThat(e.state()).isEqualTo(PoolEntryState.AVAILABLE));
        assertThat(store.read((FleetTransaction tx) -> tx.deployments().latestBySerial(FleetFixtures.serial(1))))
                .isEmpty();
        assertThat(store.read((FleetTransaction tx) -> tx.devices().findBySerial(FleetFixtures.serial(1))))
                .isEmpty();
        // A card exactly the image's size is enough (the installer's own rule), and gets the lowest number.
        assertThat(config.answer(
                        ConfigRequest.of(KXP2, CORO, FleetFixtures.device(1)).withCardSize(IMAGE_BYTES)))
                .isInstanceOfSatisfying(
                        ConfigAnswer.Assigned.class,
                        a -> assertThat(a.hostname().value()).isEqualTo("KXP2-CORO-001"));
    }

    @Test
    void aDeviceHoldingAHostnameWithATooSmallCardIsRefusedAndKeepsItsHostname() {
        seed();
        Deployment first = assign(1);
        ConfigAnswer answer = config.answer(
                ConfigRequest.of(KXP2, CORO, FleetFixtures.device(1)).withCardSize(1024));

        assertThat(answer).isInstanceOf(ConfigAnswer.CardTooSmall.class);
        assertThat(store.read((FleetTransaction tx) -> tx.deployments().latestBySerial(FleetFixtures.serial(1)))
                        .orElseThrow()
                        .id())
                .isEqualTo(first.id());
        assertThat(stateOf("KXP2-CORO-001")).isEqualTo(PoolEntryState.ASSIGNED);
    }

    @Test
    void aPreflightRefusalOfTheInstallerGivesTheHostnameThisDeploymentTookBackToThePool() {
        seed();
        Deployment d = assign(1);
        StatusAnswer answer = status.record(StatusReport.of(d.id(), DeploymentStatus.FAILED)
                .withFailure(FailureStep.PREFLIGHT, "target holds 1000 bytes but the image needs 1000003"));

        assertThat(answer).isInstanceOf(StatusAnswer.Recorded.class);
        assertThat(stateOf("KXP2-CORO-001")).isEqualTo(PoolEntryState.AVAILABLE);
        assertThat(store.read((FleetTransaction tx) -> tx.devices().findBySerial(FleetFixtures.serial(1)))
                        .orElseThrow()
                        .hostname())
                .isEmpty();
        assertThat(new FindDeployments(store).history(d.id()).orElseThrow().events())
                .anySatisfy(e -> assertThat(e.message()).contains("KXP2-CORO-001 back in the pool"));
        assertThat(assign(2).hostname().value()).isEqualTo("KXP2-CORO-001");
    }

    @Test
    void aPreflightRefusalKeepsAHostnameTheDeviceHeldBeforeAndALaterFailureKeepsItToo() {
        seed();
        assign(1);
        Deployment again = assign(1);
        status.record(StatusReport.of(again.id(), DeploymentStatus.FAILED).withFailure(FailureStep.PREFLIGHT, "small"));
        assertThat(stateOf("KXP2-CORO-001")).isEqualTo(PoolEntryState.ASSIGNED);

        Deployment writing = assign(2);
        status.record(StatusReport.of(writing.id(), DeploymentStatus.DOWNLOADING));
        status.record(StatusReport.of(writing.id(), DeploymentStatus.FAILED).withFailure(FailureStep.WRITE, "io"));
        assertThat(stateOf("KXP2-CORO-002")).isEqualTo(PoolEntryState.ASSIGNED);
    }

    @Test
    void endsDeploymentsSilentForTheAbandonTimeAsFailedAuditsAndPublishesEach() {
        seed();
        RecordingEventPublisher published = new RecordingEventPublisher();
        AbandonSilentDeployments abandon =
                new AbandonSilentDeployments(store, audit, published, clock, Duration.ofMinutes(30));
        Deployment done = assign(1);
        Deployment writing = assign(2);
        Deployment silentAtStart = assign(3);
        status.record(StatusReport.of(done.id(), DeploymentStatus.SUCCESS));
        status.record(StatusReport.of(writing.id(), DeploymentStatus.DOWNLOADING));

        clock.advance(Duration.ofMinutes(29));
        status.record(
                StatusReport.of(writing.id(), DeploymentStatus.DOWNLOADING).withBytes(10, 100));
        clock.advance(Duration.ofMinutes(2));
        assertThat(abandon.abandon()).extracting(Deployment::id).containsExactly(silentAtStart.id());
        clock.advance(Duration.ofMinutes(29));
        assertThat(abandon.abandon()).extracting(Deployment::id).containsExactly(writing.id());
        assertThat(abandon.abandon()).isEmpty();

        Deployment ended = store.read((FleetTransaction tx) -> tx.deployments().find(writing.id()))
                .orElseThrow();
        assertThat(ended.status()).isEqualTo(DeploymentStatus.FAILED);
        assertThat(ended.errorMessage()).isEqualTo("abandoned: no report for 30 minutes");
        assertThat(ended.finishedAt()).contains(clock.instant());
        assertThat(ended.bytesDone()).isEqualTo(10);
        assertThat(store.read((FleetTransaction tx) -> tx.deployments().find(done.id()))
                        .orElseThrow()
                        .status())
                .isEqualTo(DeploymentStatus.SUCCESS);
        assertThat(published.changes())
                .extracting(c -> c.deployment().id())
                .containsExactly(silentAtStart.id(), writing.id());
        assertThat(published.changes())
                .allSatisfy(c -> assertThat(c.deployment().status()).isEqualTo(DeploymentStatus.FAILED));
        assertThat(audit.query(AuditQuery.latest(10))).hasSize(2).allSatisfy(e -> {
            assertThat(e.actor()).isEqualTo(ReclaimUnfinishedHostnames.ACTOR);
            assertThat(e.action()).isEqualTo("deployment.abandon");
            assertThat(e.detail()).contains("abandoned: no report for 30 minutes");
        });
        // The hostname stays with its device: its next config request gets it again.
        assertThat(stateOf("KXP2-CORO-002")).isEqualTo(PoolEntryState.ASSIGNED);
    }

    @Test
    void aLaterReportForAnAbandonedDeploymentIsRefusedAndChangesNothing() {
        seed();
        Deployment d = assign(1);
        status.record(StatusReport.of(d.id(), DeploymentStatus.DOWNLOADING));
        clock.advance(Duration.ofMinutes(31));
        new AbandonSilentDeployments(store, audit, new RecordingEventPublisher(), clock, Duration.ofMinutes(30))
                .abandon();
        int events = new FindDeployments(store)
                .history(d.id())
                .orElseThrow()
                .events()
                .size();

        StatusAnswer late = status.record(StatusReport.of(d.id(), DeploymentStatus.SUCCESS));

        assertThat(late)
                .isInstanceOfSatisfying(
                        StatusAnswer.Abandoned.class,
                        a -> assertThat(a.message())
                                .contains("abandoned: no report for 30 minutes", "ask /api/config again"));
        assertThat(store.read((FleetTransaction tx) -> tx.deployments().find(d.id()))
                        .orElseThrow()
                        .status())
                .isEqualTo(DeploymentStatus.FAILED);
        assertThat(new FindDeployments(store).history(d.id()).orElseThrow().events())
                .hasSize(events);
        // A failure the installer reported itself is not "abandoned": a later report is an invalid transition.
        Deployment other = assign(2);
        status.record(StatusReport.of(other.id(), DeploymentStatus.FAILED).withFailure(FailureStep.WRITE, "io"));
        assertThat(status.record(StatusReport.of(other.id(), DeploymentStatus.SUCCESS)))
                .isInstanceOf(StatusAnswer.InvalidTransition.class);
    }

    @Test
    void theAbandonTimeIsThirtyMinutesByDefaultAndRefusesImpossibleValues() {
        assertThat(CoreSettings.DEFAULTS.abandonAfter()).contains(Duration.ofMinutes(30));
        assertThat(CoreSettings.DEFAULTS
                        .withAbandonAfter(java.util.Optional.empty())
                        .abandonAfter())
                .isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> CoreSettings.DEFAULTS.withAbandonAfter(java.util.Optional.of(Duration.ofSeconds(30))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 minute to 7 days");
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
        assertThat(new FindDeployments(store).history(d.id()).orElseThrow().events())
                .hasSize(4);
    }
}

package pideploy.deploy.core.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static pideploy.deploy.core.fixture.FleetFixtures.CORO;
import static pideploy.deploy.core.fixture.FleetFixtures.KXP2;
import static pideploy.deploy.core.fixture.FleetFixtures.LEMA;
import static pideploy.deploy.core.fixture.FleetFixtures.RXP2;
import static pideploy.deploy.core.fixture.FleetFixtures.T0;
import static pideploy.deploy.core.fixture.FleetFixtures.mac;
import static pideploy.deploy.core.fixture.FleetFixtures.newDeployment;
import static pideploy.deploy.core.fixture.FleetFixtures.serial;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pideploy.deploy.core.batch.Batch;
import pideploy.deploy.core.deployment.CardIdentity;
import pideploy.deploy.core.deployment.Deployment;
import pideploy.deploy.core.deployment.DeploymentEvent;
import pideploy.deploy.core.deployment.DeploymentFilter;
import pideploy.deploy.core.deployment.DeploymentId;
import pideploy.deploy.core.deployment.DeploymentStatus;
import pideploy.deploy.core.deployment.DeviceProof;
import pideploy.deploy.core.deployment.DeviceSecret;
import pideploy.deploy.core.deployment.EventType;
import pideploy.deploy.core.deployment.FailureStep;
import pideploy.deploy.core.deployment.NewDeployment;
import pideploy.deploy.core.deployment.StatusCount;
import pideploy.deploy.core.fixture.FleetFixtures;
import pideploy.deploy.core.hostname.Hostname;
import pideploy.deploy.core.image.ImageVersion;
import pideploy.deploy.core.server.ServerName;

/** Contract of {@link DeploymentRepository}. */
public abstract class DeploymentRepositoryContract extends FleetStoreFixture {

    @BeforeEach
    void seed() {
        FleetFixtures.seed(store);
    }

    private Deployment add(long device, int number, Duration after) {
        return write((FleetTransaction tx) ->
                tx.deployments().add(newDeployment(device, CORO, KXP2, number, T0.plus(after))));
    }

    private static Deployment with(Deployment d, DeploymentStatus status, Duration after) {
        return new Deployment(
                d.id(),
                d.serial(),
                d.mac(),
                d.clientIp(),
                d.hostname(),
                d.product(),
                d.venue(),
                d.imageVersion(),
                d.batch(),
                status,
                d.bytesDone(),
                d.bytesTotal(),
                d.startedAt(),
                T0.plus(after),
                status == DeploymentStatus.SUCCESS || status == DeploymentStatus.FAILED
                        ? Optional.of(T0.plus(after))
                        : d.finishedAt(),
                d.bootedAt(),
                d.message(),
                d.errorMessage(),
                d.failureStep(),
                d.card(),
                d.writeRate(),
                d.proof());
    }

    @Test
    void recordsANewAttemptAsStarted() {
        NewDeployment nd = newDeployment(1, CORO, KXP2, 14, T0);
        Deployment d = write((FleetTransaction tx) -> tx.deployments().add(nd));

        assertThat(d.status()).isEqualTo(DeploymentStatus.STARTED);
        assertThat(d.hostname()).isEqualTo(Hostname.of("KXP2-CORO-014"));
        assertThat(read((FleetTransaction tx) -> tx.deployments().find(d.id()))).contains(d);
        assertThat(read((FleetTransaction tx) -> tx.deployments().find(new DeploymentId(999_999))))
                .isEmpty();
    }

    /** Created, 5 downloading progress, verifying, 3 verifying progress, then {@code end}; 11 events. */
    private Deployment withHistory(int number, DeploymentStatus end, Duration endedAfter) {
        Deployment d = add(number, number, Duration.ZERO);
        writeVoid(tx -> {
            tx.deployments().addEvent(d, EventType.CREATED, "hostname assigned", T0);
            Deployment downloading = with(d, DeploymentStatus.DOWNLOADING, Duration.ofSeconds(1));
            tx.deployments().update(downloading);
            tx.deployments().addEvent(downloading, EventType.STATUS_CHANGED, "", T0.plusSeconds(1));
            for (int i = 0; i < 5; i++) {
                tx.deployments().addEvent(downloading, EventType.PROGRESS, "p" + i, T0.plusSeconds(2 + i));
            }
            Deployment verifying = with(d, DeploymentStatus.VERIFYING, Duration.ofSeconds(10));
            tx.deployments().update(verifying);
            for (int i = 0; i < 3; i++) {
                tx.deployments().addEvent(verifying, EventType.PROGRESS, "v" + i, T0.plusSeconds(11 + i));
            }
            Deployment ended = with(d, end, endedAfter);
            tx.deployments().update(ended);
            tx.deployments().addEvent(ended, EventType.STATUS_CHANGED, "", T0.plus(endedAfter));
        });
        return d;
    }

    @Test
    void thinsTheProgressOfDeploymentsThatEndedWellBeforeTheCutoffAndKeepsFailuresWhole() {
        Deployment old = withHistory(1, DeploymentStatus.SUCCESS, Duration.ofMinutes(1));
        Deployment failed = withHistory(2, DeploymentStatus.FAILED, Duration.ofMinutes(1));
        Deployment recent = withHistory(3, DeploymentStatus.SUCCESS, Duration.ofHours(3));

        int deleted = write((FleetTransaction tx) -> tx.deployments().thinProgressEvents(T0.plus(Duration.ofHours(1))));

        assertThat(deleted).isEqualTo(4 + 2);
        assertThat(read((FleetTransaction tx) -> tx.deployments().history(old.id())))
                .extracting(DeploymentEvent::message)
                .containsExactly("hostname assigned", "", "p4", "v2", "");
        assertThat(read((FleetTransaction tx) -> tx.deployments().history(failed.id())))
                .hasSize(11);
        assertThat(read((FleetTransaction tx) -> tx.deployments().history(recent.id())))
                .hasSize(11);
        assertThat(write((FleetTransaction tx) -> tx.deployments().thinProgressEvents(T0.plus(Duration.ofHours(1)))))
                .isZero();
    }

    @Test
    void keepsTheSecretsHashAndCountsRefusedReports() {
        DeviceSecret secret = DeviceSecret.generate(new SecureRandom());
        NewDeployment nd = new NewDeployment(
                Optional.empty(),
                Optional.of(mac(4)),
                "",
                Hostname.of("KXP2-CORO-004"),
                KXP2,
                CORO,
                ImageVersion.of("1.0"),
                Optional.empty(),
                0,
                T0,
                DeviceProof.of(secret));

        Deployment d = write((FleetTransaction tx) -> tx.deployments().add(nd));
        writeVoid(tx ->
                tx.deployments().update(d.withProof(d.proof().refusedOnce().refusedOnce())));

        DeviceProof stored = read((FleetTransaction tx) -> tx.deployments().find(d.id()))
                .orElseThrow()
                .proof();
        assertThat(stored.verified()).isTrue();
        assertThat(secret.matches(stored.secretSha256().orElseThrow())).isTrue();
        assertThat(stored.secretSha256().orElseThrow())
                .isNotEqualTo(secret.value())
                .hasSize(64);
        assertThat(stored.refusedReports()).isEqualTo(2);
        Deployment legacy = write((FleetTransaction tx) -> tx.deployments().add(newDeployment(5, CORO, KXP2, 5, T0)));
        assertThat(read((FleetTransaction tx) -> tx.deployments().find(legacy.id()))
                        .orElseThrow()
                        .proof())
                .isEqualTo(DeviceProof.LEGACY);
    }

    @Test
    void keepsTheServerThatAnsweredThroughUpdates() {
        NewDeployment nd = new NewDeployment(
                Optional.empty(),
                Optional.of(mac(5)),
                "",
                Hostname.of("KXP2-CORO-005"),
                KXP2,
                CORO,
                ImageVersion.of("1.0"),
                Optional.empty(),
                0,
                T0,
                DeviceProof.LEGACY,
                Optional.of(ServerName.of("station-b")));
        NewDeployment unnamed = newDeployment(6, CORO, KXP2, 6, T0);

        Deployment d = write((FleetTransaction tx) -> tx.deployments().add(nd));
        Deployment old = write((FleetTransaction tx) -> tx.deployments().add(unnamed));
        writeVoid(tx -> tx.deployments().update(d.withProof(d.proof().refusedOnce())));

        assertThat(d.answeredBy()).contains(ServerName.of("station-b"));
        assertThat(read((FleetTransaction tx) -> tx.deployments().find(d.id())))
                .map(Deployment::answeredBy)
                .contains(Optional.of(ServerName.of("station-b")));
        assertThat(read((FleetTransaction tx) -> tx.deployments().find(old.id())))
                .map(Deployment::answeredBy)
                .contains(Optional.empty());
    }

    @Test
    void keepsABatchReference() {
        Batch batch = write((FleetTransaction tx) -> tx.batches().add(CORO, KXP2, 3, 0, T0));
        NewDeployment nd = new NewDeployment(
                Optional.empty(),
                Optional.of(mac(3)),
                "",
                Hostname.of("KXP2-CORO-003"),
                KXP2,
                CORO,
                ImageVersion.of("1.0"),
                Optional.of(batch.id()),
                0,
                T0,
                DeviceProof.LEGACY);

        Deployment d = write((FleetTransaction tx) -> tx.deployments().add(nd));

        assertThat(read((FleetTransaction tx) -> tx.deployments().find(d.id())))
                .map(Deployment::batch)
                .contains(Optional.of(batch.id()));
    }

    private Deployment inBatch(Batch batch, int number, DeploymentStatus end, Duration finishedAfter) {
        NewDeployment nd = new NewDeployment(
                Optional.of(serial(100 + number)),
                Optional.of(mac(100 + number)),
                "",
                Hostname.ofPoolNumber(KXP2, CORO, number, 3),
                KXP2,
                CORO,
                ImageVersion.of("1.0"),
                Optional.of(batch.id()),
                0,
                T0,
                DeviceProof.LEGACY);
        Deployment d = write((FleetTransaction tx) -> tx.deployments().add(nd));
        Deployment ended = with(d, end, finishedAfter);
        writeVoid(tx -> tx.deployments().update(ended));
        return ended;
    }

    @Test
    void listsTheBatchsLatestFinishedDeploymentsSinceAnInstantNewestFirst() {
        Batch batch = write((FleetTransaction tx) -> tx.batches().add(CORO, KXP2, 10, 0, T0));
        Batch other = write((FleetTransaction tx) -> tx.batches().add(CORO, KXP2, 10, 0, T0));
        Deployment before = inBatch(batch, 1, DeploymentStatus.FAILED, Duration.ofSeconds(5));
        Deployment failed = inBatch(batch, 2, DeploymentStatus.FAILED, Duration.ofSeconds(30));
        Deployment ok = inBatch(batch, 3, DeploymentStatus.SUCCESS, Duration.ofSeconds(20));
        Deployment latest = inBatch(batch, 4, DeploymentStatus.FAILED, Duration.ofSeconds(40));
        inBatch(batch, 5, DeploymentStatus.DOWNLOADING, Duration.ofSeconds(50));
        inBatch(other, 6, DeploymentStatus.FAILED, Duration.ofSeconds(45));

        assertThat(
                        read((FleetTransaction tx) ->
                                        tx.deployments().finishedInBatch(batch.id(), T0.plusSeconds(10), 10))
                                .stream()
                                .map(Deployment::id))
                .containsExactly(latest.id(), failed.id(), ok.id());
        assertThat(read((FleetTransaction tx) -> tx.deployments().finishedInBatch(batch.id(), T0, 2)).stream()
                        .map(Deployment::id))
                .containsExactly(latest.id(), failed.id());
        assertThat(read((FleetTransaction tx) -> tx.deployments().finishedInBatch(batch.id(), T0, 10)))
                .extracting(Deployment::id)
                .contains(before.id())
                .hasSize(4);
    }

    @Test
    void givesIncreasingIds() {
        Deployment a = add(1, 1, Duration.ZERO);
        Deployment b = add(1, 1, Duration.ZERO);

        assertThat(b.id().value()).isGreaterThan(a.id().value());
    }

    @Test
    void keepsEveryFieldOfAnUpdate() {
        Deployment d = add(1, 1, Duration.ZERO);
        Deployment failed = new Deployment(
                d.id(),
                d.serial(),
                d.mac(),
                d.clientIp(),
                d.hostname(),
                d.product(),
                d.venue(),
                d.imageVersion(),
                d.batch(),
                DeploymentStatus.FAILED,
                123_456_789L,
                4_000_000_000L,
                d.startedAt(),
                T0.plusNanos(7),
                Optional.of(T0.plusNanos(7)),
                Optional.empty(),
                "writing",
                "short write on /dev/mmcblk0",
                Optional.of(FailureStep.WRITE),
                Optional.of(new CardIdentity("035344534333324780a1b2c3d4e5f600", "SC32G", "0x000003")),
                OptionalDouble.of(21_500_000.5),
                d.proof());

        writeVoid(tx -> tx.deployments().update(failed));

        assertThat(read((FleetTransaction tx) -> tx.deployments().find(d.id()))).contains(failed);
    }

    @Test
    void refusesToUpdateAMissingDeployment() {
        Deployment d = add(1, 1, Duration.ZERO);
        Deployment ghost = with(d, DeploymentStatus.DOWNLOADING, Duration.ZERO);
        Deployment moved = new Deployment(
                new DeploymentId(d.id().value() + 1000),
                ghost.serial(),
                ghost.mac(),
                ghost.clientIp(),
                ghost.hostname(),
                ghost.product(),
                ghost.venue(),
                ghost.imageVersion(),
                ghost.batch(),
                ghost.status(),
                0,
                0,
                T0,
                T0,
                Optional.empty(),
                Optional.empty(),
                "",
                "",
                Optional.empty(),
                Optional.empty(),
                OptionalDouble.empty(),
                DeviceProof.LEGACY);

        assertThatThrownBy(() -> writeVoid(tx -> tx.deployments().update(moved)))
                .isInstanceOf(StorageException.class);
    }

    @Test
    void findsTheLatestAttemptBySerialHostnameAndMac() {
        add(1, 1, Duration.ZERO);
        Deployment second = add(1, 1, Duration.ofMinutes(1));
        add(2, 2, Duration.ofMinutes(2));

        assertThat(read((FleetTransaction tx) -> tx.deployments().latestBySerial(serial(1))))
                .contains(second);
        assertThat(read((FleetTransaction tx) -> tx.deployments().latestByMac(mac(1))))
                .contains(second);
        assertThat(read((FleetTransaction tx) -> tx.deployments().latestByHostname(Hostname.of("KXP2-CORO-001"))))
                .contains(second);
        assertThat(read((FleetTransaction tx) -> tx.deployments().latestBySerial(serial(9))))
                .isEmpty();
    }

    @Test
    void filtersByVenueProductStatusHostnameSerialAndTime() {
        Deployment a = add(1, 1, Duration.ZERO);
        Deployment b = add(2, 2, Duration.ofMinutes(10));
        Deployment c = write(
                (FleetTransaction tx) -> tx.deployments().add(newDeployment(3, LEMA, RXP2, 3, T0.plusSeconds(1200))));
        writeVoid(tx -> tx.deployments().update(with(b, DeploymentStatus.SUCCESS, Duration.ofMinutes(15))));
        DeploymentFilter all = DeploymentFilter.all(100);

        assertThat(read((FleetTransaction tx) -> tx.deployments().find(all)).items())
                .extracting(Deployment::id)
                .containsExactly(c.id(), b.id(), a.id());
        assertThat(read((FleetTransaction tx) -> tx.deployments().find(all.withVenue(CORO)))
                        .items())
                .extracting(Deployment::id)
                .containsExactly(b.id(), a.id());
        assertThat(read((FleetTransaction tx) -> tx.deployments().find(all.withProduct(RXP2)))
                        .items())
                .extracting(Deployment::id)
                .containsExactly(c.id());
        assertThat(read((FleetTransaction tx) -> tx.deployments().find(all.withStatus(DeploymentStatus.SUCCESS)))
                        .items())
                .extracting(Deployment::id)
                .containsExactly(b.id());
        assertThat(read((FleetTransaction tx) -> tx.deployments().find(all.withHostname(a.hostname())))
                        .items())
                .extracting(Deployment::id)
                .containsExactly(a.id());
        assertThat(read((FleetTransaction tx) -> tx.deployments().find(all.withSerial(serial(3))))
                        .items())
                .extracting(Deployment::id)
                .containsExactly(c.id());
        assertThat(read((FleetTransaction tx) ->
                                tx.deployments().find(all.between(T0.plusSeconds(1), T0.plusSeconds(1200))))
                        .items())
                .extracting(Deployment::id)
                .containsExactly(b.id());
    }

    @Test
    void pagesNewestFirstAndCountsAllMatches() {
        for (int i = 0; i < 5; i++) {
            add(i, i, Duration.ofSeconds(i));
        }

        var page = read((FleetTransaction tx) ->
                tx.deployments().find(DeploymentFilter.all(2).page(2, 1)));

        assertThat(page.total()).isEqualTo(5);
        assertThat(page.items()).extracting(d -> d.serial().orElseThrow()).containsExactly(serial(3), serial(2));
    }

    @Test
    void listsSuccessWithoutBootFinishedBeforeTheCutoff() {
        Deployment early = add(1, 1, Duration.ZERO);
        Deployment late = add(2, 2, Duration.ZERO);
        Deployment booted = add(3, 3, Duration.ZERO);
        writeVoid(tx -> {
            tx.deployments().update(with(early, DeploymentStatus.SUCCESS, Duration.ofMinutes(5)));
            tx.deployments().update(with(late, DeploymentStatus.SUCCESS, Duration.ofMinutes(30)));
            tx.deployments()
                    .update(with(
                            with(booted, DeploymentStatus.SUCCESS, Duration.ofMinutes(1)),
                            DeploymentStatus.BOOTED,
                            Duration.ofMinutes(2)));
        });

        assertThat(read((FleetTransaction tx) ->
                        tx.deployments().successNotBootedBefore(T0.plus(Duration.ofMinutes(20)))))
                .extracting(Deployment::id)
                .containsExactly(early.id());
    }

    @Test
    void listsDeploymentsInFlightSilentSinceBeforeTheCutoffOldestFirst() {
        Deployment writing = add(1, 1, Duration.ZERO);
        Deployment started = add(2, 2, Duration.ZERO);
        Deployment recent = add(3, 3, Duration.ZERO);
        Deployment failed = add(4, 4, Duration.ZERO);
        Deployment done = add(5, 5, Duration.ZERO);
        writeVoid(tx -> {
            tx.deployments().update(with(writing, DeploymentStatus.DOWNLOADING, Duration.ofMinutes(10)));
            tx.deployments().update(with(recent, DeploymentStatus.VERIFYING, Duration.ofMinutes(40)));
            tx.deployments().update(with(failed, DeploymentStatus.FAILED, Duration.ofMinutes(1)));
            tx.deployments().update(with(done, DeploymentStatus.SUCCESS, Duration.ofMinutes(1)));
        });

        assertThat(read((FleetTransaction tx) -> tx.deployments().inFlightIdleBefore(T0.plus(Duration.ofMinutes(30)))))
                .extracting(Deployment::id)
                .containsExactly(started.id(), writing.id());
    }

    @Test
    void hasNoLastEventSequenceBeforeTheFirstEvent() {
        assertThat(read((FleetTransaction tx) -> tx.deployments().lastEventSequence()))
                .isZero();
    }

    @Test
    void keepsTheHistoryInOrderWithGlobalSequences() {
        Deployment a = add(1, 1, Duration.ZERO);
        Deployment b = add(2, 2, Duration.ZERO);
        DeploymentEvent a1 = write(
                (FleetTransaction tx) -> tx.deployments().addEvent(a, EventType.CREATED, "hostname assigned", T0));
        DeploymentEvent b1 = write((FleetTransaction tx) -> tx.deployments().addEvent(b, EventType.CREATED, "", T0));
        Deployment aDownloading = with(a, DeploymentStatus.DOWNLOADING, Duration.ofSeconds(3));
        DeploymentEvent a2 = write((FleetTransaction tx) -> {
            tx.deployments().update(aDownloading);
            return tx.deployments().addEvent(aDownloading, EventType.STATUS_CHANGED, "download", T0.plusSeconds(3));
        });

        assertThat(read((FleetTransaction tx) -> tx.deployments().history(a.id())))
                .containsExactly(a1, a2);
        assertThat(a2.status()).isEqualTo(DeploymentStatus.DOWNLOADING);
        assertThat(a1.sequence()).isLessThan(b1.sequence());
        assertThat(b1.sequence()).isLessThan(a2.sequence());
        assertThat(read((FleetTransaction tx) -> tx.deployments().eventsAfter(a1.sequence(), 10)))
                .containsExactly(b1, a2);
        assertThat(read((FleetTransaction tx) -> tx.deployments().eventsAfter(0, 1)))
                .containsExactly(a1);
        assertThat(read((FleetTransaction tx) -> tx.deployments().lastEventSequence()))
                .isEqualTo(a2.sequence());
        assertThat(read((FleetTransaction tx) -> tx.deployments().history(new DeploymentId(424242))))
                .isEmpty();
    }

    @Test
    void countsDeploymentsPerVenueProductAndStatus() {
        Deployment a = add(1, 1, Duration.ZERO);
        add(2, 2, Duration.ZERO);
        write((FleetTransaction tx) -> tx.deployments().add(newDeployment(3, LEMA, RXP2, 3, T0)));
        writeVoid(tx -> tx.deployments().update(with(a, DeploymentStatus.FAILED, Duration.ofMinutes(1))));

        assertThat(read((FleetTransaction tx) -> tx.deployments().statusCounts()))
                .containsExactlyInAnyOrder(
                        new StatusCount(CORO, KXP2, DeploymentStatus.STARTED, 1),
                        new StatusCount(CORO, KXP2, DeploymentStatus.FAILED, 1),
                        new StatusCount(LEMA, RXP2, DeploymentStatus.STARTED, 1));
    }
}

package pideploy.deploy.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static pideploy.deploy.core.fixture.FleetFixtures.CORO;
import static pideploy.deploy.core.fixture.FleetFixtures.KXP2;
import static pideploy.deploy.core.fixture.FleetFixtures.LEMA;
import static pideploy.deploy.core.fixture.FleetFixtures.RXP2;
import static pideploy.deploy.core.fixture.FleetFixtures.SXP1;
import static pideploy.deploy.core.fixture.FleetFixtures.T0;
import static pideploy.deploy.core.fixture.FleetFixtures.device;
import static pideploy.deploy.core.fixture.FleetFixtures.mac;
import static pideploy.deploy.core.fixture.FleetFixtures.serial;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pideploy.deploy.core.batch.Batch;
import pideploy.deploy.core.batch.BatchState;
import pideploy.deploy.core.deployment.CardIdentity;
import pideploy.deploy.core.deployment.Deployment;
import pideploy.deploy.core.deployment.DeploymentFilter;
import pideploy.deploy.core.deployment.DeploymentStatus;
import pideploy.deploy.core.deployment.DeviceProof;
import pideploy.deploy.core.deployment.DeviceSecret;
import pideploy.deploy.core.deployment.EventType;
import pideploy.deploy.core.deployment.FailureStep;
import pideploy.deploy.core.deployment.ProofFailure;
import pideploy.deploy.core.device.DeviceIdentity;
import pideploy.deploy.core.device.SerialNumber;
import pideploy.deploy.core.fake.InMemoryAuditLog;
import pideploy.deploy.core.fake.InMemoryImageStore;
import pideploy.deploy.core.fake.MutableClock;
import pideploy.deploy.core.fake.RecordingEventPublisher;
import pideploy.deploy.core.fixture.FleetFixtures;
import pideploy.deploy.core.hostname.Hostname;
import pideploy.deploy.core.image.CustomizationMethod;
import pideploy.deploy.core.image.ImageState;
import pideploy.deploy.core.image.ImageVersion;
import pideploy.deploy.core.image.MasterImage;
import pideploy.deploy.core.pool.PoolCounts;
import pideploy.deploy.core.pool.PoolEntryState;
import pideploy.deploy.core.pool.PoolFilter;
import pideploy.deploy.core.port.FleetStoreFixture;
import pideploy.deploy.core.product.HostnameStrategy;
import pideploy.deploy.core.product.ProductCode;
import pideploy.deploy.core.server.ServerName;
import pideploy.deploy.core.venue.VenueCode;

/** The deploy core's use cases over any {@link pideploy.deploy.core.port.FleetStore}: the rules of docs/domain.md. */
public abstract class DeployCoreContract extends FleetStoreFixture {
    protected InMemoryImageStore images;
    protected MutableClock clock;
    protected RecordingEventPublisher events;
    protected DeployCore core;
    protected InMemoryAuditLog audit;

    @BeforeEach
    void buildCore() throws IOException {
        clock = new MutableClock(T0);
        events = new RecordingEventPublisher();
        images = new InMemoryImageStore();
        audit = new InMemoryAuditLog();
        core = DeployCore.create(
                store,
                images,
                events,
                clock,
                CoreSettings.DEFAULTS,
                pideploy.deploy.core.port.ImageDecoder.RAW_ONLY,
                pideploy.deploy.core.port.ImageShrinker.NONE,
                pideploy.deploy.core.port.ImageIdentityReset.NONE,
                audit);
        FleetFixtures.seed(store);
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    protected void importPool(VenueCode venue, ProductCode product, String numbers) {
        assertThat(core.importPool().importNumbers(ImportPoolCommand.parse(venue, product, numbers)))
                .isInstanceOf(PoolImport.Imported.class);
    }

    protected MasterImage registerActive(ProductCode product, String version, byte[] content) {
        var outcome = core.registerImage()
                .register(new RegisterImageCommand(
                        product,
                        ImageVersion.of(version),
                        product.value().toLowerCase() + ".img",
                        new ByteArrayInputStream(content),
                        "",
                        Optional.empty(),
                        true));
        assertThat(outcome).isInstanceOf(ImageRegistration.Registered.class);
        return ((ImageRegistration.Registered) outcome).image();
    }

    protected void activeImages() {
        registerActive(KXP2, "1.0", "kxp2 image".getBytes());
        registerActive(RXP2, "1.0", "rxp2 image".getBytes());
        registerActive(SXP1, "1.0", "sxp1 image".getBytes());
    }

    protected ConfigAnswer ask(long device, VenueCode venue, ProductCode product) {
        return core.answerConfig().answer(ConfigRequest.of(product, venue, FleetFixtures.device(device)));
    }

    protected ConfigAnswer.Assigned assigned(ConfigAnswer answer) {
        assertThat(answer).isInstanceOf(ConfigAnswer.Assigned.class);
        return (ConfigAnswer.Assigned) answer;
    }

    protected Batch startedBatch(VenueCode venue, ProductCode product, int count, int priority) {
        var created = core.createBatch().create(new CreateBatchCommand(venue, product, count, priority));
        assertThat(created).isInstanceOf(BatchCreation.Created.class);
        var started = core.changeBatchState()
                .change(((BatchCreation.Created) created).batch().id(), BatchAction.START);
        assertThat(started).isInstanceOf(BatchChange.Changed.class);
        return ((BatchChange.Changed) started).batch();
    }

    private long attempts(SerialNumber serial) {
        return core.findDeployments()
                .find(DeploymentFilter.all(1000).withSerial(serial))
                .total();
    }

    // ---- assignment ----------------------------------------------------------------------------------------

    @Test
    void assignsTheLowestPoolNumberAndRecordsAStartedAttempt() {
        activeImages();
        importPool(CORO, KXP2, "7,1000,999,14");

        var a = assigned(ask(1, CORO, KXP2));

        assertThat(a.hostname()).isEqualTo(Hostname.of("KXP2-CORO-007"));
        assertThat(a.newHostname()).isTrue();
        assertThat(a.deployment().status()).isEqualTo(DeploymentStatus.STARTED);
        assertThat(a.deployment().serial()).contains(serial(1));
        assertThat(a.image().version()).isEqualTo(ImageVersion.of("1.0"));
        assertThat(a.deployment().bytesTotal()).isEqualTo(a.image().sizeBytes());
        assertThat(events.changes()).last().satisfies(c -> {
            assertThat(c.deployment()).isEqualTo(a.deployment());
            assertThat(c.event().type()).isEqualTo(EventType.CREATED);
        });
        assertThat(assigned(ask(2, CORO, KXP2)).hostname().value()).isEqualTo("KXP2-CORO-014");
        assertThat(assigned(ask(3, CORO, KXP2)).hostname().value()).isEqualTo("KXP2-CORO-999");
        assertThat(assigned(ask(4, CORO, KXP2)).hostname().value()).isEqualTo("KXP2-CORO-1000");
    }

    @Test
    void recordsWhichServerAnsweredEachAttempt() {
        activeImages();
        importPool(CORO, KXP2, "1-10");
        DeployCore stationB = DeployCore.create(
                store, images, events, clock, CoreSettings.DEFAULTS.withServerName(ServerName.of("station-b")));

        var viaB = assigned(stationB.answerConfig().answer(ConfigRequest.of(KXP2, CORO, FleetFixtures.device(1))));
        var unnamed = assigned(ask(1, CORO, KXP2));

        assertThat(viaB.deployment().answeredBy()).contains(ServerName.of("station-b"));
        assertThat(core.findDeployments().history(viaB.deployment().id()))
                .map(h -> h.deployment().answeredBy())
                .contains(Optional.of(ServerName.of("station-b")));
        assertThat(unnamed.deployment().answeredBy()).isEmpty();
    }

    @Test
    void givesAHeldHostnameBackOnEveryRequestAndRecordsEachAttempt() {
        activeImages();
        importPool(CORO, KXP2, "1-10");

        Hostname first = assigned(ask(1, CORO, KXP2)).hostname();
        for (int i = 0; i < 4; i++) {
            var again = assigned(ask(1, LEMA, RXP2));
            assertThat(again.hostname()).isEqualTo(first);
            assertThat(again.newHostname()).isFalse();
        }

        assertThat(attempts(serial(1))).isEqualTo(5);
        assertThat(core.listPool().counts()).containsExactly(new PoolCounts(CORO, KXP2, 9, 1, 0));
    }

    @Test
    void recognisesADeviceWithoutSerialByItsMac() {
        activeImages();
        importPool(CORO, KXP2, "1-3");
        DeviceIdentity macOnly = new DeviceIdentity(Optional.empty(), Optional.of(mac(5)));

        Hostname first = assigned(core.answerConfig().answer(ConfigRequest.of(KXP2, CORO, macOnly)))
                .hostname();
        Hostname again = assigned(core.answerConfig().answer(ConfigRequest.of(KXP2, CORO, macOnly)))
                .hostname();
        // Issue 12 / ADR-0042: the same MAC with a serial is not enough to take the MAC-only device's hostname.
        ConfigAnswer withSerial = core.answerConfig().answer(ConfigRequest.of(KXP2, CORO, device(5)));

        assertThat(again).isEqualTo(first);
        assertThat(withSerial).isInstanceOf(ConfigAnswer.Unproven.class);
    }

    @Test
    void letTheActiveBatchDecideVenueAndProductUntilItCompletes() {
        activeImages();
        importPool(LEMA, RXP2, "1-5");
        importPool(CORO, KXP2, "1-5");
        Batch batch = startedBatch(LEMA, RXP2, 2, 0);

        var first = assigned(ask(1, CORO, KXP2));
        var second = assigned(ask(2, null, null));
        var third = assigned(ask(3, CORO, KXP2));

        assertThat(first.hostname().value()).isEqualTo("RXP2-LEMA-001");
        assertThat(first.deployment().batch()).contains(batch.id());
        assertThat(second.hostname().value()).isEqualTo("RXP2-LEMA-002");
        assertThat(third.hostname().value()).isEqualTo("KXP2-CORO-001");
        assertThat(third.deployment().batch()).isEmpty();
        Batch done = core.listBatches().find(batch.id()).orElseThrow();
        assertThat(done.remaining()).isZero();
        assertThat(done.state()).isEqualTo(BatchState.COMPLETED);
    }

    @Test
    void doesNotCountARetryAgainstTheBatch() {
        activeImages();
        importPool(CORO, KXP2, "1-5");
        Batch batch = startedBatch(CORO, KXP2, 3, 0);

        ask(1, null, null);
        ask(1, null, null);
        ask(1, null, null);

        assertThat(core.listBatches().find(batch.id()).orElseThrow().remaining())
                .isEqualTo(2);
    }

    @Test
    void letsTheHighestPriorityBatchWinAndTheOlderOneOnTies() {
        activeImages();
        importPool(CORO, KXP2, "1-5");
        importPool(LEMA, RXP2, "1-5");
        importPool(CORO, RXP2, "1-5");
        startedBatch(CORO, KXP2, 5, 1);
        startedBatch(LEMA, RXP2, 5, 7);
        startedBatch(CORO, RXP2, 5, 7);

        assertThat(assigned(ask(1, null, null)).hostname().value()).isEqualTo("RXP2-LEMA-001");
    }

    @Test
    void reportsAnExhaustedPoolWithItsCountsAndRecordsNothing() {
        activeImages();
        importPool(CORO, KXP2, "1-3");
        ask(1, CORO, KXP2);
        ask(2, CORO, KXP2);
        core.retireHostname().retire(Hostname.of("KXP2-CORO-003"));

        var answer = ask(3, CORO, KXP2);

        assertThat(answer).isEqualTo(new ConfigAnswer.PoolExhausted(CORO, KXP2, new PoolCounts(CORO, KXP2, 0, 2, 1)));
        assertThat(((ConfigAnswer.PoolExhausted) answer).message()).contains("2 of 2", "1 retired");
        assertThat(attempts(serial(3))).isZero();
    }

    @Test
    void refusesWithoutBatchAndWithoutVenueOrProduct() {
        activeImages();
        importPool(CORO, KXP2, "1-3");

        assertThat(ask(1, null, KXP2)).isInstanceOf(ConfigAnswer.NoAssignmentRule.class);
        assertThat(ask(1, CORO, null)).isInstanceOf(ConfigAnswer.NoAssignmentRule.class);
        assertThat(attempts(serial(1))).isZero();
    }

    @Test
    void refusesUnknownVenuesAndProducts() {
        activeImages();

        assertThat(ask(1, VenueCode.of("NONE"), KXP2)).isEqualTo(new ConfigAnswer.UnknownVenue(VenueCode.of("NONE")));
        assertThat(ask(1, CORO, ProductCode.of("ZZ99")))
                .isEqualTo(new ConfigAnswer.UnknownProduct(ProductCode.of("ZZ99")));
    }

    @Test
    void refusesAProductWithoutActiveImageBeforeTakingAPoolEntry() {
        importPool(CORO, KXP2, "1-3");

        assertThat(ask(1, CORO, KXP2)).isEqualTo(new ConfigAnswer.NoActiveImage(KXP2));
        assertThat(core.listPool().counts()).containsExactly(new PoolCounts(CORO, KXP2, 3, 0, 0));
    }

    @Test
    void makesSerialHostnamesFromTheLastEightCharacters() {
        activeImages();

        var a = assigned(
                core.answerConfig().answer(ConfigRequest.of(SXP1, CORO, DeviceIdentity.ofSerial("10000000c9c3b1a7f"))));

        assertThat(a.hostname().value()).isEqualTo("SXP1-CORO-9C3B1A7F");
    }

    @Test
    void refusesASerialHostnameThatAnotherDeviceHolds() {
        activeImages();
        assigned(core.answerConfig().answer(ConfigRequest.of(SXP1, CORO, DeviceIdentity.ofSerial("aaaa00001234abcd"))));

        var clash =
                core.answerConfig().answer(ConfigRequest.of(SXP1, CORO, DeviceIdentity.ofSerial("bbbb00001234abcd")));

        assertThat(clash)
                .isInstanceOfSatisfying(
                        ConfigAnswer.HostnameConflict.class,
                        c -> assertThat(c.hostname().value()).isEqualTo("SXP1-CORO-1234ABCD"));
    }

    @Test
    void releaseReturnsTheHostnameToThePoolAndDetachesTheDevice() {
        activeImages();
        importPool(CORO, KXP2, "1-2");
        Hostname h1 = assigned(ask(1, CORO, KXP2)).hostname();
        ask(2, CORO, KXP2);

        assertThat(core.releaseHostname().release(h1))
                .isEqualTo(new HostnameRelease.Released(h1, Optional.of(device(1))));

        assertThat(assigned(ask(3, CORO, KXP2)).hostname()).isEqualTo(h1);
        assertThat(ask(1, CORO, KXP2)).isInstanceOf(ConfigAnswer.PoolExhausted.class);
        assertThat(core.releaseHostname().release(Hostname.of("KXP2-CORO-777")))
                .isInstanceOf(HostnameRelease.NotFound.class);
    }

    @Test
    void poolListNamesTheDeviceHoldingEachAssignedEntry() {
        activeImages();
        importPool(CORO, KXP2, "1-3");
        Hostname held = assigned(ask(2, CORO, KXP2)).hostname();

        var listed = core.listPool().listWithHolders(PoolFilter.venue(CORO));

        assertThat(listed).hasSize(3);
        assertThat(listed)
                .filteredOn(e -> e.entry().hostname().equals(held))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.holder()).isPresent();
                    assertThat(e.holder().orElseThrow().identity()).isEqualTo(FleetFixtures.device(2));
                    assertThat(e.entry().holder())
                            .hasValue(e.holder().orElseThrow().id());
                });
        assertThat(listed)
                .filteredOn(e -> !e.entry().hostname().equals(held))
                .allSatisfy(e -> assertThat(e.holder()).isEmpty());
    }

    @Test
    void neverHandsOutARetiredHostnameAgain() {
        activeImages();
        importPool(CORO, KXP2, "1-2");
        Hostname h1 = assigned(ask(1, CORO, KXP2)).hostname();

        assertThat(core.retireHostname().retire(h1)).isInstanceOf(HostnameRetirement.Retired.class);

        assertThat(core.releaseHostname().release(h1)).isEqualTo(new HostnameRelease.Retired(h1));
        assertThat(core.retireHostname().retire(h1)).isEqualTo(new HostnameRetirement.AlreadyRetired(h1));
        assertThat(assigned(ask(1, CORO, KXP2)).hostname().value()).isEqualTo("KXP2-CORO-002");
        assertThat(ask(2, CORO, KXP2)).isInstanceOf(ConfigAnswer.PoolExhausted.class);
        assertThat(importedAgain(CORO, KXP2, "1")).isEqualTo(new PoolImport.Imported(CORO, KXP2, 0, 1));
    }

    private PoolImport importedAgain(VenueCode venue, ProductCode product, String numbers) {
        return core.importPool().importNumbers(ImportPoolCommand.parse(venue, product, numbers));
    }

    @Test
    void answersEvenWhenALiveSubscriberFails() {
        activeImages();
        importPool(CORO, KXP2, "1-3");
        DeployCore failing = DeployCore.create(
                store,
                images,
                change -> {
                    throw new IllegalStateException("subscriber gone");
                },
                clock,
                CoreSettings.DEFAULTS);

        var a = assigned(failing.answerConfig().answer(ConfigRequest.of(KXP2, CORO, device(1))));

        assertThat(failing.recordStatus().record(StatusReport.of(a.deployment().id(), DeploymentStatus.DOWNLOADING)))
                .isInstanceOf(StatusAnswer.Recorded.class);
        assertThat(attempts(serial(1))).isEqualTo(1);
    }

    // ---- pools ---------------------------------------------------------------------------------------------

    @Test
    void importsRangesAndListsAndSkipsExistingNumbers() {
        assertThat(importedAgain(CORO, KXP2, "1-50,77,100-120")).isEqualTo(new PoolImport.Imported(CORO, KXP2, 72, 0));
        assertThat(importedAgain(CORO, KXP2, "45-55")).isEqualTo(new PoolImport.Imported(CORO, KXP2, 5, 6));
        assertThat(core.listPool().list(PoolFilter.venue(CORO)))
                .hasSize(77)
                .allSatisfy(e -> assertThat(e.state()).isEqualTo(PoolEntryState.AVAILABLE));
    }

    @Test
    void refusesPoolsForUnknownVenuesAndSerialProducts() {
        assertThat(importedAgain(VenueCode.of("NONE"), KXP2, "1")).isInstanceOf(PoolImport.UnknownVenue.class);
        assertThat(importedAgain(CORO, ProductCode.of("ZZ99"), "1")).isInstanceOf(PoolImport.UnknownProduct.class);
        assertThat(importedAgain(CORO, SXP1, "1")).isEqualTo(new PoolImport.NotAPoolProduct(SXP1));
    }

    // ---- batches -------------------------------------------------------------------------------------------

    @Test
    void refusesAPoolBatchLargerThanThePoolsAvailableHostnames() {
        importPool(CORO, KXP2, "1-3");

        assertThat(core.createBatch().create(new CreateBatchCommand(CORO, KXP2, 4, 0)))
                .isEqualTo(new BatchCreation.NotEnoughHostnames(CORO, KXP2, 4, 3));
        assertThat(core.createBatch().create(new CreateBatchCommand(CORO, SXP1, 400, 0)))
                .isInstanceOf(BatchCreation.Created.class);
    }

    @Test
    void followsTheBatchStateMachine() {
        importPool(CORO, KXP2, "1-3");
        Batch b = ((BatchCreation.Created) core.createBatch().create(new CreateBatchCommand(CORO, KXP2, 3, 0))).batch();

        assertThat(core.changeBatchState().change(b.id(), BatchAction.PAUSE))
                .isEqualTo(new BatchChange.InvalidTransition(b.id(), BatchState.PENDING, BatchState.PAUSED));
        assertThat(core.changeBatchState().change(b.id(), BatchAction.START)).isInstanceOf(BatchChange.Changed.class);
        assertThat(core.changeBatchState().change(b.id(), BatchAction.PAUSE)).isInstanceOf(BatchChange.Changed.class);
        assertThat(core.setBatchPriority().set(b.id(), 9))
                .isInstanceOfSatisfying(
                        BatchChange.Changed.class,
                        c -> assertThat(c.batch().priority()).isEqualTo(9));
        assertThat(core.changeBatchState().change(b.id(), BatchAction.CANCEL)).isInstanceOf(BatchChange.Changed.class);
        assertThat(core.changeBatchState().change(b.id(), BatchAction.START))
                .isEqualTo(new BatchChange.InvalidTransition(b.id(), BatchState.CANCELLED, BatchState.ACTIVE));
        assertThat(core.changeBatchState().change(new pideploy.deploy.core.batch.BatchId(999), BatchAction.START))
                .isInstanceOf(BatchChange.NotFound.class);
    }

    private Batch pendingBatch(int priority) {
        return ((BatchCreation.Created) core.createBatch().create(new CreateBatchCommand(CORO, KXP2, 1, priority)))
                .batch();
    }

    private java.util.List<Long> servingOrder() {
        return core.listBatches().list().stream()
                .filter(b -> b.state() != BatchState.COMPLETED && b.state() != BatchState.CANCELLED)
                .sorted(SetBatchPriority.SERVING_ORDER)
                .map(b -> b.id().value())
                .toList();
    }

    @Test
    void movesABatchOnePlaceUpOrDownInServingOrderEvenAmongEqualPriorities() {
        importPool(CORO, KXP2, "1-10");
        Batch a = pendingBatch(5);
        Batch n = pendingBatch(5);
        Batch t = pendingBatch(3);
        Batch last = pendingBatch(0);
        Batch cancelled = pendingBatch(4);
        core.changeBatchState().change(cancelled.id(), BatchAction.CANCEL);
        long ia = a.id().value(),
                in = n.id().value(),
                it = t.id().value(),
                il = last.id().value();
        assertThat(servingOrder()).containsExactly(ia, in, it, il);

        assertThat(core.setBatchPriority().move(t.id(), BatchMove.Direction.UP))
                .isInstanceOfSatisfying(
                        BatchMove.Moved.class,
                        m -> assertThat(m.changed().getFirst().id()).isEqualTo(t.id()));
        assertThat(servingOrder()).as("only t and n swapped").containsExactly(ia, it, in, il);
        assertThat(core.setBatchPriority().move(t.id(), BatchMove.Direction.UP)).isInstanceOf(BatchMove.Moved.class);
        assertThat(servingOrder()).containsExactly(it, ia, in, il);
        assertThat(core.setBatchPriority().move(t.id(), BatchMove.Direction.UP))
                .isEqualTo(new BatchMove.AtEdge(t.id(), BatchMove.Direction.UP));

        assertThat(core.setBatchPriority().move(a.id(), BatchMove.Direction.DOWN))
                .isInstanceOf(BatchMove.Moved.class);
        assertThat(servingOrder()).containsExactly(it, in, ia, il);
        assertThat(core.setBatchPriority().move(last.id(), BatchMove.Direction.DOWN))
                .isEqualTo(new BatchMove.AtEdge(last.id(), BatchMove.Direction.DOWN));
        assertThat(core.setBatchPriority().move(cancelled.id(), BatchMove.Direction.UP))
                .isEqualTo(new BatchMove.Closed(cancelled.id(), BatchState.CANCELLED));
        assertThat(core.setBatchPriority().move(new pideploy.deploy.core.batch.BatchId(999), BatchMove.Direction.UP))
                .isInstanceOf(BatchMove.NotFound.class);
    }

    // ---- the batch circuit breaker (ADR-0058) ------------------------------------------------------------------

    private Batch breakerBatch(Optional<pideploy.deploy.core.deployment.CircuitBreaker> breaker) {
        activeImagesOnce();
        importPool(CORO, KXP2, "1-20");
        var created = core.createBatch().create(new CreateBatchCommand(CORO, KXP2, 20, 0, breaker));
        Batch b = ((BatchCreation.Created) created).batch();
        assertThat(core.changeBatchState().change(b.id(), BatchAction.START)).isInstanceOf(BatchChange.Changed.class);
        return b;
    }

    /** A device of the batch asks and then ends as {@code outcome}: F write failure, V verify failure, S success. */
    private StatusAnswer runOne(long device, char outcome) {
        clock.advance(Duration.ofSeconds(10));
        Deployment d = assigned(core.answerConfig().answer(ConfigRequest.of(KXP2, LEMA, FleetFixtures.device(device))))
                .deployment();
        return report(
                switch (outcome) {
                    case 'F' ->
                        StatusReport.of(d.id(), DeploymentStatus.FAILED).withFailure(FailureStep.WRITE, "write error");
                    case 'V' ->
                        StatusReport.of(d.id(), DeploymentStatus.FAILED)
                                .withFailure(FailureStep.VERIFY, "sha256 mismatch");
                    default -> StatusReport.of(d.id(), DeploymentStatus.SUCCESS);
                });
    }

    private BatchState stateOf(Batch b) {
        return core.listBatches().find(b.id()).orElseThrow().state();
    }

    @Test
    void pausesTheBatchWhenItsBreakerTripsWithTheReasonAndAnAuditEntry() {
        Batch b = breakerBatch(Optional.of(new pideploy.deploy.core.deployment.CircuitBreaker(3, 5)));

        runOne(1, 'F');
        runOne(2, 'S');
        runOne(3, 'V');
        assertThat(stateOf(b)).isEqualTo(BatchState.ACTIVE);
        runOne(4, 'F');

        assertThat(stateOf(b)).isEqualTo(BatchState.PAUSED);
        assertThat(core.listBatches().breaker(b.id()).trippedReason())
                .contains("3 of the last 4 deployments failed (write 2, verify 1)");
        assertThat(core.listBatches().breakers().get(b.id()).trippedReason()).isPresent();
        assertThat(audit.query(pideploy.deploy.core.operator.AuditQuery.latest(10)))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.actor()).isEqualTo(RecordStatus.AUDIT_ACTOR);
                    assertThat(e.action()).isEqualTo("batch.breaker_tripped");
                    assertThat(e.target()).isEqualTo(b.id().toString());
                    assertThat(e.detail())
                            .startsWith("3 of the last 4 deployments failed")
                            .contains("KXP2-CORO-");
                });
        // Paused, the batch no longer decides: the next device gets what it asks for (LEMA has no pool: refused).
        assertThat(core.answerConfig().answer(ConfigRequest.of(KXP2, LEMA, FleetFixtures.device(5))))
                .isNotInstanceOf(ConfigAnswer.Assigned.class);
    }

    @Test
    void countsAfreshAfterAResumeAndForgetsTheTrip() {
        Batch b = breakerBatch(Optional.of(new pideploy.deploy.core.deployment.CircuitBreaker(2, 3)));
        runOne(1, 'F');
        runOne(2, 'F');
        assertThat(stateOf(b)).isEqualTo(BatchState.PAUSED);

        clock.advance(Duration.ofSeconds(1));
        assertThat(core.changeBatchState().change(b.id(), BatchAction.START)).isInstanceOf(BatchChange.Changed.class);

        assertThat(core.listBatches().breaker(b.id()).trippedReason()).isEmpty();
        runOne(3, 'F');
        assertThat(stateOf(b)).isEqualTo(BatchState.ACTIVE);
        runOne(4, 'F');
        assertThat(stateOf(b)).isEqualTo(BatchState.PAUSED);
        assertThat(core.listBatches().breaker(b.id()).trippedReason())
                .contains("2 of the last 2 deployments failed (write 2)");
    }

    @Test
    void neverPausesABatchWhoseBreakerIsOffAndTakesANewRuleOrAnUnknownBatch() {
        Batch b = breakerBatch(Optional.empty());
        for (int i = 1; i <= 6; i++) {
            runOne(i, 'F');
        }
        assertThat(stateOf(b)).isEqualTo(BatchState.ACTIVE);
        assertThat(audit.query(pideploy.deploy.core.operator.AuditQuery.latest(10)))
                .isEmpty();

        assertThat(core.changeBatchState()
                        .setBreaker(b.id(), Optional.of(new pideploy.deploy.core.deployment.CircuitBreaker(1, 1))))
                .isInstanceOf(BatchChange.Changed.class);
        assertThat(core.listBatches().breaker(b.id()).rule())
                .contains(new pideploy.deploy.core.deployment.CircuitBreaker(1, 1));
        // The rule counts from when it was set: the six failures before it do not trip it; the next one does.
        runOne(7, 'S');
        assertThat(stateOf(b)).isEqualTo(BatchState.ACTIVE);
        runOne(8, 'F');
        assertThat(stateOf(b)).isEqualTo(BatchState.PAUSED);
        assertThat(core.changeBatchState().setBreaker(new pideploy.deploy.core.batch.BatchId(999), Optional.empty()))
                .isInstanceOf(BatchChange.NotFound.class);
    }

    @Test
    void countsADeploymentInFlightSilentForTheStallTimeAsStalledUntilItReports() {
        Deployment d = deployed(1);
        report(StatusReport.of(d.id(), DeploymentStatus.DOWNLOADING));
        Deployment done = deployed(2);
        report(StatusReport.of(done.id(), DeploymentStatus.SUCCESS));

        clock.advance(CoreSettings.DEFAULT_STALL_AFTER.minusSeconds(1));
        assertThat(core.summarizeFleet().summarize().stalled()).isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(core.summarizeFleet().summarize().stalled()).isEqualTo(1);
        assertThat(core.summarizeFleet().stalled()).extracting(Deployment::id).containsExactly(d.id());
        assertThat(core.summarizeFleet().summarize().stallAfter()).isEqualTo(CoreSettings.DEFAULT_STALL_AFTER);

        report(StatusReport.of(d.id(), DeploymentStatus.VERIFYING));
        assertThat(core.summarizeFleet().summarize().stalled()).isZero();
    }

    @Test
    void givesANewBatchTheDefaultBreaker() {
        importPool(CORO, KXP2, "1-3");
        Batch b = ((BatchCreation.Created) core.createBatch().create(new CreateBatchCommand(CORO, KXP2, 3, 0))).batch();

        assertThat(core.listBatches().breaker(b.id()).rule())
                .contains(pideploy.deploy.core.deployment.CircuitBreaker.DEFAULT);
    }

    @Test
    void refusesToStartABatchWhenThePoolShrankBelowItsRemainingCount() {
        importPool(CORO, KXP2, "1-3");
        Batch b = ((BatchCreation.Created) core.createBatch().create(new CreateBatchCommand(CORO, KXP2, 3, 0))).batch();
        core.retireHostname().retire(Hostname.of("KXP2-CORO-001"));

        assertThat(core.changeBatchState().change(b.id(), BatchAction.START))
                .isEqualTo(new BatchChange.NotEnoughHostnames(b.id(), CORO, KXP2, 3, 2));
    }

    // ---- status reports ------------------------------------------------------------------------------------

    private Deployment deployed(long device) {
        activeImagesOnce();
        return assigned(ask(device, CORO, KXP2)).deployment();
    }

    private boolean imagesReady;

    private void activeImagesOnce() {
        if (!imagesReady) {
            activeImages();
            importPool(CORO, KXP2, "1-20");
            imagesReady = true;
        }
    }

    private StatusAnswer report(StatusReport r) {
        return core.recordStatus().record(r);
    }

    @Test
    void movesTheStatusForwardAndKeepsEveryStepInTheHistory() {
        Deployment d = deployed(1);

        for (DeploymentStatus s : List.of(
                DeploymentStatus.STARTED,
                DeploymentStatus.DOWNLOADING,
                DeploymentStatus.VERIFYING,
                DeploymentStatus.CUSTOMIZING,
                DeploymentStatus.SUCCESS,
                DeploymentStatus.BOOTED)) {
            clock.advance(Duration.ofSeconds(10));
            assertThat(report(StatusReport.of(d.id(), s))).isInstanceOf(StatusAnswer.Recorded.class);
        }

        var history = core.findDeployments().history(d.id()).orElseThrow();
        assertThat(history.deployment().status()).isEqualTo(DeploymentStatus.BOOTED);
        assertThat(history.deployment().finishedAt()).contains(T0.plusSeconds(50));
        assertThat(history.deployment().bootedAt()).contains(T0.plusSeconds(60));
        assertThat(history.events())
                .extracting(e -> e.status())
                .containsExactly(
                        DeploymentStatus.STARTED,
                        DeploymentStatus.STARTED,
                        DeploymentStatus.DOWNLOADING,
                        DeploymentStatus.VERIFYING,
                        DeploymentStatus.CUSTOMIZING,
                        DeploymentStatus.SUCCESS,
                        DeploymentStatus.BOOTED);
        assertThat(history.events())
                .extracting(e -> e.type())
                .containsExactly(
                        EventType.CREATED,
                        EventType.PROGRESS,
                        EventType.STATUS_CHANGED,
                        EventType.STATUS_CHANGED,
                        EventType.STATUS_CHANGED,
                        EventType.STATUS_CHANGED,
                        EventType.STATUS_CHANGED);
        assertThat(events.changes()).hasSize(7);
    }

    @Test
    void acceptsProgressUpdatesInTheSameStatus() {
        Deployment d = deployed(1);
        report(StatusReport.of(d.id(), DeploymentStatus.DOWNLOADING).withBytes(1000, 4000));

        var answer = report(StatusReport.of(d.id(), DeploymentStatus.DOWNLOADING)
                .withBytes(2500, 4000)
                .withCard(new CardIdentity("0353445343", "SC32G", "0x03"), 20e6));

        assertThat(answer).isInstanceOfSatisfying(StatusAnswer.Recorded.class, r -> {
            assertThat(r.deployment().bytesDone()).isEqualTo(2500);
            assertThat(r.deployment().bytesTotal()).isEqualTo(4000);
            assertThat(r.deployment().card()).contains(new CardIdentity("0353445343", "SC32G", "0x03"));
            assertThat(r.deployment().writeRate()).hasValue(20e6);
        });
        assertThat(events.changes())
                .last()
                .satisfies(c -> assertThat(c.event().bytesDone()).isEqualTo(2500));
    }

    @Test
    void refusesBackwardMovesAndChangesNothing() {
        Deployment d = deployed(1);
        report(StatusReport.of(d.id(), DeploymentStatus.VERIFYING));
        int published = events.changes().size();

        var answer = report(StatusReport.of(d.id(), DeploymentStatus.DOWNLOADING));

        assertThat(answer)
                .isInstanceOfSatisfying(
                        StatusAnswer.InvalidTransition.class,
                        t -> assertThat(t.message()).contains("verifying", "downloading"));
        assertThat(core.findDeployments()
                        .history(d.id())
                        .orElseThrow()
                        .deployment()
                        .status())
                .isEqualTo(DeploymentStatus.VERIFYING);
        assertThat(events.changes()).hasSize(published);
    }

    @Test
    void acceptsFailedBeforeSuccessOnlyAndBootedAfterSuccessOnly() {
        Deployment a = deployed(1);
        Deployment b = deployed(2);

        assertThat(report(StatusReport.of(a.id(), DeploymentStatus.BOOTED)))
                .isInstanceOf(StatusAnswer.InvalidTransition.class);
        var failed = report(
                StatusReport.of(a.id(), DeploymentStatus.FAILED).withFailure(FailureStep.VERIFY, "sha256 mismatch"));
        assertThat(failed).isInstanceOfSatisfying(StatusAnswer.Recorded.class, r -> {
            assertThat(r.deployment().failureStep()).contains(FailureStep.VERIFY);
            assertThat(r.deployment().errorMessage()).isEqualTo("sha256 mismatch");
            assertThat(r.deployment().finishedAt()).isPresent();
        });
        assertThat(report(StatusReport.of(a.id(), DeploymentStatus.SUCCESS)))
                .isInstanceOf(StatusAnswer.InvalidTransition.class);
        report(StatusReport.of(b.id(), DeploymentStatus.SUCCESS));
        assertThat(report(StatusReport.of(b.id(), DeploymentStatus.FAILED)))
                .isInstanceOf(StatusAnswer.InvalidTransition.class);
    }

    @Test
    void meansTheLatestAttemptWhenNoDeploymentIdIsSent() {
        Deployment first = deployed(1);
        Deployment second = deployed(1);

        var bySerial =
                report(StatusReport.of(first.id(), DeploymentStatus.DOWNLOADING).bySerial(serial(1)));
        var byHostname =
                report(StatusReport.of(first.id(), DeploymentStatus.VERIFYING).byHostname(first.hostname()));

        assertThat(bySerial)
                .isInstanceOfSatisfying(
                        StatusAnswer.Recorded.class,
                        r -> assertThat(r.deployment().id()).isEqualTo(second.id()));
        assertThat(byHostname)
                .isInstanceOfSatisfying(
                        StatusAnswer.Recorded.class,
                        r -> assertThat(r.deployment().id()).isEqualTo(second.id()));
        assertThat(core.findDeployments()
                        .history(first.id())
                        .orElseThrow()
                        .deployment()
                        .status())
                .isEqualTo(DeploymentStatus.STARTED);
    }

    @Test
    void reportsUnknownDeployments() {
        assertThat(report(StatusReport.of(
                        new pideploy.deploy.core.deployment.DeploymentId(4242), DeploymentStatus.DOWNLOADING)))
                .isInstanceOf(StatusAnswer.UnknownDeployment.class);
        assertThat(report(StatusReport.of(new pideploy.deploy.core.deployment.DeploymentId(1), DeploymentStatus.BOOTED)
                        .bySerial(serial(77))))
                .isInstanceOf(StatusAnswer.UnknownDeployment.class);
    }

    // ---- device proof (ADR-0042) ----------------------------------------------------------------------------

    private ConfigAnswer.Assigned proven(long device) {
        activeImagesOnce();
        return assigned(core.answerConfig()
                .answer(ConfigRequest.of(KXP2, CORO, FleetFixtures.device(device))
                        .provingIdentity()));
    }

    private Deployment stored(Deployment d) {
        return core.findDeployments().history(d.id()).orElseThrow().deployment();
    }

    @Test
    void aClientThatAnnouncesTheProtocolGetsAFreshSecretOfWhichOnlyTheHashIsKept() {
        var first = proven(1);
        var again = proven(1);
        Deployment legacy = deployed(2);

        DeviceSecret secret = first.secret().orElseThrow();
        assertThat(stored(first.deployment()).proof().verified()).isTrue();
        assertThat(secret.matches(
                        stored(first.deployment()).proof().secretSha256().orElseThrow()))
                .isTrue();
        assertThat(stored(first.deployment()).proof().secretSha256()).isNotEqualTo(Optional.of(secret.value()));
        assertThat(again.secret().orElseThrow()).isNotEqualTo(secret);
        assertThat(again.hostname()).isEqualTo(first.hostname());
        assertThat(stored(legacy).proof()).isEqualTo(DeviceProof.LEGACY);
    }

    @Test
    void aProvenDeploymentRefusesReportsWithoutItsSecretOrWithAnotherAndCountsThem() {
        var a = proven(1);
        DeviceSecret other = proven(2).secret().orElseThrow();

        var without = report(StatusReport.of(a.deployment().id(), DeploymentStatus.SUCCESS));
        var wrong = report(
                StatusReport.of(a.deployment().id(), DeploymentStatus.FAILED).withSecret(other));
        var bySerial = report(
                StatusReport.of(a.deployment().id(), DeploymentStatus.SUCCESS).bySerial(serial(1)));

        assertThat(without)
                .isInstanceOfSatisfying(
                        StatusAnswer.Refused.class,
                        r -> assertThat(r.failure()).isEqualTo(ProofFailure.SECRET_MISSING));
        assertThat(wrong)
                .isInstanceOfSatisfying(
                        StatusAnswer.Refused.class, r -> assertThat(r.failure()).isEqualTo(ProofFailure.SECRET_WRONG));
        assertThat(bySerial).isInstanceOf(StatusAnswer.Refused.class);
        assertThat(stored(a.deployment()).status()).isEqualTo(DeploymentStatus.STARTED);
        assertThat(stored(a.deployment()).proof().refusedReports()).isEqualTo(3);
        assertThat(report(StatusReport.of(a.deployment().id(), DeploymentStatus.SUCCESS)
                        .withSecret(a.secret().orElseThrow())))
                .isInstanceOf(StatusAnswer.Recorded.class);
        assertThat(stored(a.deployment()).status()).isEqualTo(DeploymentStatus.SUCCESS);
        assertThat(stored(a.deployment()).proof().refusedReports()).isEqualTo(3);
    }

    @Test
    void bootedMustComeWithTheAssignedHostname() {
        var a = proven(1);
        DeviceSecret secret = a.secret().orElseThrow();
        Deployment legacy = deployed(2);
        report(StatusReport.of(a.deployment().id(), DeploymentStatus.SUCCESS).withSecret(secret));
        report(StatusReport.of(legacy.id(), DeploymentStatus.SUCCESS));
        Hostname elsewhere = Hostname.of("KXP2-CORO-999");

        var unnamed = report(
                StatusReport.of(a.deployment().id(), DeploymentStatus.BOOTED).withSecret(secret));
        var renamed = report(StatusReport.of(a.deployment().id(), DeploymentStatus.BOOTED)
                .withSecret(secret)
                .withHostname(elsewhere));
        var legacyRenamed =
                report(StatusReport.of(legacy.id(), DeploymentStatus.BOOTED).withHostname(elsewhere));

        assertThat(List.of(unnamed, renamed, legacyRenamed))
                .allSatisfy(r -> assertThat(r)
                        .isInstanceOfSatisfying(
                                StatusAnswer.Refused.class,
                                x -> assertThat(x.failure()).isEqualTo(ProofFailure.HOSTNAME_MISMATCH)));
        assertThat(((StatusAnswer.Refused) renamed).message())
                .contains("KXP2-CORO-999", a.hostname().value());
        assertThat(stored(a.deployment()).status()).isEqualTo(DeploymentStatus.SUCCESS);
        assertThat(stored(legacy).proof().refusedReports()).isEqualTo(1);
        assertThat(report(StatusReport.of(a.deployment().id(), DeploymentStatus.BOOTED)
                        .withSecret(secret)
                        .withHostname(a.hostname())))
                .isInstanceOf(StatusAnswer.Recorded.class);
        // A legacy first boot may not name its hostname (old clients), but never another one.
        assertThat(report(StatusReport.of(legacy.id(), DeploymentStatus.BOOTED)))
                .isInstanceOf(StatusAnswer.Recorded.class);
    }

    @Test
    void aDeviceFirstSeenByMacAloneAdoptsASerialOnlyWithItsLatestSecret() {
        activeImagesOnce();
        DeviceIdentity macOnly = new DeviceIdentity(Optional.empty(), Optional.of(mac(9)));
        var first = assigned(
                core.answerConfig().answer(ConfigRequest.of(KXP2, CORO, macOnly).provingIdentity()));
        DeviceIdentity withSerial = new DeviceIdentity(Optional.of(serial(99)), Optional.of(mac(9)));
        ConfigRequest claim = ConfigRequest.of(KXP2, CORO, withSerial).provingIdentity();

        var without = core.answerConfig().answer(claim);
        var wrong =
                core.answerConfig().answer(claim.withSecret(proven(3).secret().orElseThrow()));

        assertThat(without).isInstanceOfSatisfying(ConfigAnswer.Unproven.class, u -> {
            assertThat(u.failure()).isEqualTo(ProofFailure.SECRET_MISSING);
            assertThat(u.message()).contains(first.hostname().value(), "device_secret");
        });
        assertThat(wrong)
                .isInstanceOfSatisfying(
                        ConfigAnswer.Unproven.class,
                        u -> assertThat(u.failure()).isEqualTo(ProofFailure.SECRET_WRONG));
        assertThat(attempts(serial(99))).isZero();
        var back = assigned(core.answerConfig().answer(ConfigRequest.of(KXP2, CORO, macOnly)));
        assertThat(back.hostname()).isEqualTo(first.hostname());

        // The MAC-only device's latest deployment is now the legacy one just made: the first secret is stale.
        var stale = core.answerConfig().answer(claim.withSecret(first.secret().orElseThrow()));
        assertThat(stale).isInstanceOf(ConfigAnswer.Unproven.class);
        var latest = assigned(
                core.answerConfig().answer(ConfigRequest.of(KXP2, CORO, macOnly).provingIdentity()));
        var adopted = assigned(
                core.answerConfig().answer(claim.withSecret(latest.secret().orElseThrow())));
        assertThat(adopted.hostname()).isEqualTo(first.hostname());
        assertThat(adopted.newHostname()).isFalse();
        assertThat(adopted.deployment().serial()).contains(serial(99));
    }

    @Test
    void listsSuccessfulDeploymentsThatNeverBooted() {
        Deployment quiet = deployed(1);
        Deployment booted = deployed(2);
        Deployment recent = deployed(3);
        report(StatusReport.of(quiet.id(), DeploymentStatus.SUCCESS));
        report(StatusReport.of(booted.id(), DeploymentStatus.SUCCESS));
        report(StatusReport.of(booted.id(), DeploymentStatus.BOOTED));
        clock.advance(Duration.ofMinutes(20));
        report(StatusReport.of(recent.id(), DeploymentStatus.SUCCESS));

        assertThat(core.listUnconfirmedDeployments().list())
                .extracting(Deployment::id)
                .containsExactly(quiet.id());
    }

    // ---- images --------------------------------------------------------------------------------------------

    @Test
    void registersAnImageWithItsSizeAndChecksumAndStoresTheBytes() throws Exception {
        byte[] content = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(content);

        var outcome = core.registerImage()
                .register(new RegisterImageCommand(
                        KXP2,
                        ImageVersion.of("2026.11.1"),
                        "KXP2 golden (final).img",
                        new ByteArrayInputStream(content),
                        "first",
                        Optional.empty(),
                        false));

        String expectedSha = sha256(content);
        assertThat(outcome).isInstanceOfSatisfying(ImageRegistration.Registered.class, r -> {
            MasterImage img = r.image();
            assertThat(img.sizeBytes()).isEqualTo(content.length);
            assertThat(img.sha256()).isEqualTo(expectedSha);
            assertThat(img.fileName()).isEqualTo("kxp2-2026.11.1-KXP2_golden__final_.img");
            assertThat(img.state()).isEqualTo(ImageState.INACTIVE);
            assertThat(img.customization()).isEqualTo(CustomizationMethod.FIRSTRUN);
            assertThat(img.customizationOverridden()).isFalse();
        });
        MasterImage stored = core.listImages()
                .findByFileName("kxp2-2026.11.1-KXP2_golden__final_.img")
                .orElseThrow();
        assertThat(images.bytes(stored.fileName()).orElseThrow()).isEqualTo(content);
        assertThat(core.listImages().findByFileName("nope.img")).isEmpty();
    }

    @Test
    void refusesASecondRegistrationOfTheSameVersionAndKeepsTheFirstFile() throws Exception {
        MasterImage first = registerActive(KXP2, "1.0", "one".getBytes());

        var again = core.registerImage()
                .register(new RegisterImageCommand(
                        KXP2,
                        ImageVersion.of("1.0"),
                        "other.img",
                        new ByteArrayInputStream("two".getBytes()),
                        "",
                        Optional.empty(),
                        false));

        assertThat(again).isEqualTo(new ImageRegistration.AlreadyRegistered(KXP2, ImageVersion.of("1.0")));
        assertThat(new String(images.bytes(first.fileName()).orElseThrow())).isEqualTo("one");
        assertThat(images.names()).containsExactly(first.fileName());
        assertThat(images.writing()).as("files still being written").isZero();
    }

    @Test
    void registersNothingAndLeavesNoFileWhenTheUploadBreaksOff() throws Exception {
        InputStream broken = new InputStream() {
            private int left = 3 * 1024 * 1024;

            @Override
            public int read() throws IOException {
                if (left-- == 0) {
                    throw new IOException("connection reset");
                }
                return 7;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left <= 0) {
                    throw new IOException("connection reset");
                }
                int n = Math.min(len, left);
                java.util.Arrays.fill(b, off, off + n, (byte) 7);
                left -= n;
                return n;
            }
        };

        assertThatThrownBy(() -> core.registerImage()
                        .register(new RegisterImageCommand(
                                KXP2, ImageVersion.of("1.0"), "x.img", broken, "", Optional.empty(), true)))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("connection reset");

        assertThat(core.listImages().list(Optional.empty())).isEmpty();
        assertThat(images.names()).isEmpty();
        assertThat(images.writing()).as("files still being written").isZero();
    }

    @Test
    void takesTheOperatorsCustomizationMethodOverTheDetectedOne() {
        var outcome = core.registerImage()
                .register(new RegisterImageCommand(
                        KXP2,
                        ImageVersion.of("1.0"),
                        "x.img",
                        new ByteArrayInputStream(new byte[1024]),
                        "",
                        Optional.of(CustomizationMethod.CLOUD_INIT),
                        false));

        assertThat(outcome).isInstanceOfSatisfying(ImageRegistration.Registered.class, r -> {
            assertThat(r.image().customization()).isEqualTo(CustomizationMethod.CLOUD_INIT);
            assertThat(r.image().customizationOverridden()).isTrue();
        });
    }

    @Test
    void refusesImagesOfUnknownProducts() {
        var outcome = core.registerImage()
                .register(new RegisterImageCommand(
                        ProductCode.of("ZZ99"),
                        ImageVersion.of("1.0"),
                        "x.img",
                        new ByteArrayInputStream(new byte[1]),
                        "",
                        Optional.empty(),
                        false));

        assertThat(outcome).isEqualTo(new ImageRegistration.UnknownProduct(ProductCode.of("ZZ99")));
    }

    @Test
    void keepsOneActiveImagePerProductAndRollsBackToThePreviousOne() {
        registerActive(KXP2, "1.0", "a".getBytes());
        clock.advance(Duration.ofMinutes(1));
        registerActive(KXP2, "2.0", "b".getBytes());
        clock.advance(Duration.ofMinutes(1));
        registerActive(KXP2, "3.0", "c".getBytes());

        assertThat(active(KXP2)).isEqualTo("3.0");
        assertThat(core.rollbackImage().rollback(KXP2)).isInstanceOf(ImageRollback.RolledBack.class);
        assertThat(active(KXP2)).isEqualTo("2.0");
        assertThat(core.rollbackImage().rollback(KXP2)).isInstanceOf(ImageRollback.RolledBack.class);
        assertThat(active(KXP2)).isEqualTo("1.0");
        assertThat(core.rollbackImage().rollback(KXP2)).isEqualTo(new ImageRollback.NoEarlierImage(KXP2));
        assertThat(core.activateImage().activate(KXP2, ImageVersion.of("3.0")))
                .isInstanceOfSatisfying(
                        ImageActivation.Activated.class,
                        a -> assertThat(a.previous())
                                .map(p -> p.version().value())
                                .contains("1.0"));
        assertThat(active(KXP2)).isEqualTo("3.0");
        assertThat(core.listImages().list(Optional.of(KXP2)))
                .filteredOn(MasterImage::isActive)
                .hasSize(1);
        assertThat(core.activateImage().activate(KXP2, ImageVersion.of("9.9")))
                .isInstanceOf(ImageActivation.NotFound.class);
        assertThat(core.rollbackImage().rollback(RXP2)).isEqualTo(new ImageRollback.NoActiveImage(RXP2));
    }

    private String active(ProductCode product) {
        return core.listImages().list(Optional.of(product)).stream()
                .filter(MasterImage::isActive)
                .map(i -> i.version().value())
                .findFirst()
                .orElse("none");
    }

    private static String sha256(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }

    // ---- venues, products, statistics ----------------------------------------------------------------------

    @Test
    void addsVenuesAndProductsOnce() {
        assertThat(core.addVenue().add(new AddVenueCommand(VenueCode.of("new1"), "New", "", "")))
                .isInstanceOf(VenueAddition.Added.class);
        assertThat(core.addVenue().add(new AddVenueCommand(VenueCode.of("NEW1"), "New", "", "")))
                .isEqualTo(new VenueAddition.AlreadyExists(VenueCode.of("NEW1")));
        assertThat(core.addProduct().add(ProductCode.of("ab12"), HostnameStrategy.SERIAL))
                .isInstanceOf(ProductAddition.Added.class);
        assertThat(core.addProduct().add(ProductCode.of("AB12"), HostnameStrategy.POOL))
                .isEqualTo(new ProductAddition.AlreadyExists(ProductCode.of("AB12")));
        assertThat(core.listVenues().find(VenueCode.of("NEW1"))).isPresent();
        assertThat(core.listProducts().find(ProductCode.of("AB12")))
                .map(p -> p.strategy())
                .contains(HostnameStrategy.SERIAL);
    }

    @Test
    void updatesAVenueButNeverItsCode() {
        assertThat(core.updateVenue().update(new AddVenueCommand(CORO, "Corona Karting", "Hall 3", "k@example.org")))
                .isInstanceOfSatisfying(VenueUpdate.Updated.class, u -> {
                    assertThat(u.venue().name()).isEqualTo("Corona Karting");
                    assertThat(u.venue().createdAt()).isEqualTo(T0);
                });
        assertThat(core.listVenues().find(CORO)).map(v -> v.location()).contains("Hall 3");
        assertThat(core.updateVenue().update(new AddVenueCommand(VenueCode.of("NONE"), "x", "", "")))
                .isEqualTo(new VenueUpdate.NotFound(VenueCode.of("NONE")));
    }

    @Test
    void createsTheDefaultProductsOnlyOnce() {
        assertThat(core.ensureDefaultProducts().ensure()).isEmpty();
        DeployCore fresh = DeployCore.create(newStore(), images, events, clock, CoreSettings.DEFAULTS);

        assertThat(fresh.ensureDefaultProducts().ensure()).containsExactly(KXP2, RXP2);
        assertThat(fresh.ensureDefaultProducts().ensure()).isEmpty();
        assertThat(fresh.listProducts().list()).extracting(p -> p.strategy()).containsOnly(HostnameStrategy.POOL);
    }

    @Test
    void summarisesDeploymentsPerVenueAndProduct() {
        Deployment d = deployed(1);
        deployed(2);
        report(StatusReport.of(d.id(), DeploymentStatus.FAILED));

        FleetSummary summary = core.summarizeFleet().summarize();

        var coro = summary.venues().stream()
                .filter(v -> v.venue().equals(CORO))
                .findFirst()
                .orElseThrow();
        assertThat(coro.deployments().get(DeploymentStatus.FAILED)).isEqualTo(1);
        assertThat(coro.deployments().get(DeploymentStatus.STARTED)).isEqualTo(1);
        assertThat(coro.pools()).containsExactly(new PoolCounts(CORO, KXP2, 18, 2, 0));
        var kxp2 = summary.products().stream()
                .filter(p -> p.product().equals(KXP2))
                .findFirst()
                .orElseThrow();
        assertThat(kxp2.activeImage()).contains(ImageVersion.of("1.0"));
        assertThat(kxp2.deployments().values().stream()
                        .mapToLong(Long::longValue)
                        .sum())
                .isEqualTo(2);
    }
}

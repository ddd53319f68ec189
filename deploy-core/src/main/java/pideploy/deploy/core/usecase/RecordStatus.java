package pideploy.deploy.core.usecase;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import pideploy.deploy.core.batch.Batch;
import pideploy.deploy.core.batch.BatchId;
import pideploy.deploy.core.batch.BatchState;
import pideploy.deploy.core.deployment.BatchBreaker;
import pideploy.deploy.core.deployment.CircuitBreaker;
import pideploy.deploy.core.deployment.Deployment;
import pideploy.deploy.core.deployment.DeploymentChange;
import pideploy.deploy.core.deployment.DeploymentEvent;
import pideploy.deploy.core.deployment.DeploymentStatus;
import pideploy.deploy.core.deployment.EventType;
import pideploy.deploy.core.deployment.FailureStep;
import pideploy.deploy.core.deployment.ProofFailure;
import pideploy.deploy.core.device.Device;
import pideploy.deploy.core.hostname.Hostname;
import pideploy.deploy.core.operator.NewAuditEntry;
import pideploy.deploy.core.pool.PoolEntry;
import pideploy.deploy.core.pool.PoolEntryState;
import pideploy.deploy.core.port.AuditLog;
import pideploy.deploy.core.port.EventPublisher;
import pideploy.deploy.core.port.FleetStore;
import pideploy.deploy.core.port.FleetTransaction;

/**
 * Records a device's status report: moves the deployment's status forward (or updates progress), keeps the event in
 * its history and publishes it after commit. Before anything else the report must prove it comes from the device
 * (ADR-0042): a deployment whose config answer carried a secret takes only reports carrying it, and a {@code booted}
 * report must name the hostname the deployment assigned (always when the deployment has a secret; a legacy
 * deployment's first boot may omit it, but never name another). A refused report changes nothing but the
 * deployment's count of refused reports. Progress reports (no change of status) are kept at most at the rate of
 * {@link CoreSettings#statusLimit()} per deployment; the rest are refused as {@link StatusAnswer.TooFrequent}, so a
 * client posting as fast as it can does not grow the history without bound (ADR-0045). A change of status is
 * always taken. A {@code failed} report at step {@code preflight} for a deployment still {@code started} means the
 * installer refused the card before writing anything (too small, for an installer that did not send its card's size):
 * a pool hostname this very deployment handed out goes back to the pool, one the device held before stays
 * (ADR-0047). A report for a deployment the server ended as abandoned is refused as {@link StatusAnswer.Abandoned}.
 * A {@code failed} report of a deployment of an active batch may trip the batch's circuit breaker, which pauses the
 * batch in the same transaction, with the reason, and writes an audit entry after commit (ADR-0058).
 */
public final class RecordStatus {
    private static final System.Logger LOG = System.getLogger(RecordStatus.class.getName());
    private final FleetStore store;
    private final EventPublisher events;
    private final Clock clock;
    private final TokenBuckets progress;
    private final AuditLog audit;

    public RecordStatus(FleetStore store, EventPublisher events, Clock clock) {
        this(store, events, clock, CoreSettings.DEFAULT_STATUS_LIMIT);
    }

    /** @param progressLimit progress reports kept per deployment */
    public RecordStatus(FleetStore store, EventPublisher events, Clock clock, RateLimit progressLimit) {
        this(store, events, clock, progressLimit, AuditLog.NONE);
    }

    /**
     * @param progressLimit progress reports kept per deployment
     * @param audit         where a batch paused by its circuit breaker is recorded (ADR-0058)
     */
    public RecordStatus(FleetStore store, EventPublisher events, Clock clock, RateLimit progressLimit, AuditLog audit) {
        this.store = store;
        this.events = events;
        this.clock = clock;
        this.progress = new TokenBuckets(progressLimit);
        this.audit = audit;
    }

    public StatusAnswer record(StatusReport report) {
        Result result = store.write(tx -> apply(tx, report, clock.instant()));
        switch (result.answer()) {
            case StatusAnswer.Recorded r -> {
                Deployment d = r.deployment();
                Level level = d.status() == DeploymentStatus.FAILED ? Level.WARNING : Level.INFO;
                if (result.event().type() != EventType.PROGRESS || d.status() == DeploymentStatus.FAILED) {
                    LOG.log(
                            level,
                            "status: {0} is {1}{2}",
                            d.describe(),
                            d.status().wireName(),
                            d.status() == DeploymentStatus.FAILED
                                    ? " at "
                                            + d.failureStep()
                                                    .map(s -> s.wireName())
                                                    .orElse("unknown step") + ": " + d.errorMessage()
                                    : "");
                } else {
                    LOG.log(
                            Level.DEBUG,
                            "status: {0} {1} {2}/{3} bytes",
                            d.describe(),
                            d.status().wireName(),
                            String.valueOf(d.bytesDone()),
                            String.valueOf(d.bytesTotal()));
                }
                result.released()
                        .ifPresent(h -> LOG.log(
                                Level.WARNING,
                                "status: {0} refused its card before " + "writing; hostname {1} is back in the pool",
                                d.describe(),
                                h));
                Publishing.publish(events, new DeploymentChange(d, result.event()));
                result.trip().ifPresent(this::tripped);
            }
            case StatusAnswer.Abandoned a ->
                LOG.log(
                        Level.WARNING,
                        "status {0} refused: {1}",
                        report.status().wireName(),
                        a.message());
            case StatusAnswer.UnknownDeployment u -> LOG.log(Level.WARNING, "status refused: {0}", u.message());
            case StatusAnswer.InvalidTransition t -> LOG.log(Level.WARNING, "status refused: {0}", t.message());
            case StatusAnswer.Refused r ->
                LOG.log(
                        Level.WARNING,
                        "status {0} refused as a spoofing attempt ({1} so " + "far): {2}",
                        report.status().wireName(),
                        r.deployment().proof().refusedReports(),
                        r.message());
            case StatusAnswer.TooFrequent t -> LOG.log(Level.DEBUG, "status not kept: {0}", t.message());
        }
        return result.answer();
    }

    private record Result(
            StatusAnswer answer, DeploymentEvent event, Optional<Hostname> released, Optional<BreakerTrip> trip) {
        Result(StatusAnswer answer, DeploymentEvent event) {
            this(answer, event, Optional.empty(), Optional.empty());
        }
    }

    /** A batch its circuit breaker paused, the reason, and the failed deployment that tipped it over. */
    private record BreakerTrip(Batch batch, String reason, Deployment trippedBy) {}

    private void tripped(BreakerTrip trip) {
        LOG.log(
                Level.WARNING,
                "batch {0} paused by its circuit breaker after {1} failed: {2}; resume it (batch start) once the cause"
                        + " is fixed",
                trip.batch().id(),
                trip.trippedBy().describe(),
                trip.reason());
        try {
            audit.append(new NewAuditEntry(
                    clock.instant(),
                    AUDIT_ACTOR,
                    "batch.breaker_tripped",
                    trip.batch().id().toString(),
                    trip.reason() + "; last failure: " + trip.trippedBy().describe()));
        } catch (RuntimeException e) {
            // The batch is paused and committed; a lost audit line must not fail the device's report.
            LOG.log(
                    Level.WARNING,
                    "audit entry for batch {0} breaker trip not written: {1}",
                    trip.batch().id(),
                    e);
        }
    }

    /** Who the audit log names for what the server did by itself. */
    public static final String AUDIT_ACTOR = "pideploy";

    /**
     * Pauses the deployment's batch when this failure trips the batch's circuit breaker (ADR-0058): only an active
     * batch with a breaker, counting the batch's finished deployments since it was created or last resumed.
     */
    private static Optional<BreakerTrip> checkBreaker(FleetTransaction tx, Deployment failed, Instant now) {
        if (failed.batch().isEmpty()) {
            return Optional.empty();
        }
        BatchId id = failed.batch().get();
        BatchBreaker breaker = tx.batches().breaker(id);
        Optional<Batch> batch = tx.batches().find(id).filter(b -> b.state() == BatchState.ACTIVE);
        if (breaker.rule().isEmpty() || batch.isEmpty()) {
            return Optional.empty();
        }
        CircuitBreaker rule = breaker.rule().get();
        Optional<String> reason =
                rule.tripReason(tx.deployments().finishedInBatch(id, breaker.countsFrom(), rule.window()));
        if (reason.isEmpty()) {
            return Optional.empty();
        }
        Batch paused = batch.get().moveTo(BatchState.PAUSED, now);
        tx.batches().update(paused);
        tx.batches().setBreaker(id, breaker.tripped(reason.get()));
        return Optional.of(new BreakerTrip(paused, reason.get(), failed));
    }

    private Result apply(FleetTransaction tx, StatusReport report, Instant now) {
        Optional<Deployment> found = find(tx, report);
        if (found.isEmpty()) {
            return new Result(new StatusAnswer.UnknownDeployment(reference(report)), null);
        }
        Deployment current = found.get();
        Optional<StatusAnswer.Refused> unproven = unproven(current, report);
        if (unproven.isPresent()) {
            Deployment counted = current.withProof(current.proof().refusedOnce());
            tx.deployments().update(counted);
            StatusAnswer.Refused r = unproven.get();
            return new Result(new StatusAnswer.Refused(counted, r.failure(), r.reason()), null);
        }
        DeploymentStatus next = report.status();
        if (AbandonSilentDeployments.wasAbandoned(current)) {
            return new Result(new StatusAnswer.Abandoned(current), null);
        }
        if (!current.status().canMoveTo(next)) {
            return new Result(new StatusAnswer.InvalidTransition(current, next), null);
        }
        boolean changed = next != current.status();
        if (!changed) {
            Optional<java.time.Duration> wait = progress.take(current.id().toString(), now);
            if (wait.isPresent()) {
                return new Result(new StatusAnswer.TooFrequent(current, wait.get()), null);
            }
        }
        Deployment updated = new Deployment(
                current.id(),
                current.serial(),
                current.mac(),
                current.clientIp(),
                current.hostname(),
                current.product(),
                current.venue(),
                current.imageVersion(),
                current.batch(),
                next,
                report.bytesDone().orElse(current.bytesDone()),
                report.bytesTotal().orElse(current.bytesTotal()),
                current.startedAt(),
                now,
                changed && (next == DeploymentStatus.SUCCESS || next == DeploymentStatus.FAILED)
                        ? Optional.of(now)
                        : current.finishedAt(),
                changed && next == DeploymentStatus.BOOTED ? Optional.of(now) : current.bootedAt(),
                report.message().isEmpty() ? current.message() : report.message(),
                report.errorMessage().isEmpty() ? current.errorMessage() : report.errorMessage(),
                report.step().or(current::failureStep),
                report.card().filter(c -> !c.isEmpty()).or(current::card),
                report.writeRate().isPresent() ? report.writeRate() : current.writeRate(),
                current.proof(),
                current.answeredBy());
        tx.deployments().update(updated);
        if (next == DeploymentStatus.BOOTED) {
            report.boot().ifPresent(b -> tx.profiles().recordBooted(updated.id(), String.join("\n", b.lines())));
        }
        String text = next == DeploymentStatus.FAILED && !report.errorMessage().isEmpty()
                ? report.errorMessage()
                : report.message();
        DeploymentEvent event =
                tx.deployments().addEvent(updated, changed ? EventType.STATUS_CHANGED : EventType.PROGRESS, text, now);
        boolean refusedBeforeWriting = current.status() == DeploymentStatus.STARTED
                && next == DeploymentStatus.FAILED
                && report.step().filter(st -> st == FailureStep.PREFLIGHT).isPresent();
        Optional<Hostname> released =
                refusedBeforeWriting ? releaseIfTakenBy(tx, current, updated, now) : Optional.empty();
        Optional<BreakerTrip> trip =
                changed && next == DeploymentStatus.FAILED ? checkBreaker(tx, updated, now) : Optional.empty();
        return new Result(new StatusAnswer.Recorded(updated), event, released, trip);
    }

    /**
     * Gives the deployment's pool hostname back when this deployment is what handed it out (its creation event says
     * so, {@link AnswerConfig#NEW_HOSTNAME}) and the device still holds it. A hostname the device held before stays.
     */
    private static Optional<Hostname> releaseIfTakenBy(
            FleetTransaction tx, Deployment d, Deployment failed, Instant now) {
        boolean handedOutHere = tx.deployments().history(d.id()).stream()
                .filter(e -> e.type() == EventType.CREATED)
                .findFirst()
                .filter(e -> e.message().equals(AnswerConfig.NEW_HOSTNAME))
                .isPresent();
        Optional<Device> holder = tx.devices().findByHostname(d.hostname());
        Optional<PoolEntry> entry = tx.pool()
                .findByHostname(d.hostname())
                .filter(e -> e.state() == PoolEntryState.ASSIGNED)
                .filter(e -> holder.isPresent()
                        && e.holder()
                                .equals(java.util.OptionalLong.of(holder.get().id())));
        if (!handedOutHere || entry.isEmpty()) {
            return Optional.empty();
        }
        tx.devices().update(holder.get().detached());
        tx.pool().update(entry.get().released());
        tx.deployments()
                .addEvent(
                        failed,
                        EventType.PROGRESS,
                        ("hostname %s back in the pool: the installer refused the " + "card before writing")
                                .formatted(d.hostname()),
                        now);
        return Optional.of(d.hostname());
    }

    /** The refusal this report earns, if it does not prove it comes from the deployment's device. */
    private static Optional<StatusAnswer.Refused> unproven(Deployment d, StatusReport report) {
        if (d.proof().verified()) {
            if (report.secret().isEmpty()) {
                return refusal(
                        d,
                        ProofFailure.SECRET_MISSING,
                        ("%s was given a device secret and the report has "
                                        + "none; send the config answer's device_secret with every status report")
                                .formatted(d.describe()));
            }
            if (!report.secret().get().matches(d.proof().secretSha256().orElseThrow())) {
                return refusal(
                        d,
                        ProofFailure.SECRET_WRONG,
                        ("%s refuses the report: its device_secret is not " + "this deployment's")
                                .formatted(d.describe()));
            }
        }
        if (report.status() == DeploymentStatus.BOOTED) {
            boolean named = report.hostname().isPresent();
            if (named
                    ? !report.hostname().get().equals(d.hostname())
                    : d.proof().verified()) {
                return refusal(
                        d,
                        ProofFailure.HOSTNAME_MISMATCH,
                        ("%s was assigned hostname %s; a booted report " + "for it came with %s")
                                .formatted(
                                        d.describe(),
                                        d.hostname(),
                                        report.hostname().map(h -> h.value()).orElse("no hostname")));
            }
        }
        return Optional.empty();
    }

    private static Optional<StatusAnswer.Refused> refusal(Deployment d, ProofFailure failure, String reason) {
        return Optional.of(new StatusAnswer.Refused(d, failure, reason));
    }

    private static Optional<Deployment> find(FleetTransaction tx, StatusReport report) {
        if (report.deploymentId().isPresent()) {
            return tx.deployments().find(report.deploymentId().get());
        }
        if (report.serial().isPresent()) {
            return tx.deployments().latestBySerial(report.serial().get());
        }
        if (report.hostname().isPresent()) {
            return tx.deployments().latestByHostname(report.hostname().get());
        }
        if (report.mac().isPresent()) {
            return tx.deployments().latestByMac(report.mac().get());
        }
        return Optional.empty();
    }

    private static String reference(StatusReport report) {
        return report.deploymentId()
                .map(id -> "deployment_id " + id)
                .or(() -> report.serial().map(s -> "serial " + s))
                .or(() -> report.hostname().map(h -> "hostname " + h))
                .or(() -> report.mac().map(m -> "mac_address " + m))
                .orElse("a report without deployment_id, serial, hostname or mac_address");
    }
}

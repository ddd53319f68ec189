package pideploy.deploy.core.port;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import pideploy.deploy.core.batch.BatchId;
import pideploy.deploy.core.deployment.Deployment;
import pideploy.deploy.core.deployment.DeploymentEvent;
import pideploy.deploy.core.deployment.DeploymentFilter;
import pideploy.deploy.core.deployment.DeploymentId;
import pideploy.deploy.core.deployment.DeploymentPage;
import pideploy.deploy.core.deployment.EventType;
import pideploy.deploy.core.deployment.NewDeployment;
import pideploy.deploy.core.deployment.StatusCount;
import pideploy.deploy.core.device.MacAddress;
import pideploy.deploy.core.device.SerialNumber;
import pideploy.deploy.core.hostname.Hostname;

/** Deployments and their event history. Used inside a {@link FleetStore} transaction. */
public interface DeploymentRepository {
    /** Records a new attempt with status {@code started} and returns it with its new, increasing id. */
    Deployment add(NewDeployment deployment);

    /** Replaces the deployment with the same id. @throws StorageException if there is none */
    void update(Deployment deployment);

    Optional<Deployment> find(DeploymentId id);

    /** The latest attempt (highest id) of the device with this serial. */
    Optional<Deployment> latestBySerial(SerialNumber serial);

    /** The latest attempt (highest id) that handed out this hostname. */
    Optional<Deployment> latestByHostname(Hostname hostname);

    /** The latest attempt (highest id) of the device with this MAC. */
    Optional<Deployment> latestByMac(MacAddress mac);

    /** Deployments matching the filter, newest first (start time, then id), one page, with the total count. */
    DeploymentPage find(DeploymentFilter filter);

    /** Deployments in {@code success} whose {@code finishedAt} is before {@code cutoff}, oldest first. */
    List<Deployment> successNotBootedBefore(Instant cutoff);

    /** Appends a history entry describing {@code deployment} as it is now, and returns it with its sequence. */
    DeploymentEvent addEvent(Deployment deployment, EventType type, String message, Instant at);

    /** The deployment's history, oldest first; empty when it has none. */
    List<DeploymentEvent> history(DeploymentId id);

    /** Events with a sequence greater than {@code afterSequence}, oldest first, at most {@code limit} (SSE resume). */
    List<DeploymentEvent> eventsAfter(long afterSequence, int limit);

    /** The highest event sequence recorded so far, 0 when there is none (where a tail of new events starts). */
    long lastEventSequence();

    /** Deployment counts per venue, product and status (only non-zero counts). */
    List<StatusCount> statusCounts();

    /**
     * Thins the history of deployments that ended well (status {@code success} or {@code booted}, finished before
     * {@code endedBefore}): their progress events go, except the last one of each status; creation and status changes
     * stay. Failed and unfinished deployments keep every event (ADR-0045).
     *
     * @return how many events were deleted
     */
    int thinProgressEvents(Instant endedBefore);

    /**
     * Deployments whose hostname could go back to the pool (ADR-0045): the latest deployment of a pool hostname that
     * is still assigned, when that deployment never reached {@code success} (started ... customizing, or failed) and
     * has not changed since before {@code idleBefore}. Oldest first.
     */
    List<Deployment> unfinishedHoldersIdleBefore(Instant idleBefore);

    /**
     * Deployments still in flight (started, downloading, verifying, customizing) that have not changed since before
     * {@code idleBefore}, oldest first: what the server ends as abandoned (ADR-0047).
     */
    List<Deployment> inFlightIdleBefore(Instant idleBefore);

    /**
     * The batch's deployments that finished (success, booted or failed) at or after {@code since}, the latest finish
     * first (then the highest id), at most {@code limit}: what the batch's circuit breaker looks at (ADR-0058).
     */
    List<Deployment> finishedInBatch(BatchId batch, Instant since, int limit);
}

package pideploy.deploy.core.report;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import pideploy.deploy.core.deployment.CardIdentity;
import pideploy.deploy.core.deployment.Deployment;
import pideploy.deploy.core.deployment.DeploymentStatus;
import pideploy.deploy.core.deployment.FailureStep;
import pideploy.deploy.core.product.ProductCode;
import pideploy.deploy.core.venue.VenueCode;

/**
 * What a report needs to know of one deployment: where, what, how it ended, how long it took, which card.
 *
 * @param id          the deployment's id
 * @param venue       its venue
 * @param product     its product
 * @param status      its current status
 * @param startedAt   when the config request created it
 * @param finishedAt  when it reached success or failed
 * @param bootedAt    when the device phoned home after booting
 * @param failureStep the installer step that failed, when it failed and said where
 * @param card        the card written, when reported
 * @param writeRate   measured bytes per second, when reported
 */
public record DeploymentFact(
        long id,
        VenueCode venue,
        ProductCode product,
        DeploymentStatus status,
        Instant startedAt,
        Optional<Instant> finishedAt,
        Optional<Instant> bootedAt,
        Optional<FailureStep> failureStep,
        Optional<CardIdentity> card,
        OptionalDouble writeRate) {
    public DeploymentFact {
        Objects.requireNonNull(venue, "venue");
        Objects.requireNonNull(product, "product");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        Objects.requireNonNull(bootedAt, "bootedAt");
        Objects.requireNonNull(failureStep, "failureStep");
        Objects.requireNonNull(card, "card");
        Objects.requireNonNull(writeRate, "writeRate");
    }

    /** The facts of a full deployment record (what in-memory stores and tests use). */
    public static DeploymentFact of(Deployment d) {
        return new DeploymentFact(
                d.id().value(),
                d.venue(),
                d.product(),
                d.status(),
                d.startedAt(),
                d.finishedAt(),
                d.bootedAt(),
                d.failureStep(),
                d.card(),
                d.writeRate());
    }

    /** Reached success (and possibly booted since). */
    public boolean succeeded() {
        return status == DeploymentStatus.SUCCESS || status == DeploymentStatus.BOOTED;
    }

    public boolean failed() {
        return status == DeploymentStatus.FAILED;
    }

    /** From the config request to success: present only for deployments that succeeded. */
    public Optional<Duration> duration() {
        return succeeded() ? finishedAt.map(f -> Duration.between(startedAt, f)) : Optional.empty();
    }

    /** From success to the first phone-home: present only for deployments that booted. */
    public Optional<Duration> timeToFirstBoot() {
        return finishedAt.flatMap(f -> bootedAt.map(b -> Duration.between(f, b)));
    }
}

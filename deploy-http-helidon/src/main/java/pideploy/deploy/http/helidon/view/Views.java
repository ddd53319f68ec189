package pideploy.deploy.http.helidon.view;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import pideploy.deploy.core.batch.Batch;
import pideploy.deploy.core.deployment.Deployment;
import pideploy.deploy.core.deployment.DeploymentEvent;
import pideploy.deploy.core.deployment.DeploymentStatus;
import pideploy.deploy.core.device.Device;
import pideploy.deploy.core.image.MasterImage;
import pideploy.deploy.core.operator.AuditEntry;
import pideploy.deploy.core.operator.User;
import pideploy.deploy.core.pool.HeldPoolEntry;
import pideploy.deploy.core.pool.PoolCounts;
import pideploy.deploy.core.pool.PoolEntry;
import pideploy.deploy.core.product.Product;
import pideploy.deploy.core.transfer.PreparedForm;
import pideploy.deploy.core.transfer.TransferForm;
import pideploy.deploy.core.usecase.FleetSummary;
import pideploy.deploy.core.venue.Venue;

/** JSON views of core types. Component names become snake_case on the wire. */
public final class Views {
    private Views() {}

    public record VenueView(String code, String name, String location, String contactEmail, Instant createdAt) {
        public static VenueView of(Venue v) {
            return new VenueView(v.code().value(), v.name(), v.location(), v.contactEmail(), v.createdAt());
        }
    }

    public record ProductView(String code, String strategy, Instant createdAt) {
        public static ProductView of(Product p) {
            return new ProductView(p.code().value(), p.strategy().wireName(), p.createdAt());
        }
    }

    /** {@code holder*}: the device holding an assigned entry (its id, serial and MAC as far as known), else null. */
    public record PoolEntryView(
            String venue,
            String product,
            int number,
            String hostname,
            String state,
            Instant assignedAt,
            Long holderDevice,
            String holderSerial,
            String holderMac) {
        public static PoolEntryView of(PoolEntry e) {
            return of(new HeldPoolEntry(e, Optional.empty()));
        }

        public static PoolEntryView of(HeldPoolEntry held) {
            PoolEntry e = held.entry();
            return new PoolEntryView(
                    e.venue().value(),
                    e.product().value(),
                    e.number(),
                    e.hostname().value(),
                    e.state().wireName(),
                    e.assignedAt().orElse(null),
                    e.holder().isPresent() ? e.holder().getAsLong() : null,
                    held.holder().flatMap(Device::serial).map(Object::toString).orElse(null),
                    held.holder().flatMap(Device::mac).map(Object::toString).orElse(null));
        }
    }

    public record PoolCountsView(String venue, String product, int available, int assigned, int retired, int capacity) {
        public static PoolCountsView of(PoolCounts c) {
            return new PoolCountsView(
                    c.venue().value(), c.product().value(), c.available(), c.assigned(), c.retired(), c.capacity());
        }
    }

    /** {@code expectedDevices}: how many devices the batch lists (0: any device), in lists only (ADR-0045). */
    public record BatchView(
            long id,
            String venue,
            String product,
            int count,
            int remaining,
            int priority,
            String state,
            Instant createdAt,
            Instant updatedAt,

            @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
            Integer expectedDevices,

            Integer breakerFailures,
            Integer breakerWindow,
            String pausedReason) {
        public static BatchView of(Batch b) {
            return of(b, null);
        }

        public static BatchView of(Batch b, Integer expectedDevices) {
            return of(b, expectedDevices, pideploy.deploy.core.deployment.BatchBreaker.OFF);
        }

        /**
         * {@code breakerFailures}/{@code breakerWindow}: the circuit breaker's rule, both null when it is off;
         * {@code pausedReason}: why the breaker paused the batch, null unless it did and the batch was not resumed.
         */
        public static BatchView of(
                Batch b, Integer expectedDevices, pideploy.deploy.core.deployment.BatchBreaker breaker) {
            return new BatchView(
                    b.id().value(),
                    b.venue().value(),
                    b.product().value(),
                    b.count(),
                    b.remaining(),
                    b.priority(),
                    b.state().wireName(),
                    b.createdAt(),
                    b.updatedAt(),
                    expectedDevices,
                    breaker.rule().map(r -> r.failures()).orElse(null),
                    breaker.rule().map(r -> r.window()).orElse(null),
                    breaker.trippedReason().orElse(null));
        }
    }

    public record ImageView(
            String product,
            String version,
            String fileName,
            long sizeBytes,
            String sha256,
            Instant registeredAt,
            String notes,
            String customization,
            boolean customizationOverridden,
            String state,
            boolean active,
            Instant activatedAt,
            long minCardSize,
            boolean shrunk,
            long originalSizeBytes,
            String originalSha256,
            String shrinkNote) {
        /** {@code originalSizeBytes}/{@code originalSha256}: the file as given, before the shrink (ADR-0063). */
        public static ImageView of(MasterImage i) {
            return new ImageView(
                    i.product().value(),
                    i.version().value(),
                    i.fileName(),
                    i.sizeBytes(),
                    i.sha256(),
                    i.registeredAt(),
                    i.notes(),
                    i.customization().wireName(),
                    i.customizationOverridden(),
                    i.state().name().toLowerCase(java.util.Locale.ROOT),
                    i.isActive(),
                    i.activatedAt().orElse(null),
                    i.minCardSizeBytes(),
                    i.shrunk(),
                    i.origin().sizeBytes(),
                    i.origin().sha256(),
                    i.origin().shrinkNote());
        }
    }

    /** State of an image's transfer form (ADR-0025): progress 0..1; sizes once ready; reason once failed. */
    public record TransferView(
            String format,
            String state,
            double progress,
            long bytesDone,
            long bytesTotal,
            String reason,
            Long mappedBytes,
            Long compressedBytes,
            Integer segments,
            String mapSource,
            Instant updatedAt) {
        public static TransferView of(TransferForm t) {
            return new TransferView(
                    t.format(),
                    t.state().wireName(),
                    t.progress(),
                    t.bytesDone(),
                    t.bytesTotal(),
                    t.reason().isEmpty() ? null : t.reason(),
                    t.prepared().map(PreparedForm::mappedBytes).orElse(null),
                    t.prepared().map(PreparedForm::compressedBytes).orElse(null),
                    t.prepared().map(PreparedForm::segments).orElse(null),
                    t.prepared().map(p -> p.mapSource().wireName()).orElse(null),
                    t.updatedAt());
        }
    }

    public record DeploymentView(
            long id,
            String serial,
            String mac,
            String clientIp,
            String hostname,
            String product,
            String venue,
            String imageVersion,
            Long batch,
            String status,
            long bytesDone,
            long bytesTotal,
            Instant startedAt,
            Instant updatedAt,
            Instant finishedAt,
            Instant bootedAt,
            String message,
            String errorMessage,
            String failureStep,
            String cardCid,
            String cardName,
            String cardManfid,
            Double writeRate,
            boolean verified,
            long refusedReports,
            String answeredBy) {
        /**
         * {@code verified}: the deployment's reports are proven by its device secret (false for a legacy client);
         * {@code refusedReports}: reports refused as spoofing attempts (ADR-0042); {@code answeredBy}: the server
         * that answered its config request (ADR-0098), null if unnamed.
         */
        public static DeploymentView of(Deployment d) {
            return new DeploymentView(
                    d.id().value(),
                    d.serial().map(Object::toString).orElse(null),
                    d.mac().map(Object::toString).orElse(null),
                    d.clientIp(),
                    d.hostname().value(),
                    d.product().value(),
                    d.venue().value(),
                    d.imageVersion().value(),
                    d.batch().map(b -> b.value()).orElse(null),
                    d.status().wireName(),
                    d.bytesDone(),
                    d.bytesTotal(),
                    d.startedAt(),
                    d.updatedAt(),
                    d.finishedAt().orElse(null),
                    d.bootedAt().orElse(null),
                    d.message(),
                    d.errorMessage(),
                    d.failureStep().map(s -> s.wireName()).orElse(null),
                    d.card().map(c -> c.cid()).orElse(null),
                    d.card().map(c -> c.name()).orElse(null),
                    d.card().map(c -> c.manfid()).orElse(null),
                    d.writeRate().isPresent() ? d.writeRate().getAsDouble() : null,
                    d.proof().verified(),
                    d.proof().refusedReports(),
                    d.answeredBy().map(n -> n.value()).orElse(null));
        }
    }

    public record EventView(
            long sequence,
            long deploymentId,
            Instant at,
            String type,
            String status,
            long bytesDone,
            long bytesTotal,
            String message) {
        public static EventView of(DeploymentEvent e) {
            return new EventView(
                    e.sequence(),
                    e.deploymentId().value(),
                    e.at(),
                    e.type().name().toLowerCase(java.util.Locale.ROOT),
                    e.status().wireName(),
                    e.bytesDone(),
                    e.bytesTotal(),
                    e.message());
        }
    }

    /** Payload of the live {@code deployment} and {@code progress} events: the deployment now, and what happened. */
    public record ChangeView(DeploymentView deployment, EventView event) {}

    public record HistoryView(DeploymentView deployment, List<EventView> events) {}

    public record UserView(String username, Instant createdAt, String role) {
        public static UserView of(User u) {
            return new UserView(u.username(), u.createdAt(), u.role().wire());
        }
    }

    /**
     * A token without its secret; {@code token} (the secret) is set only in the answer that made it.
     * {@code expires_at} null means never, {@code last_used_at} null never used.
     */
    public record ApiTokenView(
            String id,
            String username,
            String label,
            Instant createdAt,
            String role,
            Instant expiresAt,
            Instant lastUsedAt,

            @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
            String token) {
        public static ApiTokenView of(pideploy.deploy.core.operator.ApiToken t) {
            return new ApiTokenView(
                    t.id(),
                    t.username(),
                    t.label(),
                    t.createdAt(),
                    t.role().wire(),
                    t.expiresAt().orElse(null),
                    t.lastUsedAt().orElse(null),
                    null);
        }

        public ApiTokenView withSecret(String secret) {
            return new ApiTokenView(id, username, label, createdAt, role, expiresAt, lastUsedAt, secret);
        }
    }

    public record AuditView(long id, Instant at, String actor, String action, String target, String detail) {
        public static AuditView of(AuditEntry e) {
            return new AuditView(e.id(), e.at(), e.actor(), e.action(), e.target(), e.detail());
        }
    }

    public record Page<T>(List<T> items, long total, int limit, int offset) {}

    public record VenueSummaryView(String venue, Map<String, Long> deployments, List<PoolCountsView> pools) {}

    public record ProductSummaryView(String product, Map<String, Long> deployments, String activeImage) {}

    /** {@code stalled}: deployments in flight silent for {@code stallAfterSeconds} or longer (ADR-0084). */
    public record SummaryView(
            List<VenueSummaryView> venues, List<ProductSummaryView> products, long stalled, long stallAfterSeconds) {
        public static SummaryView of(FleetSummary s) {
            return new SummaryView(
                    s.venues().stream()
                            .map(v -> new VenueSummaryView(
                                    v.venue().value(),
                                    counts(v.deployments()),
                                    v.pools().stream().map(PoolCountsView::of).toList()))
                            .toList(),
                    s.products().stream()
                            .map(p -> new ProductSummaryView(
                                    p.product().value(),
                                    counts(p.deployments()),
                                    p.activeImage().map(Object::toString).orElse(null)))
                            .toList(),
                    s.stalled(),
                    s.stallAfter().toSeconds());
        }
    }

    static Map<String, Long> counts(Map<DeploymentStatus, Long> byStatus) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (DeploymentStatus s : DeploymentStatus.values()) {
            out.put(s.wireName(), byStatus.getOrDefault(s, 0L));
        }
        return out;
    }
}

package pideploy.deploy.core.usecase;

import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import pideploy.deploy.core.batch.Batch;
import pideploy.deploy.core.batch.BatchId;
import pideploy.deploy.core.deployment.Deployment;
import pideploy.deploy.core.deployment.DeploymentChange;
import pideploy.deploy.core.deployment.DeploymentEvent;
import pideploy.deploy.core.deployment.DeviceProof;
import pideploy.deploy.core.deployment.DeviceSecret;
import pideploy.deploy.core.deployment.EventType;
import pideploy.deploy.core.deployment.NewDeployment;
import pideploy.deploy.core.deployment.ProofFailure;
import pideploy.deploy.core.device.Device;
import pideploy.deploy.core.device.DeviceIdentity;
import pideploy.deploy.core.device.SerialNumber;
import pideploy.deploy.core.hostname.Hostname;
import pideploy.deploy.core.image.MasterImage;
import pideploy.deploy.core.pool.PoolEntry;
import pideploy.deploy.core.port.EventPublisher;
import pideploy.deploy.core.port.FleetStore;
import pideploy.deploy.core.port.FleetTransaction;
import pideploy.deploy.core.product.HostnameStrategy;
import pideploy.deploy.core.product.Product;
import pideploy.deploy.core.product.ProductCode;
import pideploy.deploy.core.profile.DeviceProfile;
import pideploy.deploy.core.profile.ProfileScope;
import pideploy.deploy.core.server.ServerName;
import pideploy.deploy.core.venue.VenueCode;

/**
 * Answers a device's config request: which hostname and image it gets. The whole decision (device lookup, batch
 * choice, pool pick, batch decrement, deployment record) runs in one {@link FleetStore#write} transaction:
 * <ol>
 *   <li>A device (by serial; by MAC when no serial is sent) that holds a hostname gets it back.</li>
 *   <li>Else the highest-priority active batch (oldest on ties) decides venue and product, and its remaining count
 *       goes down.</li>
 *   <li>Else the request's venue and product decide.</li>
 *   <li>Else, or when the pool is empty, a refusal; never a made-up hostname.</li>
 * </ol>
 * Every {@link ConfigAnswer.Assigned} records one deployment attempt (five asks, five attempts, one hostname) and
 * publishes it after commit; requests that arrive together share one transaction and one commit (ADR-0053),
 * each failing or succeeding alone. A client that announces the device-proof protocol gets a fresh {@link DeviceSecret} per
 * attempt, of which only the hash is stored (ADR-0042); a device first seen by MAC alone adopts a serial number only
 * with its latest deployment's secret.
 */
public final class AnswerConfig {
    private static final System.Logger LOG = System.getLogger(AnswerConfig.class.getName());
    /** The creation event of a deployment that handed out its hostname now (RecordStatus reads it back). */
    static final String NEW_HOSTNAME = "hostname assigned";
    /** The creation event of a deployment whose device already held its hostname. */
    static final String HELD_HOSTNAME = "hostname already held";

    private final GroupCommit writes;
    private final EventPublisher events;
    private final Clock clock;
    private final SecureRandom random;
    private final TokenBuckets budget;
    private final Optional<ServerName> serverName;
    private final Predicate<MasterImage> fileHere;

    public AnswerConfig(FleetStore store, EventPublisher events, Clock clock) {
        this(store, events, clock, CoreSettings.DEFAULT_ASSIGNMENT_LIMIT, new SecureRandom());
    }

    /**
     * @param limit how many new hostnames one client address may take (ADR-0045)
     * @param random where device secrets come from (ADR-0042)
     */
    public AnswerConfig(FleetStore store, EventPublisher events, Clock clock, RateLimit limit, SecureRandom random) {
        this(store, events, clock, limit, random, Optional.empty());
    }

    /** @param serverName recorded on every deployment this answers (ADR-0098) */
    public AnswerConfig(
            FleetStore store,
            EventPublisher events,
            Clock clock,
            RateLimit limit,
            SecureRandom random,
            Optional<ServerName> serverName) {
        this(store, events, clock, limit, random, serverName, image -> true);
    }

    /**
     * @param serverName recorded on every deployment this answers (ADR-0098)
     * @param fileHere   whether this server holds an image's file (ADR-0099: on a shared database another server may
     *                   have registered it); a config is answered only with an image whose file is here
     */
    public AnswerConfig(
            FleetStore store,
            EventPublisher events,
            Clock clock,
            RateLimit limit,
            SecureRandom random,
            Optional<ServerName> serverName,
            Predicate<MasterImage> fileHere) {
        this.serverName = java.util.Objects.requireNonNull(serverName, "serverName");
        this.fileHere = java.util.Objects.requireNonNull(fileHere, "fileHere");
        this.writes = new GroupCommit(store);
        this.events = events;
        this.clock = clock;
        this.budget = new TokenBuckets(limit);
        this.random = random;
    }

    public ConfigAnswer answer(ConfigRequest request) {
        Instant now = clock.instant();
        // Drawn outside the transaction: SecureRandom may block briefly for entropy, and the write lock must not wait.
        Optional<DeviceSecret> secret =
                request.provesIdentity() ? Optional.of(DeviceSecret.generate(random)) : Optional.empty();
        boolean[] spent = new boolean[1];
        Result result;
        try {
            // Shares its transaction with the requests that arrive together (ADR-0053); returns after the commit.
            result = writes.write(tx -> {
                spent[0] = false;
                return decide(tx, request, secret, now, spent);
            });
        } catch (RuntimeException e) {
            if (spent[0]) {
                budget.giveBack(request.clientIp(), now); // nothing was assigned
            }
            throw e;
        }
        switch (result.answer()) {
            case ConfigAnswer.Assigned a -> {
                // One line per assignment; the text is built only if a handler takes the record (ADR-0053).
                LOG.log(Level.INFO, "config: {0}", new AssignmentLine(request, a));
                Publishing.publish(events, new DeploymentChange(a.deployment(), result.event()));
            }
            case ConfigAnswer.PoolExhausted e ->
                LOG.log(
                        Level.WARNING,
                        "config: {0} refused: {1}",
                        request.identity().describe(),
                        e.message());
            case ConfigAnswer.NoAssignmentRule e ->
                LOG.log(
                        Level.WARNING,
                        "config: {0} refused: {1}",
                        request.identity().describe(),
                        e.message());
            case ConfigAnswer.HostnameConflict e ->
                LOG.log(
                        Level.WARNING,
                        "config: {0} refused: {1}",
                        request.identity().describe(),
                        e.message());
            case ConfigAnswer.ImageNotHereYet e ->
                LOG.log(
                        Level.INFO,
                        "config: {0} asked to retry: {1}",
                        request.identity().describe(),
                        e.message());
            case ConfigAnswer.NoActiveImage e ->
                LOG.log(
                        Level.WARNING,
                        "config: {0} refused: {1}",
                        request.identity().describe(),
                        e.message());
            case ConfigAnswer.Unproven e ->
                LOG.log(
                        Level.WARNING,
                        "config: {0} from {1} refused as a spoofing " + "attempt: {2}",
                        request.identity().describe(),
                        request.clientIp(),
                        e.message());
            case ConfigAnswer.UnknownProduct e ->
                LOG.log(
                        Level.WARNING,
                        "config: {0} refused: {1}",
                        request.identity().describe(),
                        e.message());
            case ConfigAnswer.UnknownVenue e ->
                LOG.log(
                        Level.WARNING,
                        "config: {0} refused: {1}",
                        request.identity().describe(),
                        e.message());
            case ConfigAnswer.AssignmentRateLimited e ->
                LOG.log(
                        Level.WARNING,
                        "config: {0} refused: {1}",
                        request.identity().describe(),
                        e.message());
            case ConfigAnswer.CardTooSmall e ->
                LOG.log(
                        Level.WARNING,
                        "config: {0} from {1} refused, no hostname " + "assigned: {2}",
                        request.identity().describe(),
                        request.clientIp(),
                        e.message());
            case ConfigAnswer.DeviceNotExpected e ->
                LOG.log(
                        Level.WARNING,
                        "config: {0} from {1} refused: {2}",
                        request.identity().describe(),
                        request.clientIp(),
                        e.message());
        }
        return result.answer();
    }

    /** The assignment's log line, formatted only when it is written. */
    private record AssignmentLine(ConfigRequest request, ConfigAnswer.Assigned a) {
        @Override
        public String toString() {
            return "%s gets %s (%s hostname, assigned by %s), image %s %s, deployment %s%s%s"
                    .formatted(
                            request.identity().describe(),
                            a.hostname(),
                            a.newHostname() ? "new" : "held",
                            assignedBy(request, a),
                            a.image().product(),
                            a.image().version(),
                            a.deployment().id(),
                            a.secret().isPresent() ? "" : " (legacy client: unverified)",
                            a.profile()
                                    .map(p -> ", profile of "
                                            + String.join(
                                                    " < ",
                                                    p.layers().stream()
                                                            .map(ProfileScope::describe)
                                                            .toList()))
                                    .orElse(""));
        }
    }

    /** The rule, and when the device asked for another product or venue, what it asked for. */
    private static String assignedBy(ConfigRequest request, ConfigAnswer.Assigned a) {
        String rule = a.assignedBy().name().toLowerCase(Locale.ROOT);
        boolean otherProduct = request.product()
                .filter(p -> !p.equals(a.deployment().product()))
                .isPresent();
        boolean otherVenue =
                request.venue().filter(v -> !v.equals(a.deployment().venue())).isPresent();
        return otherProduct || otherVenue
                ? "%s, not the requested %s at %s"
                        .formatted(
                                rule,
                                request.product().map(Object::toString).orElse("-"),
                                request.venue().map(Object::toString).orElse("-"))
                : rule;
    }

    private record Result(ConfigAnswer answer, DeploymentEvent event) {
        static Result refused(ConfigAnswer answer) {
            return new Result(answer, null);
        }
    }

    private Result decide(
            FleetTransaction tx, ConfigRequest request, Optional<DeviceSecret> secret, Instant now, boolean[] spent) {
        DeviceIdentity identity = request.identity();
        Optional<Device> known = findDevice(tx, identity);
        Optional<Device> macOnly =
                known.filter(d -> d.serial().isEmpty() && identity.serial().isPresent());
        if (macOnly.isPresent() && macOnly.get().hostname().isPresent()) {
            Optional<ProofFailure> failure = adoptionFailure(tx, macOnly.get(), request);
            if (failure.isPresent()) {
                return Result.refused(new ConfigAnswer.Unproven(
                        failure.get(),
                        ("serial %s comes with MAC %s, which "
                                        + "belongs to the device holding %s, first seen without a serial number; %s the secret of "
                                        + "that device's latest deployment (device_secret), or an operator releases %s")
                                .formatted(
                                        identity.serial().get(),
                                        identity.mac().orElseThrow(),
                                        macOnly.get().hostname().get(),
                                        failure.get() == ProofFailure.SECRET_MISSING
                                                ? "send"
                                                : "the request's secret is wrong: send",
                                        macOnly.get().hostname().get())));
            }
        }

        if (known.isPresent() && known.get().hostname().isPresent()) {
            Hostname held = known.get().hostname().get();
            ProductCode product =
                    ProductCode.of(held.value().substring(0, held.value().indexOf('-')));
            VenueCode venue = VenueCode.of(held.value().split("-", 3)[1]);
            Optional<MasterImage> image = tx.images().findActive(product);
            if (image.isEmpty()) {
                return Result.refused(new ConfigAnswer.NoActiveImage(product));
            }
            Optional<ConfigAnswer.CardTooSmall> small = tooSmall(request, image.get());
            if (small.isPresent()) {
                return Result.refused(small.get());
            }
            if (!fileHere.test(image.get())) {
                return Result.refused(new ConfigAnswer.ImageNotHereYet(image.get()));
            }
            tx.devices().update(known.get().seen(identity, now));
            return record(
                    tx, request, secret, held, product, venue, image.get(), Optional.empty(), AssignedBy.HELD, now);
        }

        Optional<Batch> batch = tx.batches().nextActive();
        VenueCode venue;
        ProductCode productCode;
        if (batch.isPresent()) {
            if (!tx.batches().admits(batch.get().id(), identity)) {
                return Result.refused(
                        new ConfigAnswer.DeviceNotExpected(batch.get().id(), identity));
            }
            venue = batch.get().venue();
            productCode = batch.get().product();
        } else {
            if (request.venue().isEmpty() || request.product().isEmpty()) {
                return Result.refused(new ConfigAnswer.NoAssignmentRule(
                        "no batch is active and the request does not name both venue_code and product_type"));
            }
            venue = request.venue().get();
            productCode = request.product().get();
            if (tx.venues().find(venue).isEmpty()) {
                return Result.refused(new ConfigAnswer.UnknownVenue(venue));
            }
        }
        Optional<Product> product = tx.products().find(productCode);
        if (product.isEmpty()) {
            return Result.refused(new ConfigAnswer.UnknownProduct(productCode));
        }
        Optional<MasterImage> image = tx.images().findActive(productCode);
        if (image.isEmpty()) {
            return Result.refused(new ConfigAnswer.NoActiveImage(productCode));
        }
        Optional<ConfigAnswer.CardTooSmall> small = tooSmall(request, image.get());
        if (small.isPresent()) {
            return Result.refused(small.get());
        }
        if (!fileHere.test(image.get())) {
            return Result.refused(new ConfigAnswer.ImageNotHereYet(image.get()));
        }

        Hostname hostname;
        Optional<PoolEntry> entry = Optional.empty();
        if (product.get().strategy() == HostnameStrategy.POOL) {
            entry = tx.pool().lowestAvailable(venue, productCode);
            if (entry.isEmpty()) {
                return Result.refused(new ConfigAnswer.PoolExhausted(
                        venue, productCode, tx.pool().counts(venue, productCode)));
            }
            hostname = entry.get().hostname();
        } else {
            if (identity.serial().isEmpty()) {
                return Result.refused(new ConfigAnswer.NoAssignmentRule(
                        "product %s makes hostnames from serial numbers, and the request has no serial_number"
                                .formatted(productCode)));
            }
            SerialNumber serial = identity.serial().get();
            hostname = Hostname.of(productCode, venue, serial.hostnameSuffix());
            Optional<Device> holder = tx.devices().findByHostname(hostname);
            if (holder.isPresent() || tx.pool().findByHostname(hostname).isPresent()) {
                return Result.refused(new ConfigAnswer.HostnameConflict(
                        hostname,
                        "hostname %s is held by another device (%s); serial %s ends the same way"
                                .formatted(
                                        hostname,
                                        holder.map(d -> d.identity().describe()).orElse("a pool entry"),
                                        serial)));
            }
        }

        // Last check before anything is consumed: only a hostname handed out now spends from the address's budget.
        Optional<java.time.Duration> wait = budget.take(request.clientIp(), now);
        if (wait.isPresent()) {
            return Result.refused(new ConfigAnswer.AssignmentRateLimited(request.clientIp(), wait.get()));
        }
        spent[0] = true;
        Device device = known.map(d -> d.seen(identity, now))
                .orElseGet(() -> tx.devices().add(identity, now));
        if (entry.isPresent()) {
            tx.pool().update(entry.get().assignedTo(device.id(), now));
        }
        tx.devices().update(device.holding(hostname, now));
        if (batch.isPresent()) {
            tx.batches().update(batch.get().consumeOne(now));
        }
        return record(
                tx,
                request,
                secret,
                hostname,
                productCode,
                venue,
                image.get(),
                batch.map(Batch::id),
                batch.isPresent() ? AssignedBy.BATCH : AssignedBy.REQUEST,
                now);
    }

    /** The installer's own rule (it refuses a card smaller than the image's size), applied before a hostname is. */
    private static Optional<ConfigAnswer.CardTooSmall> tooSmall(ConfigRequest request, MasterImage image) {
        return request.cardSize().isPresent() && request.cardSize().getAsLong() < image.minCardSizeBytes()
                ? Optional.of(new ConfigAnswer.CardTooSmall(
                        request.identity(), request.cardSize().getAsLong(), image))
                : Optional.empty();
    }

    private static Optional<Device> findDevice(FleetTransaction tx, DeviceIdentity identity) {
        if (identity.serial().isPresent()) {
            Optional<Device> bySerial =
                    tx.devices().findBySerial(identity.serial().get());
            if (bySerial.isPresent()) {
                return bySerial;
            }
            // A device first seen without serial (MAC only) that now sends one is still the same device.
            return identity.mac()
                    .flatMap(mac -> tx.devices().findByMac(mac))
                    .filter(d -> d.serial().isEmpty());
        }
        return tx.devices().findByMac(identity.mac().orElseThrow());
    }

    /**
     * Empty when the request proves it comes from the MAC-only device: it carries the secret of the latest
     * deployment made with that MAC. A legacy deployment has no secret, so nothing can prove it.
     */
    private static Optional<ProofFailure> adoptionFailure(FleetTransaction tx, Device macOnly, ConfigRequest request) {
        if (request.secret().isEmpty()) {
            return Optional.of(ProofFailure.SECRET_MISSING);
        }
        Optional<String> hash = macOnly.identity()
                .mac()
                .flatMap(mac -> tx.deployments().latestByMac(mac))
                .flatMap(d -> d.proof().secretSha256());
        return hash.isPresent() && request.secret().get().matches(hash.get())
                ? Optional.empty()
                : Optional.of(ProofFailure.SECRET_WRONG);
    }

    private Result record(
            FleetTransaction tx,
            ConfigRequest request,
            Optional<DeviceSecret> secret,
            Hostname hostname,
            ProductCode product,
            VenueCode venue,
            MasterImage image,
            Optional<BatchId> batch,
            AssignedBy assignedBy,
            Instant now) {
        boolean newHostname = assignedBy != AssignedBy.HELD;
        Deployment deployment = tx.deployments()
                .add(new NewDeployment(
                        request.identity().serial(),
                        request.identity().mac(),
                        request.clientIp(),
                        hostname,
                        product,
                        venue,
                        image.version(),
                        batch,
                        image.sizeBytes(),
                        now,
                        secret.map(DeviceProof::of).orElse(DeviceProof.LEGACY),
                        serverName));
        DeploymentEvent event = tx.deployments()
                .addEvent(deployment, EventType.CREATED, newHostname ? NEW_HOSTNAME : HELD_HOSTNAME, now);
        Optional<DeviceProfile> profile = request.acceptsProfile()
                ? DeviceProfiles.forDeployment(tx, deployment, request.acceptsHooks())
                : Optional.empty();
        return new Result(
                new ConfigAnswer.Assigned(deployment, image, newHostname, assignedBy, secret, profile), event);
    }
}

package pideploy.deploy.core.usecase;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import pideploy.deploy.core.deployment.Deployment;
import pideploy.deploy.core.deployment.DeploymentFilter;
import pideploy.deploy.core.deployment.DeploymentStatus;
import pideploy.deploy.core.image.ImageState;
import pideploy.deploy.core.image.ImageVersion;
import pideploy.deploy.core.image.MasterImage;
import pideploy.deploy.core.port.FleetStore;
import pideploy.deploy.core.port.FleetTransaction;
import pideploy.deploy.core.port.ImageStore;
import pideploy.deploy.core.product.ProductCode;
import pideploy.deploy.core.transfer.DerivedFile;
import pideploy.deploy.core.transfer.ImportedBmap;

/**
 * Deletes a registered image that no device needs (ADR-0056): not active, not what a rollback would restore, and not
 * being written by a device right now (an unfinished deployment of it that reported within {@link #IN_FLIGHT}). The
 * record goes first, in one transaction with those checks, so no device is handed the image afterwards; then the
 * image file and its derived files (block maps, transfer form) leave the store. A deployment that started from it
 * keeps its version in the history.
 */
public final class DeleteImage {
    /** How recent a report must be for an unfinished deployment to count as writing the image now. */
    public static final Duration IN_FLIGHT = Duration.ofMinutes(15);

    private static final System.Logger LOG = System.getLogger(DeleteImage.class.getName());
    private static final List<DeploymentStatus> UNFINISHED = List.of(
            DeploymentStatus.STARTED,
            DeploymentStatus.DOWNLOADING,
            DeploymentStatus.VERIFYING,
            DeploymentStatus.CUSTOMIZING);
    private static final int NAMED = 5;
    private final FleetStore store;
    private final ImageStore files;
    private final Clock clock;

    public DeleteImage(FleetStore store, ImageStore files, Clock clock) {
        this.store = store;
        this.files = files;
        this.clock = clock;
    }

    /** @throws UncheckedIOException if the record went but a file could not be removed (the message names it) */
    public ImageDeletion delete(ProductCode product, ImageVersion version) {
        ImageDeletion outcome = store.write(tx -> {
            Optional<MasterImage> found = tx.images().find(product, version);
            if (found.isEmpty()) {
                return new ImageDeletion.NotFound(product, version);
            }
            MasterImage image = found.get();
            if (image.state() == ImageState.ACTIVE) {
                return new ImageDeletion.Active(image);
            }
            Optional<MasterImage> active = tx.images().findActive(product);
            Optional<MasterImage> target = rollbackTarget(tx, product);
            if (active.isPresent()
                    && target.isPresent()
                    && target.get().version().equals(version)) {
                return new ImageDeletion.RollbackTarget(image, active.get());
            }
            List<Deployment> writing = inFlight(tx, image, clock.instant().minus(IN_FLIGHT));
            if (!writing.isEmpty()) {
                return new ImageDeletion.InUse(
                        image,
                        writing.size(),
                        writing.stream()
                                .limit(NAMED)
                                .map(d -> d.hostname().value())
                                .toList());
            }
            tx.images().delete(product, version);
            return new ImageDeletion.Deleted(image, List.of());
        });
        if (!(outcome instanceof ImageDeletion.Deleted deleted)) {
            return outcome;
        }
        MasterImage image = deleted.image();
        List<String> removed = new ArrayList<>();
        for (String name : storedNames(image.fileName())) {
            try {
                if (files.delete(name)) {
                    removed.add(name);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(
                        ("image %s %s was deleted from the catalog, but its file %s could not be "
                                        + "removed: %s; remove it from the images directory by hand")
                                .formatted(product, version, name, e.getMessage()),
                        e);
            }
        }
        LOG.log(Level.INFO, "image {0} {1} deleted: removed {2}", product, version, String.join(", ", removed));
        return new ImageDeletion.Deleted(image, List.copyOf(removed));
    }

    /** The image file and every file derived from it: the transfer form's, an imported block map. */
    static List<String> storedNames(String fileName) {
        List<String> names = new ArrayList<>();
        names.add(fileName);
        for (DerivedFile kind : DerivedFile.values()) {
            derived(() -> kind.nameFor(fileName)).ifPresent(names::add);
        }
        derived(() -> ImportedBmap.nameFor(fileName)).ifPresent(names::add);
        return names;
    }

    private static Optional<String> derived(java.util.function.Supplier<String> name) {
        try {
            return Optional.of(name.get());
        } catch (IllegalArgumentException tooLong) {
            return Optional.empty(); // a name too long for the store: no such file can exist
        }
    }

    /** The same choice {@link RollbackImage} makes. */
    private static Optional<MasterImage> rollbackTarget(FleetTransaction tx, ProductCode product) {
        return tx.images().list(Optional.of(product)).stream()
                .filter(i -> i.state() == ImageState.INACTIVE && i.activatedAt().isPresent())
                .max(Comparator.comparing(i -> i.activatedAt().get()));
    }

    private static List<Deployment> inFlight(FleetTransaction tx, MasterImage image, Instant since) {
        List<Deployment> writing = new ArrayList<>();
        for (DeploymentStatus status : UNFINISHED) {
            DeploymentFilter filter = DeploymentFilter.all(DeploymentFilter.MAX_LIMIT)
                    .withProduct(image.product())
                    .withStatus(status);
            tx.deployments().find(filter).items().stream()
                    .filter(d -> d.imageVersion().equals(image.version())
                            && !d.updatedAt().isBefore(since))
                    .forEach(writing::add);
        }
        return writing;
    }
}

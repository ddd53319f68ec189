package pideploy.deploy.core.usecase;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.Optional;
import pideploy.deploy.core.image.ImageState;
import pideploy.deploy.core.image.ImageVersion;
import pideploy.deploy.core.image.MasterImage;
import pideploy.deploy.core.port.FleetStore;
import pideploy.deploy.core.product.ProductCode;

/** Makes an image its product's active one; the previously active one stays for rollback. */
public final class ActivateImage {
    private static final System.Logger LOG = System.getLogger(ActivateImage.class.getName());
    private final FleetStore store;
    private final Clock clock;

    public ActivateImage(FleetStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public ImageActivation activate(ProductCode product, ImageVersion version) {
        ImageActivation outcome = store.write(tx -> {
            Optional<MasterImage> image = tx.images().find(product, version);
            if (image.isEmpty()) {
                return new ImageActivation.NotFound(product, version);
            }
            if (image.get().isActive()) {
                return new ImageActivation.Activated(image.get(), Optional.empty());
            }
            Optional<MasterImage> previous = tx.images().findActive(product);
            // Deactivate first: the store allows one active image per product at any moment.
            previous.ifPresent(p -> tx.images().update(p.withState(ImageState.INACTIVE)));
            MasterImage active = image.get().activated(clock.instant());
            tx.images().update(active);
            return new ImageActivation.Activated(active, previous);
        });
        if (outcome instanceof ImageActivation.Activated a) {
            LOG.log(
                    Level.INFO,
                    "image {0} {1} is active (before: {2})",
                    product,
                    version,
                    a.previous().map(p -> p.version().value()).orElse("-"));
        }
        return outcome;
    }
}

package pideploy.deploy.core.usecase;

import java.lang.System.Logger.Level;
import java.util.Comparator;
import java.util.Optional;
import pideploy.deploy.core.image.ImageState;
import pideploy.deploy.core.image.MasterImage;
import pideploy.deploy.core.port.FleetStore;
import pideploy.deploy.core.product.ProductCode;

/**
 * Rolls a product back to the image that was active before the current one: the current one is marked rolled back
 * (later rollbacks skip it), the latest earlier-activated inactive image becomes active again.
 */
public final class RollbackImage {
    private static final System.Logger LOG = System.getLogger(RollbackImage.class.getName());
    private final FleetStore store;

    public RollbackImage(FleetStore store) {
        this.store = store;
    }

    public ImageRollback rollback(ProductCode product) {
        ImageRollback outcome = store.write(tx -> {
            Optional<MasterImage> current = tx.images().findActive(product);
            if (current.isEmpty()) {
                return new ImageRollback.NoActiveImage(product);
            }
            Optional<MasterImage> earlier = tx.images().list(Optional.of(product)).stream()
                    .filter(i ->
                            i.state() == ImageState.INACTIVE && i.activatedAt().isPresent())
                    .max(Comparator.comparing(i -> i.activatedAt().get()));
            if (earlier.isEmpty()) {
                return new ImageRollback.NoEarlierImage(product);
            }
            MasterImage withdrawn = current.get().withState(ImageState.ROLLED_BACK);
            tx.images().update(withdrawn);
            MasterImage restored = earlier.get().restored();
            tx.images().update(restored);
            return new ImageRollback.RolledBack(restored, withdrawn);
        });
        if (outcome instanceof ImageRollback.RolledBack r) {
            LOG.log(
                    Level.INFO,
                    "image rollback {0}: {1} withdrawn, {2} active again",
                    product,
                    r.withdrawn().version(),
                    r.restored().version());
        }
        return outcome;
    }
}

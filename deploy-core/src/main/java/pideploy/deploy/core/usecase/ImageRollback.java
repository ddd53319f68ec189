package pideploy.deploy.core.usecase;

import pideploy.deploy.core.image.MasterImage;
import pideploy.deploy.core.product.ProductCode;

/** Outcome of {@link RollbackImage}. */
public sealed interface ImageRollback {
    /** {@code restored} is active again; {@code withdrawn} is marked rolled back. */
    record RolledBack(MasterImage restored, MasterImage withdrawn) implements ImageRollback {}

    record NoActiveImage(ProductCode product) implements ImageRollback {
        public String message() {
            return "product %s has no active image to roll back".formatted(product);
        }
    }

    /** No image of the product was active before the current one (or all were rolled back). */
    record NoEarlierImage(ProductCode product) implements ImageRollback {
        public String message() {
            return "product %s has no earlier active image to go back to".formatted(product);
        }
    }
}

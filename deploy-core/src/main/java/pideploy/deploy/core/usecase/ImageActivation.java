package pideploy.deploy.core.usecase;

import java.util.Optional;
import pideploy.deploy.core.image.ImageVersion;
import pideploy.deploy.core.image.MasterImage;
import pideploy.deploy.core.product.ProductCode;

/** Outcome of {@link ActivateImage}. */
public sealed interface ImageActivation {
    /** {@code image} is active; {@code previous} was active before (empty if none, or if it was this one). */
    record Activated(MasterImage image, Optional<MasterImage> previous) implements ImageActivation {}

    record NotFound(ProductCode product, ImageVersion version) implements ImageActivation {
        public String message() {
            return "image %s %s is not registered".formatted(product, version);
        }
    }
}

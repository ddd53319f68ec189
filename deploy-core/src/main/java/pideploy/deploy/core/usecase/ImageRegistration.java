package pideploy.deploy.core.usecase;

import java.util.Optional;
import pideploy.deploy.core.image.ImageVersion;
import pideploy.deploy.core.image.MasterImage;
import pideploy.deploy.core.product.ProductCode;

/** Outcome of {@link RegisterImage}. */
public sealed interface ImageRegistration {
    /**
     * @param image            the registered image
     * @param previouslyActive the image it replaced as active, when registered with activate
     * @param detection        what the boot partition inspection found
     */
    record Registered(MasterImage image, Optional<MasterImage> previouslyActive, String detection)
            implements ImageRegistration { }

    /** Product + version exists; images are immutable, register a new version instead. Suggested: 409. */
    record AlreadyRegistered(ProductCode product, ImageVersion version) implements ImageRegistration {
        public String message() {
            return "image %s %s is registered already; images are immutable, use a new version"
                    .formatted(product, version);
        }
    }

    record UnknownProduct(ProductCode product) implements ImageRegistration {
        public String message() {
            return "product %s does not exist".formatted(product);
        }
    }

    /** The {@code .bmap} given with the image does not fit it; nothing was registered. Suggested: 422. */
    record BmapRejected(ProductCode product, ImageVersion version, String reason) implements ImageRegistration {
        public String message() {
            return "image %s %s not registered: %s".formatted(product, version, reason);
        }
    }
}

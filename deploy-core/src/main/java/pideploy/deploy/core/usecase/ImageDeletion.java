package pideploy.deploy.core.usecase;

import java.util.List;
import pideploy.deploy.core.image.ImageVersion;
import pideploy.deploy.core.image.MasterImage;
import pideploy.deploy.core.product.ProductCode;

/** Outcome of {@link DeleteImage}. */
public sealed interface ImageDeletion {
    /**
     * @param image        the record removed
     * @param removedFiles the files removed from the image store: the image and each derived file that existed
     */
    record Deleted(MasterImage image, List<String> removedFiles) implements ImageDeletion {}

    /** Suggested: 404. */
    record NotFound(ProductCode product, ImageVersion version) implements ImageDeletion {
        public String message() {
            return "image %s %s is not registered".formatted(product, version);
        }
    }

    /** Devices get the active image; it cannot go. Suggested: 409 IMAGE_ACTIVE. */
    record Active(MasterImage image) implements ImageDeletion {
        public String message() {
            return "image %s %s is active; activate another version first".formatted(image.product(), image.version());
        }
    }

    /** A rollback would restore this image; it cannot go. Suggested: 409 IMAGE_ROLLBACK_TARGET. */
    record RollbackTarget(MasterImage image, MasterImage active) implements ImageDeletion {
        public String message() {
            return ("image %s %s is what a rollback of %s would restore (it was active before %s); activate or roll "
                            + "back first, or keep it")
                    .formatted(image.product(), image.version(), image.product(), active.version());
        }
    }

    /**
     * Devices are writing it right now: unfinished deployments of it that reported within the grace period. Nothing
     * was deleted; try again when they are done. Suggested: 409 IMAGE_IN_USE.
     *
     * @param hostnames the hostnames of those deployments (at most a few, for the message)
     */
    record InUse(MasterImage image, int deployments, List<String> hostnames) implements ImageDeletion {
        public String message() {
            return ("image %s %s is being deployed right now (%d unfinished deployment%s: %s); nothing was deleted, "
                            + "delete it when they are done")
                    .formatted(
                            image.product(),
                            image.version(),
                            deployments,
                            deployments == 1 ? "" : "s",
                            String.join(", ", hostnames));
        }
    }
}

package pideploy.deploy.core.usecase;

import java.util.Optional;
import pideploy.deploy.core.image.ImageFormat;
import pideploy.deploy.core.image.ImageVersion;
import pideploy.deploy.core.image.MasterImage;
import pideploy.deploy.core.product.ProductCode;

/** Outcome of {@link RegisterImage}. */
public sealed interface ImageRegistration {
    /**
     * @param image            the registered image
     * @param previouslyActive the image it replaced as active, when registered with activate
     * @param detection        what the boot partition inspection found
     * @param format           how the file given was packed (the store keeps the raw image)
     */
    record Registered(MasterImage image, Optional<MasterImage> previouslyActive, String detection, ImageFormat format)
            implements ImageRegistration {}

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

    /** What was given is not a whole disk image once unpacked (ADR-0055); nothing was stored. Suggested: 422. */
    record NotADiskImage(ProductCode product, ImageVersion version, ImageFormat format, String reason)
            implements ImageRegistration {
        public String message() {
            String unpacked = format.compressed() ? " (unpacked from " + format.wireName() + ")" : "";
            return "image %s %s not registered: what was given%s is not a disk image: %s"
                    .formatted(product, version, unpacked, reason);
        }
    }

    /**
     * A compressed image that is damaged or cut short; nothing was stored. {@code inputOffset} is how far into the
     * file (compressed bytes) the decoder had read when it broke: the damage lies at or before it, within one read
     * buffer. Suggested: 422.
     */
    record CorruptArchive(
            ProductCode product, ImageVersion version, ImageFormat format, long inputOffset, String reason)
            implements ImageRegistration {
        public String message() {
            return ("image %s %s not registered: the %s data is corrupt or truncated, broken at or before byte %d of "
                            + "the file (%s); download or copy it again")
                    .formatted(product, version, format.wireName(), inputOffset, reason);
        }
    }

    /**
     * The file given does not have the SHA-256 its publisher gives (ADR-0090): damaged or a different file; nothing
     * was stored. Suggested: 422.
     *
     * @param fileBytes how many bytes of the file were read and hashed
     */
    record ChecksumMismatch(
            ProductCode product, ImageVersion version, String expectedSha256, String actualSha256, long fileBytes)
            implements ImageRegistration {
        public String message() {
            return ("image %s %s not registered: the file's SHA-256 is %s (%d bytes), not the published %s; it is "
                            + "damaged or not the file published; nothing was kept. Check the URL and the hash and "
                            + "try again")
                    .formatted(product, version, actualSha256, fileBytes, expectedSha256);
        }
    }

    /**
     * A capture whose identity could not be taken out of the image (ADR-0091): no ext root filesystem the server can
     * edit. Registered, every clone would share the reference Pi's machine-id and SSH host keys, so nothing was
     * kept. Suggested: 422.
     */
    record IdentityNotReset(ProductCode product, ImageVersion version, String reason) implements ImageRegistration {
        public String message() {
            return ("capture %s %s not registered: its identity (machine-id, SSH host keys, hostname) cannot be "
                            + "removed: %s; nothing was kept")
                    .formatted(product, version, reason);
        }
    }
}

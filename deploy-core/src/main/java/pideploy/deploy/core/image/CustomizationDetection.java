package pideploy.deploy.core.image;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.util.Objects;
import java.util.Optional;

/**
 * What an image's boot partition says about its first-boot customisation.
 *
 * @param method the detected method, empty when the image could not be inspected
 * @param reason what was found, for logs and the operator
 */
public record CustomizationDetection(Optional<CustomizationMethod> method, String reason) {
    public CustomizationDetection {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(reason, "reason");
    }

    /**
     * Inspects the image: its partition table, its first FAT partition's root directory.
     * {@code user-data} or {@code meta-data}, or a {@code cmdline.txt} naming the NoCloud datasource
     * ({@code ds=nocloud}), means cloud-init; a readable FAT boot partition without them means firstrun.
     */
    public static CustomizationDetection inspect(SeekableByteChannel image) throws IOException {
        return new CustomizationDetection(Optional.empty(), "boot partition not inspected");
    }
}

package pideploy.deploy.core.usecase;

import java.io.InputStream;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import pideploy.deploy.core.image.CustomizationMethod;
import pideploy.deploy.core.image.ImageVersion;
import pideploy.deploy.core.product.ProductCode;
import pideploy.disk.image.ByteRange;

/**
 * Input of {@link RegisterImage}.
 *
 * @param product          product the image is for
 * @param version          its version, unique per product
 * @param originalFileName the uploaded file's name (e.g. {@code kxp2.img}); only used to name the stored file
 * @param content          the image bytes; read once to the end, not closed by the use case
 * @param notes            operator notes, may be empty
 * @param customization    operator override of the detected method
 * @param activate         activate it once registered
 * @param bmap             a bmaptool {@code .bmap} that came with the image, to keep and use instead of the computed
 *                         block map (ADR-0033); checked before the image is recorded
 * @param sourceHoles      holes of the sparse file {@code content} is read from, when known (ADR-0035): zeros there
 *                         are not written, so the stored image keeps them as holes; empty for none or unknown
 * @param shrink           shrink the root filesystem to its data when it can be done safely (ADR-0063); an image
 *                         that cannot be shrunk is registered as given, with the reason
 */
public record RegisterImageCommand(
        ProductCode product,
        ImageVersion version,
        String originalFileName,
        InputStream content,
        String notes,
        Optional<CustomizationMethod> customization,
        boolean activate,
        Optional<byte[]> bmap,
        List<ByteRange> sourceHoles,
        boolean shrink) {
    /** Shrinking when it can (the default, ADR-0063). */
    public RegisterImageCommand(
            ProductCode product,
            ImageVersion version,
            String originalFileName,
            InputStream content,
            String notes,
            Optional<CustomizationMethod> customization,
            boolean activate,
            Optional<byte[]> bmap,
            List<ByteRange> sourceHoles) {
        this(product, version, originalFileName, content, notes, customization, activate, bmap, sourceHoles, true);
    }

    /** From a stream without known holes. */
    public RegisterImageCommand(
            ProductCode product,
            ImageVersion version,
            String originalFileName,
            InputStream content,
            String notes,
            Optional<CustomizationMethod> customization,
            boolean activate,
            Optional<byte[]> bmap) {
        this(product, version, originalFileName, content, notes, customization, activate, bmap, List.of());
    }

    /** Without an imported block map. */
    public RegisterImageCommand(
            ProductCode product,
            ImageVersion version,
            String originalFileName,
            InputStream content,
            String notes,
            Optional<CustomizationMethod> customization,
            boolean activate) {
        this(product, version, originalFileName, content, notes, customization, activate, Optional.empty());
    }

    public RegisterImageCommand {
        Objects.requireNonNull(bmap, "bmap");
        Objects.requireNonNull(product, "product");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(customization, "customization");
        sourceHoles = ByteRange.coalesce(sourceHoles);
        originalFileName = originalFileName == null ? "" : originalFileName;
        notes = notes == null ? "" : notes;
    }
}

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
 * @param publishedSha256  the SHA-256 its publisher gives for the file as given (compressed, when it is; ADR-0090):
 *                         when present, every byte of the file is hashed too and a different hash registers nothing
 * @param resetIdentity    a capture of a reference Pi's card (ADR-0091): take its machine-id, SSH host keys and
 *                         hostname out of the stored copy before it is shrunk and hashed; refused when that cannot be
 *                         done
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
        boolean shrink,
        Optional<String> publishedSha256,
        boolean resetIdentity) {
    private static final java.util.regex.Pattern SHA256 = java.util.regex.Pattern.compile("[0-9a-f]{64}");

    /** Not a capture: the image keeps its files as given. */
    public RegisterImageCommand(
            ProductCode product,
            ImageVersion version,
            String originalFileName,
            InputStream content,
            String notes,
            Optional<CustomizationMethod> customization,
            boolean activate,
            Optional<byte[]> bmap,
            List<ByteRange> sourceHoles,
            boolean shrink,
            Optional<String> publishedSha256) {
        this(
                product,
                version,
                originalFileName,
                content,
                notes,
                customization,
                activate,
                bmap,
                sourceHoles,
                shrink,
                publishedSha256,
                false);
    }

    /** Without a published hash to check. */
    public RegisterImageCommand(
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
        this(
                product,
                version,
                originalFileName,
                content,
                notes,
                customization,
                activate,
                bmap,
                sourceHoles,
                shrink,
                Optional.empty());
    }

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

    /**
     * A published SHA-256 as the command keeps it: lower case, without surrounding blanks.
     *
     * @throws IllegalArgumentException it is not 64 hexadecimal digits
     */
    public static String publishedSha256(String hex) {
        String h = hex.strip().toLowerCase(java.util.Locale.ROOT);
        if (!SHA256.matcher(h).matches()) {
            throw new IllegalArgumentException(
                    "sha256 must be 64 hexadecimal digits (the file's published SHA-256), got '%s'".formatted(hex));
        }
        return h;
    }

    public RegisterImageCommand {
        Objects.requireNonNull(bmap, "bmap");
        Objects.requireNonNull(product, "product");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(customization, "customization");
        publishedSha256 =
                Objects.requireNonNull(publishedSha256, "publishedSha256").map(RegisterImageCommand::publishedSha256);
        sourceHoles = ByteRange.coalesce(sourceHoles);
        originalFileName = originalFileName == null ? "" : originalFileName;
        notes = notes == null ? "" : notes;
    }
}

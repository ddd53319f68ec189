package pideploy.deploy.core.image;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import pideploy.deploy.core.product.ProductCode;

/**
 * A registered golden master image. Immutable once registered, except its catalog state.
 *
 * @param product                 product it is for
 * @param version                 version, unique per product
 * @param fileName                unique, URL-safe file name in the image store; served as {@code /images/{fileName}}
 * @param sizeBytes               size in bytes
 * @param sha256                  lower-case hex SHA-256 of the whole file, computed once at registration
 * @param registeredAt            when it was registered
 * @param notes                   operator notes, may be empty
 * @param customization           how its OS takes first-boot customisation
 * @param customizationOverridden true when the operator chose the method, false when detected
 * @param state                   inactive, active or rolled back
 * @param activatedAt             when it was last activated, if ever; rollback goes back to the latest earlier one
 * @param minCardSizeBytes        the smallest card it can be written to: the end of its last partition or its size,
 *                                whichever is larger (ADR-0063); what the card-size checks compare with
 * @param origin                  the file as given before registration shrank it (ADR-0063)
 */
public record MasterImage(
        ProductCode product,
        ImageVersion version,
        String fileName,
        long sizeBytes,
        String sha256,
        Instant registeredAt,
        String notes,
        CustomizationMethod customization,
        boolean customizationOverridden,
        ImageState state,
        Optional<Instant> activatedAt,
        long minCardSizeBytes,
        ImageOrigin origin) {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

    /** An image registered as given: its card must hold the file, and the origin is the image itself. */
    public MasterImage(
            ProductCode product,
            ImageVersion version,
            String fileName,
            long sizeBytes,
            String sha256,
            Instant registeredAt,
            String notes,
            CustomizationMethod customization,
            boolean customizationOverridden,
            ImageState state,
            Optional<Instant> activatedAt) {
        this(
                product,
                version,
                fileName,
                sizeBytes,
                sha256,
                registeredAt,
                notes,
                customization,
                customizationOverridden,
                state,
                activatedAt,
                sizeBytes,
                ImageOrigin.asGiven(sizeBytes, sha256, ""));
    }

    public MasterImage {
        Objects.requireNonNull(product, "product");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(registeredAt, "registeredAt");
        Objects.requireNonNull(customization, "customization");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(activatedAt, "activatedAt");
        validateFileName(fileName);
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("image size must not be negative, got " + sizeBytes);
        }
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException(
                    "image sha256 must be 64 lower-case hex digits, got '%s'".formatted(sha256));
        }
        if (minCardSizeBytes < sizeBytes) {
            throw new IllegalArgumentException(
                    "image min card size must be at least its size %d, got %d".formatted(sizeBytes, minCardSizeBytes));
        }
        notes = notes == null ? "" : notes;
        if (notes.length() > 2000) {
            throw new IllegalArgumentException("image notes must be at most 2000 characters, got " + notes.length());
        }
    }

    /** @throws IllegalArgumentException unless letters, digits, '.', '-', '_' (1-200, not starting with '.') */
    public static String validateFileName(String fileName) {
        if (fileName == null || !FILE_NAME.matcher(fileName).matches()) {
            throw new IllegalArgumentException(
                    "image file name must be 1-200 letters, digits, '.', '-' or '_', got '%s'".formatted(fileName));
        }
        return fileName;
    }

    /** Whether registration shrank it (ADR-0063): the stored file is not the file given. */
    public boolean shrunk() {
        return origin.sizeBytes() != sizeBytes || !origin.sha256().equals(sha256);
    }

    public boolean isActive() {
        return state == ImageState.ACTIVE;
    }

    public MasterImage activated(Instant now) {
        return new MasterImage(
                product,
                version,
                fileName,
                sizeBytes,
                sha256,
                registeredAt,
                notes,
                customization,
                customizationOverridden,
                ImageState.ACTIVE,
                Optional.of(now),
                minCardSizeBytes,
                origin);
    }

    /** Active again after a rollback; keeps its activation time so the order of rollbacks stays stable. */
    public MasterImage restored() {
        return withState(ImageState.ACTIVE);
    }

    public MasterImage withActivatedAt(Optional<Instant> when) {
        return new MasterImage(
                product,
                version,
                fileName,
                sizeBytes,
                sha256,
                registeredAt,
                notes,
                customization,
                customizationOverridden,
                state,
                when,
                minCardSizeBytes,
                origin);
    }

    public MasterImage withState(ImageState newState) {
        return new MasterImage(
                product,
                version,
                fileName,
                sizeBytes,
                sha256,
                registeredAt,
                notes,
                customization,
                customizationOverridden,
                newState,
                activatedAt,
                minCardSizeBytes,
                origin);
    }
}

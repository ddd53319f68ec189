package pideploy.deploy.core.image;

import java.util.regex.Pattern;

/**
 * The master image file as it was given, before registration shrank it (ADR-0063), so an operator can still tell
 * which vendor or captured file a record came from.
 *
 * @param sizeBytes  size of the raw image as given (after unpacking, ADR-0055)
 * @param sha256     its SHA-256, lower-case hex
 * @param shrinkNote what the shrink did, or why the image was not shrunk; empty for records from before shrinking
 */
public record ImageOrigin(long sizeBytes, String sha256, String shrinkNote) {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public ImageOrigin {
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("original image size must not be negative, got " + sizeBytes);
        }
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException(
                    "original image sha256 must be 64 lower-case hex digits, got '%s'".formatted(sha256));
        }
        shrinkNote = shrinkNote == null ? "" : shrinkNote;
        if (shrinkNote.length() > 1000) {
            shrinkNote = shrinkNote.substring(0, 1000);
        }
    }

    /** The origin of an image stored exactly as given. */
    public static ImageOrigin asGiven(long sizeBytes, String sha256, String shrinkNote) {
        return new ImageOrigin(sizeBytes, sha256, shrinkNote);
    }
}

package pideploy.deploy.core.transfer;

import java.util.regex.Pattern;
import pideploy.deploy.core.image.MasterImage;

/**
 * One derived file of a transfer form as stored beside the image.
 *
 * @param name   file name in the image store (served as {@code /images/{name}})
 * @param size   bytes
 * @param sha256 lower-case hex SHA-256 of the file; its strong ETag when served
 */
public record TransferFile(String name, long size, String sha256) {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public TransferFile {
        MasterImage.validateFileName(name);
        if (size < 0) {
            throw new IllegalArgumentException("transfer file size must not be negative, got " + size);
        }
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException(
                    "transfer file sha256 must be 64 lower-case hex digits, got '%s'".formatted(sha256));
        }
    }
}

package pideploy.deploy.core.port;

import java.io.IOException;
import java.util.Objects;
import pideploy.deploy.core.image.ImageFormat;

/**
 * A compressed image whose data is damaged or cut short (a CRC that does not match, a stream that ends before its
 * end marker). The message names the codec's finding; the core adds where in the file it broke.
 */
public final class CorruptArchiveException extends IOException {
    private final ImageFormat format;

    public CorruptArchiveException(ImageFormat format, String message, Throwable cause) {
        super(message, cause);
        this.format = Objects.requireNonNull(format, "format");
    }

    /** The format the file's first bytes announced. */
    public ImageFormat format() {
        return format;
    }
}

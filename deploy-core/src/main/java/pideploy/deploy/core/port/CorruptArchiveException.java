package pideploy.deploy.core.port;

import java.io.IOException;

/**
 * A compressed image whose data is damaged or cut short (a CRC that does not match, a stream that ends before its
 * end marker). The message names the codec's finding; the core adds where in the file it broke.
 */
public final class CorruptArchiveException extends IOException {
    public CorruptArchiveException(String message, Throwable cause) {
        super(message, cause);
    }
}

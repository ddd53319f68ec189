package pideploy.disk.image.fat;

import java.io.IOException;

/**
 * A write did not fit: not enough free clusters, or no free entry left in a FAT16 root directory (which cannot grow).
 * The volume is left as it was before the write.
 */
public class FatFullException extends IOException {
    private static final long serialVersionUID = 1L;

    public FatFullException(String message) {
        super(message);
    }
}

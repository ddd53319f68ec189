package pideploy.installer.core.port;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.Optional;

/**
 * The card (block device) or file the image is written to. Implementations decide whether it may be written at all;
 * the core decides whether it is large enough.
 */
public interface TargetDevice {

    /** A short human name for messages, e.g. {@code /dev/mmcblk0}. */
    String name();

    /**
     * Checks the target: it exists, is a block device or a regular file, neither it nor any of its partitions is
     * mounted, and it does not hold the running system's root filesystem. Never throws for those conditions:
     * they are {@link TargetCheck.Refused}.
     */
    TargetCheck check();

    /**
     * Opens the target for reading and writing at absolute positions (the channel's own position is not relied
     * on). The caller closes it.
     */
    FileChannel openForWriting() throws IOException;

    /**
     * Opens the target a second time for writes that bypass the page cache (O_DIRECT), or returns empty when the
     * target cannot (a file on a filesystem without O_DIRECT); never throws for that. Writes through it must have
     * 64 KiB-aligned buffer addresses, positions and lengths. The caller closes it. The default has none.
     */
    default Optional<FileChannel> openForDirectWriting() {
        return Optional.empty();
    }

    /** Opens the target for verification reads that bypass the page cache where possible. The caller closes it. */
    ReadBack openForReadBack() throws IOException;

    /**
     * Tells the target that {@code length} bytes at {@code offset} hold nothing worth keeping (an unmapped range of
     * a block-mapped image), so a card can erase them cheaply. Returns false when the target cannot discard (a
     * regular file, which is left as it is; a device without discard support); never throws for that, only for a
     * real failure of a supported discard. The default discards nothing.
     */
    default boolean discard(long offset, long length) throws IOException {
        return false;
    }
}

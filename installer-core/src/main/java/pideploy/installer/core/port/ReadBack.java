package pideploy.installer.core.port;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Reads the target back for verification, bypassing the page cache where the target supports it (O_DIRECT), so the
 * bytes come from the device and not from memory. Callers pass direct buffers aligned to 64 KiB and positions that
 * are multiples of 64 KiB; implementations handle a length that is not a multiple of their alignment themselves.
 */
public interface ReadBack extends Closeable {

    /**
     * Fills {@code dst} from its position to its limit with the target's bytes starting at {@code position}.
     *
     * @throws java.io.EOFException if the target ends first
     * @throws IOException          if the device cannot be read
     */
    void readFully(ByteBuffer dst, long position) throws IOException;

    /** Whether reads really bypass the page cache (false: a file on a filesystem without O_DIRECT, e.g. tmpfs). */
    boolean bypassesPageCache();
}

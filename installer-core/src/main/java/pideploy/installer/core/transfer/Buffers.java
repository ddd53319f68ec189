package pideploy.installer.core.transfer;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Direct buffers aligned to 64 KiB (O_DIRECT on 4 and 16 KiB pages, as the raw path), and SHA-256 digests. */
final class Buffers {
    static final int ALIGNMENT = 64 * 1024;

    private Buffers() {}

    static ByteBuffer allocate(long size) {
        int rounded = (int) roundUp(size);
        return ByteBuffer.allocateDirect(rounded + ALIGNMENT)
                .alignedSlice(ALIGNMENT)
                .limit(rounded)
                .slice();
    }

    static long roundUp(long size) {
        return (size + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}

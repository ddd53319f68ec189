package pideploy.installer.core.archfixture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.InstantSource;

/** Keeps the installer-core rules while using channels and digests, as the real installer core does. */
public final class InstallerCoreSide {
    private final InstantSource time;

    public InstallerCoreSide(InstantSource time) {
        this.time = time;
    }

    byte[] hash(SeekableByteChannel source) throws IOException, NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        while (source.read(buffer) > 0) {
            buffer.flip();
            digest.update(buffer);
            buffer.clear();
        }
        return digest.digest();
    }

    Instant now() {
        return time.instant();
    }
}

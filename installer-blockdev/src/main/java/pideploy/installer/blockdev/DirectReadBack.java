package pideploy.installer.blockdev;

import java.io.EOFException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import pideploy.installer.core.port.ReadBack;

/**
 * Reads a target back with O_DIRECT ({@code com.sun.nio.file.ExtendedOpenOption.DIRECT}), so the bytes come from
 * the device rather than the page cache. The JDK insists that buffer address, length and position be multiples of
 * the block size of the filesystem holding the node (the page size for /dev: 4 KiB, 16 KiB on a Pi 5 kernel); reads
 * that are 64 KiB-aligned go direct, the unaligned rest (an image's tail) through a normal channel. A file on a
 * filesystem without O_DIRECT (tmpfs) is read through the page cache, with a logged note.
 */
final class DirectReadBack implements ReadBack {
    static final int ALIGNMENT = 64 * 1024;
    private static final System.Logger LOG = System.getLogger(DirectReadBack.class.getName());

    private final Path path;
    private final Optional<FileChannel> direct;
    private final FileChannel buffered;

    private DirectReadBack(Path path, Optional<FileChannel> direct, FileChannel buffered) {
        this.path = path;
        this.direct = direct;
        this.buffered = buffered;
    }

    static DirectReadBack open(Path path) throws IOException {
        return open(path, p -> FileChannel.open(p, StandardOpenOption.READ, directOption()));
    }

    /** Opens {@code path} with {@code directOpener} for the O_DIRECT channel; tests pass one that fails. */
    static DirectReadBack open(Path path, DirectOpener directOpener) throws IOException {
        Optional<FileChannel> direct;
        try {
            direct = Optional.of(directOpener.open(path));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            LOG.log(
                    Level.INFO,
                    "{0} cannot be opened with O_DIRECT ({1}); verifying through the page cache",
                    path,
                    e.getMessage());
            direct = Optional.empty();
        }
        return new DirectReadBack(path, direct, FileChannel.open(path, StandardOpenOption.READ));
    }

    @FunctionalInterface
    interface DirectOpener {
        FileChannel open(Path path) throws IOException;
    }

    private static OpenOption directOption() {
        return com.sun.nio.file.ExtendedOpenOption.DIRECT;
    }

    @Override
    public void readFully(ByteBuffer dst, long position) throws IOException {
        long at = position;
        if (direct.isPresent()
                && dst.isDirect()
                && at % ALIGNMENT == 0
                && dst.alignmentOffset(dst.position(), ALIGNMENT) == 0) {
            int aligned = dst.remaining() / ALIGNMENT * ALIGNMENT;
            if (aligned > 0) {
                ByteBuffer part = dst.slice(dst.position(), aligned);
                fill(direct.get(), part, at);
                dst.position(dst.position() + aligned);
                at += aligned;
            }
        }
        fill(buffered, dst, at);
    }

    private void fill(FileChannel channel, ByteBuffer dst, long position) throws IOException {
        long at = position;
        while (dst.hasRemaining()) {
            int n = channel.read(dst, at);
            if (n < 0) {
                throw new EOFException(
                        "%s ends at byte %d, before the %d bytes to verify".formatted(path, at, at + dst.remaining()));
            }
            at += n;
        }
    }

    @Override
    public boolean bypassesPageCache() {
        return direct.isPresent();
    }

    @Override
    public void close() throws IOException {
        try (FileChannel b = buffered) {
            if (direct.isPresent()) {
                direct.get().close();
            }
        }
    }
}

package pideploy.installer.cli;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import pideploy.installer.core.port.ReadBack;
import pideploy.installer.core.port.TargetCheck;
import pideploy.installer.core.port.TargetDevice;

/**
 * A target that moves its bytes no faster than a {@link CardPace}: a slow card, for the demo's simulated Pi
 * ({@code --card-rate}, ADR-0048). Writes and verification reads are paced alike; it offers no O_DIRECT channel,
 * so every write passes the pace.
 */
final class PacedTargetDevice implements TargetDevice {
    private final TargetDevice target;
    private final CardPace pace;

    PacedTargetDevice(TargetDevice target, CardPace pace) {
        this.target = target;
        this.pace = pace;
    }

    @Override
    public String name() {
        return target.name();
    }

    @Override
    public TargetCheck check() {
        return target.check();
    }

    @Override
    public FileChannel openForWriting() throws IOException {
        return new PacedChannel(target.openForWriting());
    }

    @Override
    public ReadBack openForReadBack() throws IOException {
        ReadBack back = target.openForReadBack();
        return new ReadBack() {
            @Override
            public void readFully(ByteBuffer dst, long position) throws IOException {
                int limit = dst.limit();
                long at = position;
                try {
                    while (dst.hasRemaining()) {
                        int piece = Math.min(dst.remaining(), CardPace.PIECE);
                        int start = dst.position();
                        dst.limit(start + piece);
                        back.readFully(dst, at);
                        dst.limit(limit);
                        at += piece;
                        paced(piece);
                    }
                } finally {
                    dst.limit(limit);
                }
            }

            @Override
            public boolean bypassesPageCache() {
                return back.bypassesPageCache();
            }

            @Override
            public void close() throws IOException {
                back.close();
            }
        };
    }

    @Override
    public boolean discard(long offset, long length) throws IOException {
        return target.discard(offset, length);
    }

    private void paced(long bytes) throws IOException {
        try {
            pace.take(bytes);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while pacing the card");
        }
    }

    /** The target's channel, each read and write cut into pieces that pass the pace. */
    private final class PacedChannel extends FileChannel {
        private final FileChannel channel;

        PacedChannel(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            int limit = src.limit();
            int piece = Math.min(src.remaining(), CardPace.PIECE);
            src.limit(src.position() + piece);
            try {
                int n = channel.write(src, position);
                paced(n);
                return n;
            } finally {
                src.limit(limit);
            }
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            int n = write(src, channel.position());
            channel.position(channel.position() + n);
            return n;
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            long total = 0;
            for (int i = offset; i < offset + length; i++) {
                while (srcs[i].hasRemaining()) {
                    total += write(srcs[i]);
                }
            }
            return total;
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            int limit = dst.limit();
            dst.limit(dst.position() + Math.min(dst.remaining(), CardPace.PIECE));
            try {
                int n = channel.read(dst, position);
                if (n > 0) {
                    paced(n);
                }
                return n;
            } finally {
                dst.limit(limit);
            }
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            int n = read(dst, channel.position());
            if (n > 0) {
                channel.position(channel.position() + n);
            }
            return n;
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            long total = 0;
            for (int i = offset; i < offset + length && dsts[i].hasRemaining(); i++) {
                int n = read(dsts[i]);
                if (n < 0) {
                    return total == 0 ? -1 : total;
                }
                total += n;
            }
            return total;
        }

        @Override
        public long position() throws IOException {
            return channel.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            channel.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return channel.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            channel.truncate(size);
            return this;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            channel.force(metaData);
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            throw new UnsupportedOperationException("a paced card copies only through buffers");
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
            throw new UnsupportedOperationException("a paced card copies only through buffers");
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            throw new UnsupportedOperationException("a paced card cannot be mapped");
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return channel.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return channel.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            channel.close();
        }
    }
}

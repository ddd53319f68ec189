package pideploy.deploy.core.fake;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import pideploy.deploy.core.image.MasterImage;
import pideploy.deploy.core.port.ImageStore;

/**
 * {@link ImageStore} in memory, for tests whose images are a few MiB at most. Like the directory adapter it validates
 * names, shows a file only after commit, refuses to overwrite and drops what was not committed; its channels are not
 * {@link java.nio.channels.FileChannel}s, so it also proves the callers never rely on one.
 */
public final class InMemoryImageStore implements ImageStore {
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final AtomicInteger writing = new AtomicInteger();

    @Override
    public PendingImage create(String fileName) throws IOException {
        String name = MasterImage.validateFileName(fileName);
        if (files.containsKey(name)) {
            throw new FileAlreadyExistsException(name);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        writing.incrementAndGet();
        return new PendingImage() {
            private boolean open = true;
            private boolean committed;

            @Override
            public OutputStream output() {
                return bytes;
            }

            @Override
            public void commit() throws IOException {
                if (files.putIfAbsent(name, bytes.toByteArray()) != null) {
                    throw new FileAlreadyExistsException(name);
                }
                committed = true;
            }

            @Override
            public void close() {
                if (open) {
                    open = false;
                    writing.decrementAndGet();
                }
            }

            @Override
            public String toString() {
                return (committed ? "committed " : "pending ") + name;
            }
        };
    }

    @Override
    public SeekableByteChannel open(String fileName) throws IOException {
        String name = MasterImage.validateFileName(fileName);
        byte[] content = files.get(name);
        if (content == null) {
            throw new NoSuchFileException(name);
        }
        return new BytesChannel(content);
    }

    @Override
    public boolean exists(String fileName) {
        return files.containsKey(MasterImage.validateFileName(fileName));
    }

    @Override
    public boolean delete(String fileName) {
        return files.remove(MasterImage.validateFileName(fileName)) != null;
    }

    /** The committed file's bytes, for assertions. */
    public Optional<byte[]> bytes(String fileName) {
        return Optional.ofNullable(files.get(fileName)).map(byte[]::clone);
    }

    /** Replaces a committed file's content behind the core's back, as a disk fault or an operator would. */
    public void overwrite(String fileName, byte[] content) {
        files.put(MasterImage.validateFileName(fileName), content.clone());
    }

    /** Names of the committed files, sorted. */
    public Set<String> names() {
        return new TreeSet<>(files.keySet());
    }

    /** How many files are being written and not yet closed. */
    public int writing() {
        return writing.get();
    }

    /** A read-only channel over one file's bytes; they never change once committed. */
    private static final class BytesChannel implements SeekableByteChannel {
        private final byte[] content;
        private long position;
        private boolean open = true;

        BytesChannel(byte[] content) {
            this.content = content;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            ensureOpen();
            if (position >= content.length) {
                return -1;
            }
            int n = (int) Math.min(dst.remaining(), content.length - position);
            dst.put(content, (int) position, n);
            position += n;
            return n;
        }

        @Override
        public int write(ByteBuffer src) {
            throw new NonWritableChannelException();
        }

        @Override
        public long position() throws IOException {
            ensureOpen();
            return position;
        }

        @Override
        public SeekableByteChannel position(long newPosition) throws IOException {
            ensureOpen();
            if (newPosition < 0) {
                throw new IllegalArgumentException("negative position " + newPosition);
            }
            position = newPosition;
            return this;
        }

        @Override
        public long size() throws IOException {
            ensureOpen();
            return content.length;
        }

        @Override
        public SeekableByteChannel truncate(long size) {
            throw new NonWritableChannelException();
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            open = false;
        }

        private void ensureOpen() throws IOException {
            if (!open) {
                throw new java.nio.channels.ClosedChannelException();
            }
        }
    }
}

package pideploy.deploy.storage.fs;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import pideploy.deploy.core.image.MasterImage;
import pideploy.deploy.core.port.ImageStore;

/**
 * Image store in one flat directory (the data directory's {@code images/}; ADR-0064). New files are written as
 * {@code .upload-*} temporaries in the same directory and renamed atomically on commit, so a crash never leaves a
 * half-written file under a registered name.
 *
 * <p>A writer holds an exclusive file lock on its temporary while it writes (the kernel drops it when the process
 * dies), so opening a store removes every temporary nobody holds: what a crash left, however recent, and never the
 * upload an admin command is writing beside the running server. Temporaries written by this JVM are also kept in a
 * set, because probing one of them with a second descriptor and closing it would drop its writer's lock.
 */
public final class DirectoryImageStore implements ImageStore {
    private static final System.Logger LOG = System.getLogger(DirectoryImageStore.class.getName());
    private static final Set<Path> WRITING_HERE = ConcurrentHashMap.newKeySet();
    private final Path directory;

    /** Creates the directory if needed and removes uploads a crashed process left behind. */
    public DirectoryImageStore(Path directory) throws IOException {
        this.directory = Files.createDirectories(directory).toAbsolutePath().normalize();
        try (DirectoryStream<Path> uploads = Files.newDirectoryStream(this.directory, ".upload-*")) {
            for (Path upload : uploads) {
                if (!WRITING_HERE.contains(upload) && removeUnlessHeld(upload)) {
                    LOG.log(
                            System.Logger.Level.INFO,
                            "removed {0}, an image upload a crashed process left behind",
                            upload);
                }
            }
        }
    }

    private static boolean removeUnlessHeld(Path upload) throws IOException {
        try (FileChannel channel = FileChannel.open(upload, StandardOpenOption.WRITE)) {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                return false;
            }
            if (lock == null) {
                return false; // another process is writing it
            }
            Files.deleteIfExists(upload);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    public Path directory() {
        return directory;
    }

    @Override
    public PendingImage create(String fileName) throws IOException {
        Path target = path(fileName);
        if (Files.exists(target)) {
            throw new FileAlreadyExistsException(target.toString());
        }
        Path temp = directory.resolve(".upload-" + UUID.randomUUID());
        WRITING_HERE.add(temp);
        FileChannel channel;
        try {
            channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            channel.lock();
        } catch (IOException | RuntimeException e) {
            WRITING_HERE.remove(temp);
            Files.deleteIfExists(temp);
            throw e;
        }
        OutputStream out = Channels.newOutputStream(channel);
        return new PendingImage() {
            private boolean committed;
            private long holeAtEnd;

            @Override
            public OutputStream output() {
                return out;
            }

            @Override
            public void skip(long length) throws IOException {
                channel.position(channel.position() + length);
                holeAtEnd = channel.position();
            }

            @Override
            public void commit() throws IOException {
                if (holeAtEnd > channel.size()) {
                    // A hole at the very end: one zero byte makes the file long enough and leaves the rest a hole.
                    channel.write(ByteBuffer.wrap(new byte[1]), holeAtEnd - 1);
                }
                if (Files.exists(target)) {
                    throw new FileAlreadyExistsException(target.toString());
                }
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                committed = true;
                out.close();
            }

            @Override
            public void close() throws IOException {
                try {
                    if (!committed) {
                        // Deleted while still locked, so no other process can take it for a crash's leftover.
                        Files.deleteIfExists(temp);
                    }
                    out.close();
                } finally {
                    WRITING_HERE.remove(temp);
                }
            }
        };
    }

    /** A {@link FileChannel}, so the HTTP adapter sends it with zero-copy {@code transferTo}. */
    @Override
    public SeekableByteChannel open(String fileName) throws IOException {
        return FileChannel.open(path(fileName), StandardOpenOption.READ);
    }

    /**
     * Where the file of that name is (or would be) in this directory: for this adapter's own helpers and for tests,
     * never for the core, which reaches files only by name.
     */
    public Path path(String fileName) {
        return directory.resolve(MasterImage.validateFileName(fileName));
    }

    @Override
    public boolean exists(String fileName) {
        return Files.isRegularFile(path(fileName));
    }

    @Override
    public boolean delete(String fileName) throws IOException {
        return Files.deleteIfExists(path(fileName));
    }
}

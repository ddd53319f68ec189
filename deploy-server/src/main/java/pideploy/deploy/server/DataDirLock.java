package pideploy.deploy.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one server on a data directory: an exclusive lock on {@code serve.lock} in it, held while the server runs and
 * released by the kernel when the process dies, so a crash never leaves a stale lock behind. Admin commands do not
 * take it: they work beside a running server as before (SQLite serialises their writes).
 *
 * <p>Locks within one JVM are also kept in a set: a second lock attempt by the same process would otherwise open and
 * close the file, and closing any descriptor of a file drops every POSIX lock the process holds on it.
 */
public final class DataDirLock implements AutoCloseable {
    static final String FILE = "serve.lock";
    private static final Set<Path> HELD_HERE = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock, writing this process's id and the time into the file for whoever finds it held.
     *
     * @throws DataDirInUseException naming the directory and the holder when another server runs on it
     */
    public static DataDirLock acquire(Path dataDir, java.time.InstantSource clock) {
        Path file = dataDir.toAbsolutePath().normalize().resolve(FILE);
        if (!HELD_HERE.add(file)) {
            throw inUse(dataDir, file);
        }
        FileChannel channel = null;
        try {
            Files.createDirectories(file.getParent());
            channel = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                String holder = holder(channel);
                channel.close();
                HELD_HERE.remove(file);
                throw new DataDirInUseException(inUse(dataDir, file).getMessage() + holder);
            }
            channel.truncate(0);
            channel.write(
                    ByteBuffer.wrap("pid %d since %s%n"
                            .formatted(ProcessHandle.current().pid(), clock.instant())
                            .getBytes(StandardCharsets.UTF_8)),
                    0);
            return new DataDirLock(file, channel, lock);
        } catch (IOException e) {
            HELD_HERE.remove(file);
            try {
                if (channel != null) {
                    channel.close();
                }
            } catch (IOException ignored) {
                // the lock was not taken; nothing to undo
            }
            throw new UncheckedIOException(
                    "cannot lock data directory %s (%s): %s".formatted(dataDir, file, e.getMessage()), e);
        }
    }

    private static DataDirInUseException inUse(Path dataDir, Path file) {
        return new DataDirInUseException(("another `pideploy serve` is running on data directory %s (it holds %s). "
                        + "Stop it first, or give this one its own --data directory. Admin commands (pideploy venue, pool, "
                        + "image, batch ...) work beside the running server")
                .formatted(dataDir, file));
    }

    private static String holder(FileChannel channel) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(200);
        channel.read(b, 0);
        String text = new String(b.array(), 0, b.position(), StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? "" : "; it is " + text;
    }

    /** Releases the lock; idempotent. */
    @Override
    public void close() {
        try {
            if (lock.isValid()) {
                lock.release();
            }
            channel.close();
        } catch (IOException e) {
            // Closing drops the lock whatever else failed.
        } finally {
            HELD_HERE.remove(file);
        }
    }
}

package pideploy.deploy.core.filestore;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import pideploy.deploy.core.image.MasterImage;
import pideploy.deploy.core.port.ImageStore;

/**
 * Image store in one flat directory (the data directory's {@code images/}). New files are written as
 * {@code .upload-*} temporaries in the same directory and renamed atomically on commit, so a crash never leaves a
 * half-written file under a registered name.
 */
public final class DirectoryImageStore implements ImageStore {
    private final Path directory;

    /** Uploads older than this were left by a crashed process; younger ones may belong to a running one. */
    static final Duration STALE_UPLOAD = Duration.ofDays(1);

    /** Creates the directory if needed and removes uploads a crashed process left behind. */
    public DirectoryImageStore(Path directory) throws IOException {
        this.directory = Files.createDirectories(directory);
        try (DirectoryStream<Path> uploads = Files.newDirectoryStream(this.directory, ".upload-*")) {
            for (Path upload : uploads) {
                FileTime modified = Files.getLastModifiedTime(upload);
                // Compared with the file system's own clock (a fresh temp file), not the JVM's.
                if (modified.toInstant().plus(STALE_UPLOAD).isBefore(now())) {
                    Files.deleteIfExists(upload);
                }
            }
        }
    }

    private Instant now() throws IOException {
        Path probe = Files.createTempFile(directory, ".probe-", "");
        try {
            return Files.getLastModifiedTime(probe).toInstant();
        } finally {
            Files.deleteIfExists(probe);
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
        FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
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
                out.close();
                if (Files.exists(target)) {
                    throw new FileAlreadyExistsException(target.toString());
                }
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                committed = true;
            }

            @Override
            public void close() throws IOException {
                out.close();
                if (!committed) {
                    Files.deleteIfExists(temp);
                }
            }
        };
    }

    @Override
    public SeekableByteChannel open(String fileName) throws IOException {
        return Files.newByteChannel(path(fileName), StandardOpenOption.READ);
    }

    @Override
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

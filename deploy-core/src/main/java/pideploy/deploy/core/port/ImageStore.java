package pideploy.deploy.core.port;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;

/**
 * Where master image files live (the data directory's {@code images/}). File names are already validated by
 * the core (letters, digits, '.', '-', '_'), unique and URL-safe. Implementations are thread-safe.
 */
public interface ImageStore {
    /**
     * Starts writing a new file. Nothing is visible under {@code fileName} until {@link PendingImage#commit()};
     * closing without commit discards what was written.
     * @throws java.nio.file.FileAlreadyExistsException if a file of that name exists
     */
    PendingImage create(String fileName) throws IOException;

    /** Opens a stored file for reading. @throws java.nio.file.NoSuchFileException if there is none */
    SeekableByteChannel open(String fileName) throws IOException;

    /** Where the file is on disk, for adapters that serve it with zero-copy transfers. May not exist. */
    Path path(String fileName);

    boolean exists(String fileName);

    /** Deletes the file if present; returns whether it was. */
    boolean delete(String fileName) throws IOException;

    /** A file being written. */
    interface PendingImage extends Closeable {
        OutputStream output();

        /** Makes the file visible under its name, atomically. */
        void commit() throws IOException;

        /** Discards the file unless committed. */
        @Override
        void close() throws IOException;
    }
}

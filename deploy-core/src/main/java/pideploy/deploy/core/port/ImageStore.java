package pideploy.deploy.core.port;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.SeekableByteChannel;

/**
 * Where master image files and the files derived from them live (the data directory's {@code images/} in the
 * directory adapter). File names are already validated by the core (letters, digits, '.', '-', '_'), unique and
 * URL-safe. Files are reached by name only, never by a local path, so the core and the HTTP adapter work the same
 * over any store (ADR-0064). Implementations are thread-safe.
 */
public interface ImageStore {
    /**
     * Starts writing a new file. Nothing is visible under {@code fileName} until {@link PendingImage#commit()};
     * closing without commit discards what was written.
     * @throws java.nio.file.FileAlreadyExistsException if a file of that name exists
     */
    PendingImage create(String fileName) throws IOException;

    /**
     * Opens a stored file for reading, positioned at its start; the caller closes it. A store on a local filesystem
     * returns a {@link java.nio.channels.FileChannel}, which the HTTP adapter sends with zero-copy
     * {@code transferTo}; any other channel is copied through a small buffer.
     * @throws java.nio.file.NoSuchFileException if there is none
     */
    SeekableByteChannel open(String fileName) throws IOException;

    boolean exists(String fileName);

    /** Deletes the file if present; returns whether it was. */
    boolean delete(String fileName) throws IOException;

    /** A file being written. */
    interface PendingImage extends Closeable {
        /** Writes at the file's current end; {@link #skip} moves that end. Not buffered. */
        OutputStream output();

        /**
         * Moves past {@code length} bytes that read as zeros without writing them, so the file gets a hole there
         * where its filesystem has holes (keeping a sparse source sparse, ADR-0035). The default writes the zeros.
         */
        default void skip(long length) throws IOException {
            byte[] zeros = new byte[(int) Math.min(length, 1 << 16)];
            for (long left = length; left > 0; left -= zeros.length) {
                output().write(zeros, 0, (int) Math.min(left, zeros.length));
            }
        }

        /** Makes the file visible under its name, atomically. */
        void commit() throws IOException;

        /** Discards the file unless committed. */
        @Override
        void close() throws IOException;
    }
}

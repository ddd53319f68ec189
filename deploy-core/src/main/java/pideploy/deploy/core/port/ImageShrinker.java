package pideploy.deploy.core.port;

import java.io.IOException;

/**
 * Shrinks a stored master image in place to what its data needs (ADR-0063): the root filesystem (the last
 * partition, ext4) to its minimum plus a margin, that partition in the table, and the file to the partition's end.
 * An image that cannot be shrunk safely (no MBR, the last partition not ext4, errors found by a read-only check,
 * nothing to gain) is left exactly as it was and the reason is returned. Implementations run Debian's e2fsprogs, not
 * an ext4 writer of our own.
 */
public interface ImageShrinker {
    /** Shrinks nothing: for cores built without the adapter. */
    ImageShrinker NONE = fileName -> new Outcome.Unchanged("this server cannot shrink images (no shrinker configured)");

    /**
     * Shrinks the stored image {@code fileName} (a name in the {@link ImageStore}, committed, that nobody else reads
     * or writes yet). The adapter knows where the store keeps it: resize2fs works on local files only.
     *
     * @throws IOException when the file cannot be read or written; the image may then be partly rewritten and must
     *                     be discarded
     */
    Outcome shrink(String fileName) throws IOException;

    /** What a shrink did. */
    sealed interface Outcome {
        /** The file is now {@code sizeBytes} long; {@code note} says what was done, for the record and the log. */
        record Shrunk(long sizeBytes, String note) implements Outcome {}

        /** The file is untouched; {@code reason} says why, for the operator. */
        record Unchanged(String reason) implements Outcome {}
    }
}

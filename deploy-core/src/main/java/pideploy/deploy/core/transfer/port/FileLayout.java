package pideploy.deploy.core.transfer.port;

import java.util.List;
import java.util.Optional;
import pideploy.disk.image.ByteRange;

/**
 * Where a file of the {@link pideploy.deploy.core.port.ImageStore}, named as there, holds data, as the filesystem
 * under the store reports it. What lies outside the allocated ranges are the holes of a sparse file: never written,
 * they read as zeros and hold nothing a card needs, so a block map may leave them out (ADR-0035). Implementations are thread-safe and never guess: when the layout
 * cannot be learned they say so, and the whole file counts as data.
 */
public interface FileLayout {

    /** Knows nothing about any file: every byte counts as data. */
    FileLayout UNKNOWN = fileName -> Optional.empty();

    /**
     * The byte ranges of the stored file {@code fileName} that are allocated (written, or preallocated without being
     * written), sorted and disjoint; an empty list for a file that is one hole. Empty when the filesystem cannot tell
     * (no such query, the helper missing or failing, no such file), never an exception for that.
     */
    Optional<List<ByteRange>> allocatedRanges(String fileName);
}

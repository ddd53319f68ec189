package pideploy.deploy.core.port;

import java.io.IOException;
import java.io.InputStream;
import pideploy.deploy.core.image.ImageFormat;

/**
 * Unpacks a master image as operators have it (ADR-0055): a raw {@code .img}, or one compressed with xz, gzip or
 * zstd, or a {@code .zip} holding exactly one {@code .img}. The format is told by the first bytes, never by the
 * file's name. Decoding streams: nothing is buffered beyond the codec's own window.
 */
public interface ImageDecoder {
    /** Passes every input through as a raw image (for cores built without a codec adapter). */
    ImageDecoder RAW_ONLY = in -> new Decoded(ImageFormat.RAW, in);

    /**
     * Reads the first bytes of {@code in} to tell its format and returns the decompressed image as a stream.
     * Reading that stream throws {@link CorruptArchiveException} where the archive is corrupt or ends early, and
     * {@link ArchiveContentsException} when a zip does not hold exactly one {@code .img}; failures of {@code in}
     * itself pass through unchanged. {@code in} is not closed.
     *
     * @throws CorruptArchiveException  if the archive's header is already broken
     * @throws ArchiveContentsException if a zip's first file is not a {@code .img}
     */
    Decoded open(InputStream in) throws IOException;

    /** The format found and the image bytes. */
    record Decoded(ImageFormat format, InputStream content) {}
}

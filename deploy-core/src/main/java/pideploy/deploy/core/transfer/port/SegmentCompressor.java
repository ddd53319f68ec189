package pideploy.deploy.core.transfer.port;

/**
 * Compresses one segment of an image into one self-contained frame of the transfer format: a decoder needs nothing
 * but that frame (no dictionary, no shared window), so a device can start or resume at any segment.
 *
 * <p>Contract: {@link #compress} is deterministic for the same input and settings, and thread-safe: the core calls
 * it from several threads at once for different segments. It throws {@link IllegalStateException} when the codec
 * fails (never for valid input); the preparation is then marked failed with that message.
 */
public interface SegmentCompressor {
    /** The transfer format the frames belong to, e.g. {@code zstd-ranges-v1}. */
    String format();

    /** Returns a new array holding exactly one frame that decodes to {@code raw[0..length)}. */
    byte[] compress(byte[] raw, int length);
}

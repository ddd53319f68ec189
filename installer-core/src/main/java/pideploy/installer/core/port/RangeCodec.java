package pideploy.installer.core.port;

import java.nio.ByteBuffer;

/**
 * Reads the {@code zstd-ranges-v1} transfer form: its JSON index and its frames (one zstd frame per segment).
 * JSON and zstd are technologies, so they live in an adapter; the core does the checking, threading and writing.
 * Thread-safe; each {@link FrameDecoder} is for one thread.
 */
public interface RangeCodec {

    /**
     * Parses an index file's bytes (already checked against {@code index_sha256} by the caller).
     *
     * @throws IllegalArgumentException if the bytes are not a well-formed, self-consistent index; the message says
     *                                  which field is wrong
     */
    TransferIndex parseIndex(byte[] json);

    /** A decoder owning native resources until closed. */
    FrameDecoder newDecoder();

    /** Decodes single, complete frames. Not thread-safe. */
    interface FrameDecoder extends AutoCloseable {

        /**
         * Decodes the one frame between {@code src}'s position and limit into {@code dst} from its position, and
         * returns the number of bytes produced; positions are left unchanged. Both buffers are direct.
         *
         * @throws CorruptFrameException if the bytes are not one valid frame or decode to more than {@code dst}
         *                               has room for
         */
        int decode(ByteBuffer src, ByteBuffer dst);

        @Override
        void close();
    }

    /** The frame cannot be decoded: corrupt or truncated data, or bigger than announced. */
    class CorruptFrameException extends RuntimeException {
        public CorruptFrameException(String message) {
            super(message);
        }
    }
}

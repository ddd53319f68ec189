package pideploy.installer.core.port;

import java.nio.channels.ReadableByteChannel;
import java.util.Optional;

/**
 * An open download of an image: {@link #read} gives bytes starting at {@link #firstByte()} (0 for a full answer,
 * the requested offset for a 206). Reads throw {@link java.io.IOException} when the connection drops; closing from
 * another thread must make a blocked read fail promptly (the workflow does that when the transfer stalls).
 */
public interface ImageStream extends ReadableByteChannel {

    /** Offset in the image of the first byte this stream delivers. */
    long firstByte();

    /** Size of the whole image file as the server states it (not just this range). */
    long imageSize();

    /** The server's entity tag for the image, used to resume safely with {@code If-Range}. */
    Optional<String> etag();
}

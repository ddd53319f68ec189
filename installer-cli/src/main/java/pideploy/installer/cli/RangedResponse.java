package pideploy.installer.cli;

import java.util.Optional;
import pideploy.installer.core.port.ImageStream;

/**
 * What every image response tells before its body, for both image clients (the socket one and the HttpClient
 * fallback): the body's first byte within the file, the whole file's size and its ETag.
 */
abstract class RangedResponse implements ImageStream {
    private final long first;
    private final long size;
    private final Optional<String> etag;

    RangedResponse(long first, long size, Optional<String> etag) {
        this.first = first;
        this.size = size;
        this.etag = etag;
    }

    @Override
    public final long firstByte() {
        return first;
    }

    @Override
    public final long imageSize() {
        return size;
    }

    @Override
    public final Optional<String> etag() {
        return etag;
    }
}

package pideploy.installer.core.port;

import java.util.Objects;
import java.util.Optional;

/**
 * A request for the image's bytes from {@code firstByte} to its end. When {@code firstByte > 0} the adapter sends
 * {@code Range: bytes=firstByte-} and, when {@code ifRange} is present, {@code If-Range} with that entity tag, so
 * the server answers 200 with the whole file if the image changed in between.
 */
public record ImageRequest(String imageUrl, long firstByte, Optional<String> ifRange) {
    public ImageRequest {
        Objects.requireNonNull(imageUrl, "imageUrl");
        Objects.requireNonNull(ifRange, "ifRange");
        if (firstByte < 0) {
            throw new IllegalArgumentException("firstByte must not be negative, was %d".formatted(firstByte));
        }
    }
}

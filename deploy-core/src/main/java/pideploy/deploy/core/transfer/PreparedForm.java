package pideploy.deploy.core.transfer;

import java.util.Objects;

/**
 * What a finished preparation produced.
 *
 * @param mappedBytes     bytes of the image in mapped ranges (what a device writes)
 * @param compressedBytes size of the {@code .zranges} data file (what crosses the network)
 * @param segments        number of segments (frames)
 * @param index           the {@code .zranges.json} index
 * @param data            the {@code .zranges} frames
 * @param bmap            the bmaptool {@code .bmap}
 * @param mapSource       where the block map came from (computed, or imported with the image)
 */
public record PreparedForm(
        long mappedBytes,
        long compressedBytes,
        int segments,
        TransferFile index,
        TransferFile data,
        TransferFile bmap,
        MapSource mapSource) {
    /** A form prepared from the computed block map. */
    public PreparedForm(
            long mappedBytes,
            long compressedBytes,
            int segments,
            TransferFile index,
            TransferFile data,
            TransferFile bmap) {
        this(mappedBytes, compressedBytes, segments, index, data, bmap, MapSource.COMPUTED);
    }

    public PreparedForm {
        Objects.requireNonNull(mapSource, "mapSource");
        Objects.requireNonNull(index, "index");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(bmap, "bmap");
        if (mappedBytes < 0 || compressedBytes < 0 || segments < 0) {
            throw new IllegalArgumentException("prepared form mappedBytes, compressedBytes and segments must not be "
                    + "negative, got %d, %d, %d".formatted(mappedBytes, compressedBytes, segments));
        }
        if (data.size() != compressedBytes) {
            throw new IllegalArgumentException("prepared form compressedBytes %d must equal the data file size %d"
                    .formatted(compressedBytes, data.size()));
        }
    }
}

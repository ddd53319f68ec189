package pideploy.deploy.core.transfer;

import java.util.ArrayList;
import java.util.List;
import pideploy.disk.image.bmap.BlockMap;
import pideploy.disk.image.bmap.MappedRange;

/**
 * A piece of a mapped range: the unit of compression, verification and resumption.
 *
 * @param offset byte offset in the image, a multiple of the block size
 * @param length raw bytes, at most the segment size; a multiple of the block size except at the image's end
 */
public record Segment(long offset, int length) {
    /** 4 MiB: small enough to resume cheaply and to keep a few in flight per core, large enough to compress well. */
    public static final int MAX_BYTES = 4 << 20;

    public Segment {
        if (offset < 0 || length <= 0) {
            throw new IllegalArgumentException(
                    "segment needs offset >= 0 and length > 0, got %d, %d".formatted(offset, length));
        }
    }

    public long end() {
        return offset + length;
    }

    /**
     * The mapped ranges of {@code map} cut into segments of at most {@code maxBytes} (a multiple of the block size),
     * in image order. Every piece starts on a block boundary; the last piece of a range may be shorter, and the
     * image's last block may be short.
     */
    public static List<Segment> split(BlockMap map, int maxBytes) {
        if (maxBytes <= 0 || maxBytes % map.blockSize() != 0) {
            throw new IllegalArgumentException("segment size must be a positive multiple of the block size %d, got %d"
                    .formatted(map.blockSize(), maxBytes));
        }
        List<Segment> out = new ArrayList<>();
        for (MappedRange r : map.ranges()) {
            long from = r.firstBlock() * map.blockSize();
            long to = Math.min((r.lastBlock() + 1) * map.blockSize(), map.imageSize());
            for (long at = from; at < to; at += maxBytes) {
                out.add(new Segment(at, (int) Math.min(maxBytes, to - at)));
            }
        }
        return out;
    }
}

package pideploy.disk.image.bmap;

import java.util.List;

/**
 * Which blocks of a disk image must be copied to a target, with a SHA-256 per mapped range: the content of a bmaptool
 * {@code .bmap} file. Blocks not in any range hold nothing any reader of the image looks at and may be skipped.
 *
 * @param imageSize size of the image in bytes
 * @param blockSize block size in bytes, a power of two (normally {@link #DEFAULT_BLOCK_SIZE})
 * @param ranges    mapped ranges sorted by block, not overlapping, inside the image (bmaptool may write touching
 *                  ranges, one per extent; ours are merged)
 */
public record BlockMap(long imageSize, int blockSize, List<MappedRange> ranges) {

    /** The block size bmaptool uses and we produce. */
    public static final int DEFAULT_BLOCK_SIZE = 4096;

    public BlockMap {
        if (imageSize < 0) throw new IllegalArgumentException("block map imageSize must be >= 0: " + imageSize);
        if (blockSize < 512 || Integer.bitCount(blockSize) != 1)
            throw new IllegalArgumentException("block map blockSize must be a power of two >= 512: " + blockSize);
        if (ranges == null) throw new IllegalArgumentException("block map ranges must not be null");
        ranges = List.copyOf(ranges);
        long blocks = (imageSize + blockSize - 1) / blockSize;
        long previousLast = -1;
        for (MappedRange r : ranges) {
            if (r.firstBlock() <= previousLast)
                throw new IllegalArgumentException(
                        "block map ranges must be sorted and not overlap: range starting at %d follows one ending at %d"
                                .formatted(r.firstBlock(), previousLast));
            if (r.lastBlock() >= blocks)
                throw new IllegalArgumentException("block map range %d-%d lies beyond the image's %d blocks"
                        .formatted(r.firstBlock(), r.lastBlock(), blocks));
            previousLast = r.lastBlock();
        }
    }

    /** {@code ceil(imageSize / blockSize)}. */
    public long blocksCount() {
        return (imageSize + blockSize - 1) / blockSize;
    }

    /** Number of blocks that must be copied. */
    public long mappedBlocksCount() {
        return ranges.stream().mapToLong(MappedRange::blockCount).sum();
    }

    /** Bytes that must be copied (the last block counted only as far as the image goes). */
    public long mappedBytes() {
        long bytes = 0;
        for (MappedRange r : ranges)
            bytes += Math.min((r.lastBlock() + 1) * blockSize, imageSize) - r.firstBlock() * blockSize;
        return bytes;
    }
}

package pideploy.disk.image.bmap;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import pideploy.disk.image.ByteRange;
import pideploy.disk.image.ext4.Ext4BlockBitmap;
import pideploy.disk.image.fat.FatFileSystem;
import pideploy.disk.image.partition.Partition;
import pideploy.disk.image.partition.PartitionTable;

/**
 * Builds the block map of a whole-disk image from its own structures: the partition table, and inside each partition
 * the FAT allocation table or the ext2/3/4 block bitmaps.
 *
 * <p><b>Safety rule</b> (docs/adr/0021-block-map-safety-rule.md): a block is left unmapped only when every byte of it
 * lies in free space of a filesystem this module parsed and vouched for. Everything else is mapped: the partition
 * table and the gaps between partitions (boot loaders live there), partitions of unknown type or content, filesystems
 * the parsers refuse (FAT12, exFAT, bigalloc, unclean ext4, ...), partition space after the end of a filesystem,
 * overlapping partitions, and the whole image when it has no partition table. The filesystem is recognised by its
 * content (ext magic or a valid FAT boot sector), not by the partition type byte.
 *
 * <p><b>Holes</b> of a sparse image file (ADR-0035) unmap only what lies outside the filesystems parsed here: inside
 * one, its own allocation decides, because a used block that is a hole still has to read as zeros (FAT tables,
 * zeroed inode tables) and a card does not promise that; such zeros cost almost nothing once compressed.
 */
public final class BlockMapper {

    private static final System.Logger LOG = System.getLogger(BlockMapper.class.getName());
    private static final int READ_CHUNK = 1024 * 1024;

    private BlockMapper() {}

    /**
     * The block map (4 KiB blocks, SHA-256 per mapped range) of the image in {@code image}, whose size is
     * {@code image.size()}. Reads the filesystem metadata and then every mapped byte once; changes the position.
     */
    public static BlockMap map(SeekableByteChannel image) throws IOException {
        return map(image, Optional.empty());
    }

    /**
     * As {@link #map(SeekableByteChannel)}, and additionally leaves unmapped the holes of a sparse image file that
     * lie outside the filesystems parsed here (the partition table's block, gaps, partitions it cannot read, an
     * image without partition table); inside them their allocation decides alone (class comment, ADR-0035). A 4 KiB
     * block counts as mapped when any byte of it is kept.
     *
     * @param allocated the image file's allocated byte ranges, as its filesystem reports them; empty when unknown
     */
    public static BlockMap map(SeekableByteChannel image, Optional<List<ByteRange>> allocated) throws IOException {
        long size = image.size();
        int bs = BlockMap.DEFAULT_BLOCK_SIZE;
        Layout layout = layout(image);
        List<ByteRange> used = layout.used();
        if (allocated.isPresent()) {
            List<ByteRange> outside = ByteRange.complement(layout.parsed(), size);
            List<ByteRange> kept = new ArrayList<>(ByteRange.intersect(used, layout.parsed()));
            kept.addAll(ByteRange.intersect(ByteRange.intersect(used, outside), allocated.get()));
            used = ByteRange.coalesce(kept);
        }
        List<long[]> runs = mappedBlockRuns(used, size, bs);
        List<MappedRange> ranges = new ArrayList<>();
        for (long[] run : runs) {
            long from = run[0] * bs;
            long to = Math.min((run[1] + 1) * bs, size);
            ranges.add(new MappedRange(run[0], run[1], sha256(image, from, to)));
        }
        BlockMap map = new BlockMap(size, bs, ranges);
        // Numbers as strings: MessageFormat would print 24834 as "24,834".
        LOG.log(
                System.Logger.Level.INFO,
                "block map: {0} of {1} blocks mapped ({2} ranges)",
                Long.toString(map.mappedBlocksCount()),
                Long.toString(map.blocksCount()),
                Integer.toString(ranges.size()));
        return map;
    }

    /**
     * The byte ranges of the image that must be kept (sorted, merged), by the safety rule in the class comment.
     */
    public static List<ByteRange> usedRanges(SeekableByteChannel image) throws IOException {
        return layout(image).used();
    }

    /** What must be kept, and where the filesystems this class parsed lie (both sorted and merged). */
    private record Layout(List<ByteRange> used, List<ByteRange> parsed) {}

    /** A filesystem parsed: its free ranges and its whole extent, both relative to the image. */
    private record Parsed(List<ByteRange> free, ByteRange extent) {}

    private static Layout layout(SeekableByteChannel image) throws IOException {
        long size = image.size();
        PartitionTable table;
        try {
            table = PartitionTable.read(image);
        } catch (IllegalArgumentException | EOFException e) {
            LOG.log(
                    System.Logger.Level.INFO,
                    "block map: no usable partition table ({0}); whole image mapped",
                    e.getMessage());
            return new Layout(size == 0 ? List.of() : List.of(new ByteRange(0, size)), List.of());
        }
        List<Partition> parts = table.partitions().stream()
                .sorted(Comparator.comparingLong(Partition::firstByte))
                .toList();
        List<ByteRange> free = new ArrayList<>();
        List<ByteRange> parsed = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            Partition p = parts.get(i);
            boolean overlaps = (i > 0 && parts.get(i - 1).endByteExclusive() > p.firstByte())
                    || (i + 1 < parts.size()
                            && p.endByteExclusive() > parts.get(i + 1).firstByte());
            if (overlaps || p.endByteExclusive() > size) {
                LOG.log(
                        System.Logger.Level.INFO,
                        "block map: partition {0} overlaps another or passes the image end; kept whole",
                        p.number());
                continue;
            }
            freeRangesOf(image, p).ifPresent(fs -> {
                free.addAll(fs.free());
                parsed.add(fs.extent());
            });
        }
        return new Layout(complement(ByteRange.coalesce(free), size), ByteRange.coalesce(parsed));
    }

    private static Optional<Parsed> freeRangesOf(SeekableByteChannel image, Partition p) throws IOException {
        long start = p.firstByte();
        if (Ext4BlockBitmap.hasSuperblockMagic(image, start)) {
            try {
                Ext4BlockBitmap ext = Ext4BlockBitmap.read(image, start);
                LOG.log(
                        System.Logger.Level.DEBUG,
                        "block map: partition {0} ext2/3/4, {1} of {2} blocks used",
                        p.number(),
                        Long.toString(ext.usedBlocks()),
                        Long.toString(ext.blocksCount()));
                return Optional.of(new Parsed(
                        shifted(complement(ext.usedRanges(), ext.sizeBytes()), start),
                        new ByteRange(start, ext.sizeBytes())));
            } catch (IllegalArgumentException | EOFException e) {
                LOG.log(
                        System.Logger.Level.INFO,
                        "block map: partition {0} kept whole: {1}",
                        p.number(),
                        e.getMessage());
                return Optional.empty();
            }
        }
        try {
            FatFileSystem fat = FatFileSystem.openToRead(image, start);
            LOG.log(System.Logger.Level.DEBUG, "block map: partition {0} {1}", p.number(), fat.type());
            return Optional.of(new Parsed(
                    shifted(complement(fat.usedRanges(), fat.volumeSizeBytes()), start),
                    new ByteRange(start, fat.volumeSizeBytes())));
        } catch (IllegalArgumentException | EOFException e) {
            LOG.log(
                    System.Logger.Level.INFO,
                    "block map: partition {0} is neither ext2/3/4 nor FAT16/32 we can read; kept whole ({1})",
                    p.number(),
                    e.getMessage());
            return Optional.empty();
        }
    }

    private static List<ByteRange> shifted(List<ByteRange> ranges, long delta) {
        return ranges.stream().map(r -> r.shift(delta)).toList();
    }

    /** {@code [0, size)} minus the given sorted, merged ranges. */
    static List<ByteRange> complement(List<ByteRange> sortedMerged, long size) {
        return ByteRange.complement(sortedMerged, size);
    }

    /**
     * Inclusive block runs {first, last} covering every block that any used byte touches; a block is unmapped only
     * when it is entirely unused.
     */
    static List<long[]> mappedBlockRuns(List<ByteRange> used, long imageSize, int blockSize) {
        List<long[]> runs = new ArrayList<>();
        for (ByteRange r : ByteRange.coalesce(used)) {
            long end = Math.min(r.end(), imageSize);
            if (end <= r.offset()) continue;
            long first = r.offset() / blockSize;
            long last = (end - 1) / blockSize;
            if (!runs.isEmpty() && runs.getLast()[1] >= first - 1) {
                runs.getLast()[1] = Math.max(runs.getLast()[1], last);
            } else {
                runs.add(new long[] {first, last});
            }
        }
        return runs;
    }

    private static String sha256(SeekableByteChannel ch, long from, long to) throws IOException {
        MessageDigest md = BmapXml.sha256();
        ByteBuffer buf = ByteBuffer.allocate(READ_CHUNK);
        long pos = from;
        ch.position(from);
        while (pos < to) {
            buf.clear().limit((int) Math.min(READ_CHUNK, to - pos));
            int n = ch.read(buf);
            if (n < 0) throw new EOFException("image ends at %d while hashing up to %d".formatted(pos, to));
            buf.flip();
            md.update(buf);
            pos += n;
        }
        return HexFormat.of().formatHex(md.digest());
    }
}

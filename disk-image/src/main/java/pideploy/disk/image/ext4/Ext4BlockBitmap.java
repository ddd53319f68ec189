package pideploy.disk.image.ext4;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import pideploy.disk.image.ByteRange;

/**
 * Which blocks of an ext2/3/4 filesystem are in use, read from its superblock, group descriptors and block bitmaps.
 *
 * <p><b>Conservative by design</b>: a block is reported free only when the filesystem itself says so beyond doubt.
 * <ul>
 *   <li>Blocks before the first group, every group's superblock/descriptor backups and reserved GDT blocks, and every
 *       group's block bitmap, inode bitmap and inode table (wherever flex_bg put them) are always in use.</li>
 *   <li>A group flagged BLOCK_UNINIT (honoured only when the filesystem has group-descriptor checksums, as the kernel
 *       does) has no bitmap on disk: all its blocks are free except the metadata above.</li>
 *   <li>A group whose bitmap's free count disagrees with its descriptor's free count is treated as entirely used.</li>
 *   <li>Filesystems with bigalloc or meta_bg, a journal needing recovery, or not cleanly unmounted are refused with
 *       {@link Ext4FormatException}; the caller then keeps the whole filesystem.</li>
 * </ul>
 * Not thread-safe while reading; the result is immutable.
 */
public final class Ext4BlockBitmap {

    private static final int SUPERBLOCK_OFFSET = 1024;
    private static final int MAGIC = 0xEF53;
    private static final int STATE_CLEAN = 0x0001;
    private static final int STATE_ERRORS = 0x0002;
    private static final int COMPAT_SPARSE_SUPER2 = 0x0200;
    private static final int INCOMPAT_RECOVER = 0x0004;
    private static final int INCOMPAT_JOURNAL_DEV = 0x0008;
    private static final int INCOMPAT_META_BG = 0x0010;
    private static final int INCOMPAT_64BIT = 0x0080;
    private static final int RO_COMPAT_SPARSE_SUPER = 0x0001;
    private static final int RO_COMPAT_GDT_CSUM = 0x0010;
    private static final int RO_COMPAT_BIGALLOC = 0x0200;
    private static final int RO_COMPAT_METADATA_CSUM = 0x0400;
    private static final int BG_BLOCK_UNINIT = 0x0002;
    private static final long MAX_BLOCKS = Integer.MAX_VALUE;

    private final int blockSize;
    private final long blocksCount;
    private final BitSet used;

    private Ext4BlockBitmap(int blockSize, long blocksCount, BitSet used) {
        this.blockSize = blockSize;
        this.blocksCount = blocksCount;
        this.used = used;
    }

    /**
     * Reads the allocation state of the ext2/3/4 filesystem starting at byte {@code offset} of {@code channel}.
     *
     * @throws Ext4FormatException when there is no ext2/3/4 superblock there, or the filesystem is of a kind or in a
     *                             state whose free blocks this reader does not vouch for (see the class comment)
     * @throws IOException         when reading fails or the channel ends before the filesystem does
     */
    public static Ext4BlockBitmap read(SeekableByteChannel channel, long offset) throws IOException {
        ByteBuffer sb = superblock(channel, offset);
        if ((sb.getShort(0x38) & 0xFFFF) != MAGIC)
            throw new Ext4FormatException(
                    "not an ext2/3/4 filesystem: no superblock magic 0xEF53 at byte " + (offset + 0x438));
        int logBlock = sb.getInt(0x18);
        if (logBlock < 0 || logBlock > 6)
            throw new Ext4FormatException("ext4 superblock: block size 1024 << %d is impossible".formatted(logBlock));
        int blockSize = 1024 << logBlock;
        int compat = sb.getInt(0x5C);
        int incompat = sb.getInt(0x60);
        int roCompat = sb.getInt(0x64);
        int state = sb.getShort(0x3A) & 0xFFFF;
        if ((incompat & INCOMPAT_JOURNAL_DEV) != 0)
            throw new Ext4FormatException("ext4: this is an external journal device, not a filesystem");
        if ((incompat & INCOMPAT_RECOVER) != 0)
            throw new Ext4FormatException("ext4: the journal needs recovery, so the on-disk bitmaps may be stale; "
                    + "run e2fsck on the image first");
        if ((state & STATE_CLEAN) == 0 || (state & STATE_ERRORS) != 0)
            throw new Ext4FormatException(("ext4: filesystem was not cleanly unmounted or has errors (state 0x%04X); "
                            + "run e2fsck on the image first")
                    .formatted(state));
        if ((roCompat & RO_COMPAT_BIGALLOC) != 0)
            throw new Ext4FormatException("ext4: bigalloc (cluster-based bitmaps) is not supported");
        if ((incompat & INCOMPAT_META_BG) != 0)
            throw new Ext4FormatException("ext4: meta_bg group descriptor layout is not supported");
        boolean is64 = (incompat & INCOMPAT_64BIT) != 0;
        long blocksCount = u32(sb, 0x04) | (is64 ? u32(sb, 0x150) << 32 : 0);
        long firstDataBlock = Integer.toUnsignedLong(sb.getInt(0x14));
        long blocksPerGroup = Integer.toUnsignedLong(sb.getInt(0x20));
        long inodesPerGroup = Integer.toUnsignedLong(sb.getInt(0x28));
        int revLevel = sb.getInt(0x4C);
        int inodeSize = revLevel >= 1 ? sb.getShort(0x58) & 0xFFFF : 128;
        int descSize = is64 ? sb.getShort(0xFE) & 0xFFFF : 32;
        int reservedGdt = sb.getShort(0xCE) & 0xFFFF;
        if (blocksCount == 0 || blocksCount > MAX_BLOCKS)
            throw new Ext4FormatException("ext4 superblock: block count %d out of range".formatted(blocksCount));
        if (blocksPerGroup == 0 || blocksPerGroup > 8L * blockSize)
            throw new Ext4FormatException(
                    "ext4 superblock: %d blocks per group does not fit one bitmap block".formatted(blocksPerGroup));
        if (firstDataBlock >= blocksCount)
            throw new Ext4FormatException(
                    "ext4 superblock: first data block %d beyond block count".formatted(firstDataBlock));
        if (inodeSize < 128 || inodeSize > blockSize || Integer.bitCount(inodeSize) != 1)
            throw new Ext4FormatException("ext4 superblock: inode size %d impossible".formatted(inodeSize));
        if (descSize < 32 || (is64 && descSize < 64) || descSize > 1024 || Integer.bitCount(descSize) != 1)
            throw new Ext4FormatException("ext4 superblock: group descriptor size %d impossible".formatted(descSize));
        long groups = (blocksCount - firstDataBlock + blocksPerGroup - 1) / blocksPerGroup;
        long gdtBlocks = (groups * descSize + blockSize - 1) / blockSize;
        long inodeTableBlocks = (inodesPerGroup * inodeSize + blockSize - 1) / blockSize;
        boolean checksummed = (roCompat & (RO_COMPAT_GDT_CSUM | RO_COMPAT_METADATA_CSUM)) != 0;
        boolean sparse = (roCompat & RO_COMPAT_SPARSE_SUPER) != 0;
        boolean sparse2 = (compat & COMPAT_SPARSE_SUPER2) != 0;
        long backup1 = Integer.toUnsignedLong(sb.getInt(0x24C));
        long backup2 = Integer.toUnsignedLong(sb.getInt(0x250));

        long fsBytes = blocksCount * blockSize;
        if (channel.size() - offset < fsBytes)
            throw new Ext4FormatException("ext4 filesystem claims %d bytes but only %d are available"
                    .formatted(fsBytes, channel.size() - offset));

        long gdtStart = offset + (firstDataBlock + 1) * blockSize;
        ByteBuffer gdt = ByteBuffer.wrap(readFully(channel, gdtStart, (int) (groups * descSize)))
                .order(ByteOrder.LITTLE_ENDIAN);
        BitSet used = new BitSet((int) blocksCount);
        used.set(0, (int) firstDataBlock); // boot block before group 0 with 1 KiB blocks
        BitSet metadata = new BitSet((int) blocksCount);
        for (long g = 0; g < groups; g++) {
            int d = (int) (g * descSize);
            long blockBitmap = u32(gdt, d) | (is64 ? u32(gdt, d + 0x20) << 32 : 0);
            long inodeBitmap = u32(gdt, d + 4) | (is64 ? u32(gdt, d + 0x24) << 32 : 0);
            long inodeTable = u32(gdt, d + 8) | (is64 ? u32(gdt, d + 0x28) << 32 : 0);
            checkInside(blockBitmap, 1, blocksCount, g, "block bitmap");
            checkInside(inodeBitmap, 1, blocksCount, g, "inode bitmap");
            checkInside(inodeTable, inodeTableBlocks, blocksCount, g, "inode table");
            metadata.set((int) blockBitmap);
            metadata.set((int) inodeBitmap);
            metadata.set((int) inodeTable, (int) (inodeTable + inodeTableBlocks));
            long groupFirst = firstDataBlock + g * blocksPerGroup;
            if (hasSuper(g, sparse, sparse2, backup1, backup2)) {
                long end = Math.min(groupFirst + 1 + gdtBlocks + reservedGdt, blocksCount);
                metadata.set((int) groupFirst, (int) end);
            }
        }
        for (long g = 0; g < groups; g++) {
            int d = (int) (g * descSize);
            long groupFirst = firstDataBlock + g * blocksPerGroup;
            long groupBlocks = Math.min(blocksPerGroup, blocksCount - groupFirst);
            int flags = gdt.getShort(d + 0x12) & 0xFFFF;
            long descFree =
                    (gdt.getShort(d + 0x0C) & 0xFFFF) | (is64 ? (long) (gdt.getShort(d + 0x2C) & 0xFFFF) << 16 : 0);
            if (checksummed && (flags & BG_BLOCK_UNINIT) != 0) continue; // only metadata in use, added below
            long blockBitmap = u32(gdt, d) | (is64 ? u32(gdt, d + 0x20) << 32 : 0);
            BitSet bits = BitSet.valueOf(readFully(channel, offset + blockBitmap * blockSize, blockSize));
            long free = groupBlocks - bits.get(0, (int) groupBlocks).cardinality();
            if (free != descFree) {
                used.set((int) groupFirst, (int) (groupFirst + groupBlocks));
                continue;
            }
            for (int b = bits.nextSetBit(0); b >= 0 && b < groupBlocks; b = bits.nextSetBit(b + 1))
                used.set((int) (groupFirst + b));
        }
        used.or(metadata);
        return new Ext4BlockBitmap(blockSize, blocksCount, used);
    }

    /**
     * Whether an ext2/3/4 superblock magic (0xEF53) is at the expected place for a filesystem starting at
     * {@code offset}; false also when the channel is too short. Says nothing about whether {@link #read} will
     * accept it.
     */
    public static boolean hasSuperblockMagic(SeekableByteChannel channel, long offset) throws IOException {
        if (channel.size() < offset + SUPERBLOCK_OFFSET + 1024) return false;
        return (superblock(channel, offset).getShort(0x38) & 0xFFFF) == MAGIC;
    }

    private static ByteBuffer superblock(SeekableByteChannel channel, long offset) throws IOException {
        return ByteBuffer.wrap(readFully(channel, offset + SUPERBLOCK_OFFSET, 1024))
                .order(ByteOrder.LITTLE_ENDIAN);
    }

    private static boolean hasSuper(long g, boolean sparse, boolean sparse2, long backup1, long backup2) {
        if (g == 0) return true;
        if (sparse2) return g == backup1 || g == backup2;
        if (!sparse) return true;
        return g == 1 || isPowerOf(g, 3) || isPowerOf(g, 5) || isPowerOf(g, 7);
    }

    private static boolean isPowerOf(long n, int base) {
        long p = base;
        while (p < n) p *= base;
        return p == n;
    }

    private static void checkInside(long first, long count, long blocksCount, long group, String what) {
        if (first == 0 || first + count > blocksCount)
            throw new Ext4FormatException("ext4 group %d: %s at block %d (+%d) lies outside the filesystem of %d blocks"
                    .formatted(group, what, first, count, blocksCount));
    }

    private static long u32(ByteBuffer b, int off) {
        return Integer.toUnsignedLong(b.getInt(off));
    }

    private static byte[] readFully(SeekableByteChannel ch, long position, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length);
        ch.position(position);
        while (buf.hasRemaining()) {
            if (ch.read(buf) < 0)
                throw new EOFException("ext4: disk ends before byte %d (wanted %d bytes at %d)"
                        .formatted(position + buf.position(), length, position));
        }
        return buf.array();
    }

    /** Block size in bytes (1024 to 65536). */
    public int blockSize() {
        return blockSize;
    }

    /** Number of blocks in the filesystem. */
    public long blocksCount() {
        return blocksCount;
    }

    /** Size of the filesystem in bytes; the partition holding it may be larger. */
    public long sizeBytes() {
        return blocksCount * blockSize;
    }

    /** Whether the block is (or may be) in use. */
    public boolean isUsed(long block) {
        if (block < 0 || block >= blocksCount)
            throw new IllegalArgumentException("block %d outside 0..%d".formatted(block, blocksCount - 1));
        return used.get((int) block);
    }

    /** Number of blocks reported in use. */
    public long usedBlocks() {
        return used.cardinality();
    }

    /** Number of blocks reported free ({@code blocksCount - usedBlocks}). */
    public long freeBlocks() {
        return blocksCount - usedBlocks();
    }

    /** The used blocks as sorted, merged byte ranges relative to the start of the filesystem. */
    public List<ByteRange> usedRanges() {
        List<ByteRange> out = new ArrayList<>();
        for (int b = used.nextSetBit(0); b >= 0; ) {
            int e = used.nextClearBit(b);
            out.add(ByteRange.between((long) b * blockSize, (long) e * blockSize));
            b = used.nextSetBit(e);
        }
        return List.copyOf(out);
    }
}

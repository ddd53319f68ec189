package pideploy.disk.image.ext4;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Reads small regular files by path from an ext2/3/4 filesystem without mounting it: superblock, group descriptors,
 * inodes, directories scanned entry by entry (an htree directory reads as a linear one), file data through extent
 * trees, classic block maps (direct, single and double indirect blocks) or inline data. Enough for the configuration a
 * root filesystem carries ({@code /etc/fstab}); symbolic links are not followed. Not thread-safe while reading.
 */
public final class Ext4Files {
    private static final int SUPERBLOCK_OFFSET = 1024;
    private static final int MAGIC = 0xEF53;
    private static final int INCOMPAT_64BIT = 0x0080;
    private static final int ROOT_INODE = 2;
    private static final int S_IFMT = 0xF000;
    private static final int S_IFDIR = 0x4000;
    private static final int S_IFREG = 0x8000;
    private static final int EXTENTS_FL = 0x80000;
    private static final int INLINE_DATA_FL = 0x10000000;
    private static final int EXTENT_MAGIC = 0xF30A;
    private static final int MAX_DIRECTORY_BYTES = 4 << 20;

    private final SeekableByteChannel channel;
    private final long offset;
    private final int blockSize;
    private final long inodesCount;
    private final long inodesPerGroup;
    private final int inodeSize;
    private final int descSize;
    private final boolean is64;
    private final long gdtStart;
    private final long blocksCount;

    private Ext4Files(SeekableByteChannel channel, long offset, ByteBuffer sb) {
        this.channel = channel;
        this.offset = offset;
        int logBlock = sb.getInt(0x18);
        if (logBlock < 0 || logBlock > 6)
            throw new Ext4FormatException("ext4 superblock: block size 1024 << %d is impossible".formatted(logBlock));
        this.blockSize = 1024 << logBlock;
        this.is64 = (sb.getInt(0x60) & INCOMPAT_64BIT) != 0;
        this.inodesCount = u32(sb, 0x00);
        this.blocksCount = u32(sb, 0x04) | (is64 ? u32(sb, 0x150) << 32 : 0);
        this.inodesPerGroup = u32(sb, 0x28);
        this.inodeSize = sb.getInt(0x4C) >= 1 ? sb.getShort(0x58) & 0xFFFF : 128;
        this.descSize = is64 ? sb.getShort(0xFE) & 0xFFFF : 32;
        if (inodesPerGroup == 0 || inodeSize < 128 || inodeSize > blockSize || descSize < 32)
            throw new Ext4FormatException("ext4 superblock: %d inodes per group of %d bytes, descriptors of %d bytes"
                    .formatted(inodesPerGroup, inodeSize, descSize));
        this.gdtStart = offset + (u32(sb, 0x14) + 1) * blockSize;
    }

    /**
     * Opens the ext2/3/4 filesystem starting at byte {@code offset} of {@code channel}.
     *
     * @throws Ext4FormatException when there is no ext2/3/4 superblock there or it is impossible
     */
    public static Ext4Files open(SeekableByteChannel channel, long offset) throws IOException {
        ByteBuffer sb =
                ByteBuffer.wrap(read(channel, offset + SUPERBLOCK_OFFSET, 1024)).order(ByteOrder.LITTLE_ENDIAN);
        if ((sb.getShort(0x38) & 0xFFFF) != MAGIC)
            throw new Ext4FormatException(
                    "not an ext2/3/4 filesystem: no superblock magic 0xEF53 at byte " + (offset + 0x438));
        return new Ext4Files(channel, offset, sb);
    }

    /**
     * The content of the regular file at absolute {@code path} (e.g. {@code /etc/fstab}), or empty when a part of
     * the path is missing or not a directory, or the file is not a regular file.
     *
     * @throws Ext4FormatException when the file is larger than {@code maxBytes} or the structures on the way are
     *                             corrupt
     */
    public Optional<byte[]> readFile(String path, int maxBytes) throws IOException {
        if (!path.startsWith("/"))
            throw new IllegalArgumentException("path must be absolute, was '%s'".formatted(path));
        long inode = ROOT_INODE;
        for (String name : path.substring(1).split("/")) {
            if (name.isEmpty()) continue;
            ByteBuffer dir = inode(inode);
            if ((dir.getShort(0) & S_IFMT) != S_IFDIR) return Optional.empty();
            Optional<Long> next = lookup(data(dir, MAX_DIRECTORY_BYTES), name);
            if (next.isEmpty()) return Optional.empty();
            inode = next.get();
        }
        ByteBuffer file = inode(inode);
        if ((file.getShort(0) & S_IFMT) != S_IFREG) return Optional.empty();
        return Optional.of(data(file, maxBytes));
    }

    private Optional<Long> lookup(byte[] directory, String name) {
        byte[] wanted = name.getBytes(StandardCharsets.UTF_8);
        ByteBuffer d = ByteBuffer.wrap(directory).order(ByteOrder.LITTLE_ENDIAN);
        for (int block = 0; block < directory.length; block += blockSize) {
            int end = Math.min(directory.length, block + blockSize);
            int at = block;
            while (at + 8 <= end) {
                long inode = u32(d, at);
                int recLen = d.getShort(at + 4) & 0xFFFF;
                int nameLen = d.get(at + 6) & 0xFF;
                if (recLen < 8 || at + recLen > end || 8 + nameLen > recLen)
                    throw new Ext4FormatException(
                            "ext4 directory entry at byte %d has record length %d".formatted(at, recLen));
                if (inode != 0
                        && nameLen == wanted.length
                        && Arrays.equals(directory, at + 8, at + 8 + nameLen, wanted, 0, wanted.length))
                    return Optional.of(inode);
                at += recLen;
            }
        }
        return Optional.empty();
    }

    private ByteBuffer inode(long number) throws IOException {
        if (number < 1 || number > inodesCount)
            throw new Ext4FormatException("ext4: inode %d out of range 1-%d".formatted(number, inodesCount));
        long group = (number - 1) / inodesPerGroup;
        ByteBuffer desc = ByteBuffer.wrap(read(channel, gdtStart + group * descSize, descSize))
                .order(ByteOrder.LITTLE_ENDIAN);
        long table = u32(desc, 8) | (is64 ? u32(desc, 0x28) << 32 : 0);
        checkBlock(table, "inode table of group " + group);
        long at = offset + table * blockSize + ((number - 1) % inodesPerGroup) * inodeSize;
        return ByteBuffer.wrap(read(channel, at, 128)).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The inode's data, all of it: refuses more than {@code maxBytes}. Holes and unwritten extents read as zeros. */
    private byte[] data(ByteBuffer inode, int maxBytes) throws IOException {
        long size = u32(inode, 4) | u32(inode, 0x6C) << 32;
        if (size > maxBytes)
            throw new Ext4FormatException(
                    "ext4: file of %d bytes, more than the %d read here".formatted(size, maxBytes));
        byte[] out = new byte[(int) size];
        int flags = inode.getInt(0x20);
        ByteBuffer blocks = inode.slice(0x28, 60).order(ByteOrder.LITTLE_ENDIAN);
        if ((flags & INLINE_DATA_FL) != 0) {
            // Up to 60 bytes in i_block; a longer inline file continues in an extended attribute, not read here.
            if (size > 60) throw new Ext4FormatException("ext4: inline file of %d bytes".formatted(size));
            blocks.get(0, out, 0, (int) size);
            return out;
        }
        long fileBlocks = (size + blockSize - 1) / blockSize;
        if ((flags & EXTENTS_FL) != 0) {
            for (long[] extent : extents(blocks, 0)) {
                long logical = extent[0];
                long length = Math.min(extent[1], fileBlocks - logical);
                for (long i = 0; i < length; i++) copyBlock(out, logical + i, extent[2] + i);
            }
        } else {
            long perBlock = blockSize / 4;
            if (fileBlocks > 12 + perBlock + perBlock * perBlock)
                throw new Ext4FormatException("ext4: block-mapped file beyond double indirect blocks");
            for (int i = 0; i < Math.min(12, fileBlocks); i++) copyBlock(out, i, u32(blocks, i * 4));
            if (fileBlocks > 12) copyIndirect(out, 12, Math.min(fileBlocks, 12 + perBlock), u32(blocks, 48));
            long doubleIndirect = u32(blocks, 52);
            if (fileBlocks > 12 + perBlock && doubleIndirect != 0) {
                ByteBuffer dbl = ByteBuffer.wrap(block(doubleIndirect)).order(ByteOrder.LITTLE_ENDIAN);
                for (long first = 12 + perBlock, i = 0; first < fileBlocks; first += perBlock, i++)
                    copyIndirect(out, first, Math.min(fileBlocks, first + perBlock), u32(dbl, (int) i * 4));
            }
        }
        return out;
    }

    /** Leaf extents below {@code node} as {logical block, length, physical block}; unwritten ones left out. */
    private List<long[]> extents(ByteBuffer node, int depthSeen) throws IOException {
        if ((node.getShort(0) & 0xFFFF) != EXTENT_MAGIC)
            throw new Ext4FormatException("ext4: extent node without magic 0xF30A");
        int entries = node.getShort(2) & 0xFFFF;
        int depth = node.getShort(6) & 0xFFFF;
        if (depth > 5 || depthSeen > 5 || 12 + entries * 12 > node.capacity())
            throw new Ext4FormatException("ext4: extent node of depth %d with %d entries".formatted(depth, entries));
        List<long[]> found = new ArrayList<>();
        for (int i = 0; i < entries; i++) {
            int e = 12 + i * 12;
            if (depth == 0) {
                int length = node.getShort(e + 4) & 0xFFFF;
                long start = (long) (node.getShort(e + 6) & 0xFFFF) << 32 | u32(node, e + 8);
                if (length <= 32768) found.add(new long[] {u32(node, e), length, start});
            } else {
                long child = u32(node, e + 4) | (long) (node.getShort(e + 8) & 0xFFFF) << 32;
                found.addAll(extents(ByteBuffer.wrap(block(child)).order(ByteOrder.LITTLE_ENDIAN), depthSeen + 1));
            }
        }
        return found;
    }

    /** Logical blocks {@code first} to {@code end} (exclusive), whose numbers the block {@code indirect} lists. */
    private void copyIndirect(byte[] out, long first, long end, long indirect) throws IOException {
        if (indirect == 0) return; // a hole
        ByteBuffer list = ByteBuffer.wrap(block(indirect)).order(ByteOrder.LITTLE_ENDIAN);
        for (long i = first; i < end; i++) copyBlock(out, i, u32(list, (int) (i - first) * 4));
    }

    private void copyBlock(byte[] out, long logical, long physical) throws IOException {
        if (physical == 0) return; // a hole
        long at = logical * blockSize;
        if (at >= out.length) return;
        byte[] data = block(physical);
        System.arraycopy(data, 0, out, (int) at, (int) Math.min(blockSize, out.length - at));
    }

    private byte[] block(long number) throws IOException {
        checkBlock(number, "data block");
        return read(channel, offset + number * blockSize, blockSize);
    }

    private void checkBlock(long number, String what) {
        if (number <= 0 || number >= blocksCount)
            throw new Ext4FormatException(
                    "ext4: %s %d outside the filesystem's %d blocks".formatted(what, number, blocksCount));
    }

    private static long u32(ByteBuffer b, int at) {
        return Integer.toUnsignedLong(b.getInt(at));
    }

    private static byte[] read(SeekableByteChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        channel.position(position);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0)
                throw new EOFException("ext4: the image ends at byte %d, before %d"
                        .formatted(position + buffer.position(), position + length));
        }
        return buffer.array();
    }
}

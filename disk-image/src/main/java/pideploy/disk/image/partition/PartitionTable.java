package pideploy.disk.image.partition;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * The partition table of a whole-disk image.
 *
 * <p>MBR: the four primary entries; empty entries (type 0 or zero length) are skipped; extended/logical partitions
 * are not followed (the container entry is reported with its own type, which no caller treats as FAT or Linux).
 * GPT: read when an MBR entry has type 0xEE (protective MBR); the primary header at LBA 1 must carry the
 * {@code EFI PART} signature and valid header and entry-array CRC32s, otherwise reading fails rather than guessing.
 * Only 512-byte logical sectors are supported (SD cards, USB sticks and image files).
 *
 * @param scheme     MBR or GPT
 * @param sectorSize always 512
 * @param partitions non-empty entries ordered by partition number
 */
public record PartitionTable(PartitionScheme scheme, int sectorSize, List<Partition> partitions) {

    private static final int MBR_TYPE_GPT_PROTECTIVE = 0xEE;
    private static final long GPT_SIGNATURE = 0x5452415020494645L; // "EFI PART" little-endian
    private static final int MAX_GPT_ENTRIES = 1024;

    public PartitionTable {
        if (scheme == null) throw new IllegalArgumentException("partition table scheme must not be null");
        if (sectorSize != Partition.SECTOR_SIZE)
            throw new IllegalArgumentException("partition table sectorSize must be 512: " + sectorSize);
        if (partitions == null) throw new IllegalArgumentException("partition table partitions must not be null");
        partitions = partitions.stream()
                .sorted(Comparator.comparingInt(Partition::number))
                .toList();
    }

    /**
     * Reads the partition table at the start of {@code disk}: MBR, or GPT when the MBR is protective (0xEE).
     * The channel's position is changed.
     *
     * @throws IllegalArgumentException when sector 0 has no 0x55AA signature, or a protective MBR is followed by a
     *                                  missing or corrupt GPT (bad signature, CRC32 mismatch, impossible sizes)
     * @throws EOFException             when the disk is too short to hold what the table announces
     * @throws IOException              when reading fails
     */
    public static PartitionTable read(SeekableByteChannel disk) throws IOException {
        byte[] mbr = readFully(disk, 0, Partition.SECTOR_SIZE);
        PartitionTable table = parseMbr(mbr);
        boolean protective = table.partitions.stream().anyMatch(p -> p.mbrType() == MBR_TYPE_GPT_PROTECTIVE);
        return protective ? readGpt(disk) : table;
    }

    /**
     * Parses the four primary entries of an MBR sector. A protective MBR comes back as an MBR table with one 0xEE
     * partition; use {@link #read} to follow it into the GPT.
     *
     * @param firstSector at least the first 512 bytes of the disk
     * @throws IllegalArgumentException when shorter than 512 bytes or the 0x55AA signature is missing
     */
    public static PartitionTable parseMbr(byte[] firstSector) {
        if (firstSector == null || firstSector.length < Partition.SECTOR_SIZE)
            throw new IllegalArgumentException(
                    "MBR needs at least 512 bytes, got " + (firstSector == null ? "null" : firstSector.length));
        if ((firstSector[510] & 0xFF) != 0x55 || (firstSector[511] & 0xFF) != 0xAA)
            throw new IllegalArgumentException(
                    "no MBR boot signature 0x55AA at offset 510 (got 0x%02X%02X): not a partitioned disk image"
                            .formatted(firstSector[510] & 0xFF, firstSector[511] & 0xFF));
        ByteBuffer b = ByteBuffer.wrap(firstSector).order(ByteOrder.LITTLE_ENDIAN);
        List<Partition> parts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int e = 446 + 16 * i;
            int type = firstSector[e + 4] & 0xFF;
            long first = Integer.toUnsignedLong(b.getInt(e + 8));
            long count = Integer.toUnsignedLong(b.getInt(e + 12));
            if (type == 0 || count == 0) continue;
            parts.add(new Partition(i + 1, first, count, type, ""));
        }
        return new PartitionTable(PartitionScheme.MBR, Partition.SECTOR_SIZE, parts);
    }

    /** The first partition (by number) whose type says FAT; usually the Raspberry Pi boot partition {@code p1}. */
    public Optional<Partition> bootPartition() {
        return partitions.stream().filter(Partition::isFat).findFirst();
    }

    /** The partition that ends last on the disk (ties: the higher number); the one a resize would grow. */
    public Optional<Partition> lastPartition() {
        return partitions.stream()
                .max(Comparator.comparingLong(Partition::endLbaExclusive).thenComparingInt(Partition::number));
    }

    private static PartitionTable readGpt(SeekableByteChannel disk) throws IOException {
        byte[] header = readFully(disk, Partition.SECTOR_SIZE, Partition.SECTOR_SIZE);
        ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
        if (h.getLong(0) != GPT_SIGNATURE)
            throw new IllegalArgumentException("protective MBR (type 0xEE) but no 'EFI PART' GPT header at LBA 1");
        int headerSize = h.getInt(12);
        if (headerSize < 92 || headerSize > Partition.SECTOR_SIZE)
            throw new IllegalArgumentException("GPT header size must be 92..512: " + headerSize);
        int storedCrc = h.getInt(16);
        byte[] crcCopy = Arrays.copyOf(header, headerSize);
        crcCopy[16] = crcCopy[17] = crcCopy[18] = crcCopy[19] = 0;
        if (crc32(crcCopy, 0, headerSize) != storedCrc)
            throw new IllegalArgumentException("GPT header CRC32 mismatch at LBA 1: the primary GPT is corrupt");
        long entriesLba = h.getLong(72);
        long entryCount = Integer.toUnsignedLong(h.getInt(80));
        long entrySize = Integer.toUnsignedLong(h.getInt(84));
        int entriesCrc = h.getInt(88);
        if (entryCount > MAX_GPT_ENTRIES)
            throw new IllegalArgumentException(
                    "GPT entry count must be <= %d: %d".formatted(MAX_GPT_ENTRIES, entryCount));
        if (entrySize < 128 || entrySize % 8 != 0 || entrySize > 4096)
            throw new IllegalArgumentException("GPT entry size must be a multiple of 8 in 128..4096: " + entrySize);
        if (entriesLba < 2) throw new IllegalArgumentException("GPT partition entries LBA must be >= 2: " + entriesLba);
        int arrayBytes = (int) (entryCount * entrySize);
        byte[] entries = readFully(disk, entriesLba * Partition.SECTOR_SIZE, arrayBytes);
        if (crc32(entries, 0, arrayBytes) != entriesCrc)
            throw new IllegalArgumentException("GPT partition entry array CRC32 mismatch: the primary GPT is corrupt");
        ByteBuffer e = ByteBuffer.wrap(entries).order(ByteOrder.LITTLE_ENDIAN);
        List<Partition> parts = new ArrayList<>();
        for (int i = 0; i < entryCount; i++) {
            int off = (int) (i * entrySize);
            String type = guid(entries, off);
            if (type.equals("00000000-0000-0000-0000-000000000000")) continue;
            long first = e.getLong(off + 32);
            long last = e.getLong(off + 40);
            if (first < 0 || last < first)
                throw new IllegalArgumentException(
                        "GPT entry %d has an impossible range %d..%d".formatted(i + 1, first, last));
            parts.add(new Partition(i + 1, first, last - first + 1, 0, type));
        }
        return new PartitionTable(PartitionScheme.GPT, Partition.SECTOR_SIZE, parts);
    }

    /** Formats a GPT GUID: the first three fields are little-endian, the last two big-endian. */
    static String guid(byte[] b, int off) {
        ByteBuffer le = ByteBuffer.wrap(b, off, 16).order(ByteOrder.LITTLE_ENDIAN);
        int d1 = le.getInt(off);
        int d2 = le.getShort(off + 4) & 0xFFFF;
        int d3 = le.getShort(off + 6) & 0xFFFF;
        StringBuilder sb = new StringBuilder("%08X-%04X-%04X-".formatted(d1, d2, d3));
        for (int i = 8; i < 16; i++) {
            if (i == 10) sb.append('-');
            sb.append("%02X".formatted(b[off + i] & 0xFF));
        }
        return sb.toString();
    }

    private static int crc32(byte[] b, int off, int len) {
        CRC32 crc = new CRC32();
        crc.update(b, off, len);
        return (int) crc.getValue();
    }

    static byte[] readFully(SeekableByteChannel ch, long position, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length);
        ch.position(position);
        while (buf.hasRemaining()) {
            if (ch.read(buf) < 0)
                throw new EOFException("disk ends before byte %d (wanted %d bytes at %d)"
                        .formatted(position + buf.position(), length, position));
        }
        return buf.array();
    }
}

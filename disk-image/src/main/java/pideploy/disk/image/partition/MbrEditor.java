package pideploy.disk.image.partition;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Comparator;

/**
 * Edits an MBR in memory. The installer uses it to grow a Raspberry Pi image's root partition to the card's size
 * while writing the image, so the first boot only has to grow the filesystem (resize2fs / systemd-growfs), with no
 * partition-table surgery on the device.
 */
public final class MbrEditor {

    /** MBR sector fields are 32-bit, so no partition can end beyond sector 2^32 (2 TiB at 512 bytes). */
    static final long MBR_MAX_SECTORS = 0x1_0000_0000L;

    private static final int HEADS = 255;
    private static final int SECTORS_PER_TRACK = 63;

    private MbrEditor() {}

    /**
     * Returns a copy of the given first bytes (>= 512, e.g. the image's first 4 KiB) in which the MBR's last partition
     * (by end) is grown to end at {@code diskSizeBytes} (rounded down to a 512-byte sector), only if it is a Linux
     * (0x83) partition; otherwise returns an unchanged copy. A protective MBR (GPT disk) has a 0xEE last partition and
     * is therefore returned unchanged. The end is capped at sector 2^32, the most an MBR can express. The end CHS
     * field is recomputed with the conventional 255 heads / 63 sectors geometry and saturates at 0xFE 0xFF 0xFF
     * (cylinder 1023) as fdisk/sfdisk do beyond 8 GiB; the start CHS field is left alone.
     *
     * @throws IllegalArgumentException when {@code head} is shorter than 512 bytes or has no 0x55AA signature, or when
     *                                  the disk is smaller than the partition's current end (it would shrink)
     */
    public static byte[] growLastLinuxPartition(byte[] head, long diskSizeBytes) {
        PartitionTable table = PartitionTable.parseMbr(head);
        byte[] out = Arrays.copyOf(head, head.length);
        var last = table.partitions().stream()
                .max(Comparator.comparingLong(Partition::endLbaExclusive).thenComparingInt(Partition::number));
        if (last.isEmpty() || last.get().mbrType() != Partition.MBR_LINUX) return out;
        Partition p = last.get();
        long newEnd = Math.min(diskSizeBytes / Partition.SECTOR_SIZE, MBR_MAX_SECTORS);
        if (newEnd < p.endLbaExclusive())
            throw new IllegalArgumentException(
                    ("disk size %d bytes (%d sectors) is smaller than partition %d, which ends at sector %d: "
                                    + "refusing to shrink it")
                            .formatted(
                                    diskSizeBytes,
                                    diskSizeBytes / Partition.SECTOR_SIZE,
                                    p.number(),
                                    p.endLbaExclusive()));
        long newCount = newEnd - p.firstLba();
        int e = 446 + 16 * (p.number() - 1);
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putInt(e + 12, (int) newCount);
        byte[] chs = chs(newEnd - 1);
        System.arraycopy(chs, 0, out, e + 5, 3);
        return out;
    }

    /**
     * Returns a copy of the given first bytes (>= 512) in which primary partition {@code number} has
     * {@code newSectorCount} sectors, its start unchanged; the end CHS field is recomputed as in
     * {@link #growLastLinuxPartition}. Registration uses it after shrinking the root filesystem (ADR-0063), so the
     * partition ends where the truncated image ends.
     *
     * @throws IllegalArgumentException when {@code head} is not an MBR, the partition does not exist, or the new size
     *                                  is not positive or would overlap a partition that starts after it
     */
    public static byte[] resizePartition(byte[] head, int number, long newSectorCount) {
        PartitionTable table = PartitionTable.parseMbr(head);
        Partition p = table.partitions().stream()
                .filter(q -> q.number() == number)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the MBR has no partition " + number));
        if (newSectorCount <= 0 || p.firstLba() + newSectorCount > MBR_MAX_SECTORS)
            throw new IllegalArgumentException("partition %d cannot have %d sectors".formatted(number, newSectorCount));
        long newEnd = p.firstLba() + newSectorCount;
        for (Partition other : table.partitions()) {
            if (other.number() != number && other.firstLba() >= p.firstLba() && other.firstLba() < newEnd)
                throw new IllegalArgumentException(
                        "partition %d with %d sectors would overlap partition %d at sector %d"
                                .formatted(number, newSectorCount, other.number(), other.firstLba()));
        }
        byte[] out = Arrays.copyOf(head, head.length);
        int e = 446 + 16 * (number - 1);
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putInt(e + 12, (int) newSectorCount);
        System.arraycopy(chs(newEnd - 1), 0, out, e + 5, 3);
        return out;
    }

    /** CHS bytes (head, sector | cylinder high bits, cylinder low) for an LBA; saturates at cylinder 1023. */
    static byte[] chs(long lba) {
        long cylinder = lba / (HEADS * SECTORS_PER_TRACK);
        if (cylinder > 1023) return new byte[] {(byte) 0xFE, (byte) 0xFF, (byte) 0xFF};
        int head = (int) ((lba / SECTORS_PER_TRACK) % HEADS);
        int sector = (int) (lba % SECTORS_PER_TRACK) + 1;
        return new byte[] {(byte) head, (byte) (sector | ((cylinder >> 2) & 0xC0)), (byte) (cylinder & 0xFF)};
    }
}

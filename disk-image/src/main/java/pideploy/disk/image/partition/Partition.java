package pideploy.disk.image.partition;

import java.util.Locale;
import java.util.Set;

/**
 * One partition of a disk image, in 512-byte sectors.
 *
 * @param number      1-based partition number as Linux names it ({@code p1}..{@code p4} for MBR primary entries,
 *                    the entry index + 1 for GPT)
 * @param firstLba    first sector, 512-byte units
 * @param sectorCount length in 512-byte sectors
 * @param mbrType     MBR partition type byte (0x0C FAT32 LBA, 0x83 Linux, ...); 0 for GPT partitions
 * @param gptTypeGuid GPT partition type GUID in canonical upper-case form; {@code ""} for MBR partitions
 */
public record Partition(int number, long firstLba, long sectorCount, int mbrType, String gptTypeGuid) {

    /** Sector size all offsets of this package are expressed in. */
    public static final int SECTOR_SIZE = 512;

    /** GPT "Microsoft basic data" (FAT/NTFS/exFAT data partitions). */
    public static final String GPT_BASIC_DATA = "EBD0A0A2-B9E5-4433-87C0-68B6B72699C7";
    /** GPT EFI system partition (always FAT). */
    public static final String GPT_EFI_SYSTEM = "C12A7328-F81F-11D2-BA4B-00A0C93EC93B";
    /** GPT "Linux filesystem data". */
    public static final String GPT_LINUX_DATA = "0FC63DAF-8483-4772-8E79-3D69D8477DE4";
    /** GPT discoverable root partition, AArch64 (systemd's Discoverable Partitions Specification). */
    public static final String GPT_LINUX_ROOT_ARM64 = "B921B045-1DF0-41C3-AF44-4C6F280D3FAE";
    /** GPT discoverable root partition, x86-64. */
    public static final String GPT_LINUX_ROOT_X86_64 = "4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709";

    /** MBR type bytes that denote FAT12/16/32 (CHS and LBA variants). */
    public static final Set<Integer> MBR_FAT_TYPES = Set.of(0x01, 0x04, 0x06, 0x0B, 0x0C, 0x0E);
    /** MBR type byte of a Linux native partition. */
    public static final int MBR_LINUX = 0x83;

    private static final Set<String> GPT_FAT_TYPES = Set.of(GPT_BASIC_DATA, GPT_EFI_SYSTEM);
    private static final Set<String> GPT_LINUX_TYPES =
            Set.of(GPT_LINUX_DATA, GPT_LINUX_ROOT_ARM64, GPT_LINUX_ROOT_X86_64);

    public Partition {
        if (number < 1) throw new IllegalArgumentException("partition number must be >= 1: " + number);
        if (firstLba < 0) throw new IllegalArgumentException("partition firstLba must be >= 0: " + firstLba);
        if (sectorCount < 0) throw new IllegalArgumentException("partition sectorCount must be >= 0: " + sectorCount);
        if (mbrType < 0 || mbrType > 0xFF)
            throw new IllegalArgumentException("partition mbrType must be 0..255: " + mbrType);
        if (gptTypeGuid == null)
            throw new IllegalArgumentException("partition gptTypeGuid must not be null (use \"\" for MBR)");
        gptTypeGuid = gptTypeGuid.toUpperCase(Locale.ROOT);
    }

    /** Byte offset of the partition's first byte within the disk. */
    public long firstByte() {
        return firstLba * SECTOR_SIZE;
    }

    /** Size of the partition in bytes. */
    public long sizeBytes() {
        return sectorCount * SECTOR_SIZE;
    }

    /** Byte offset just past the partition's last byte. */
    public long endByteExclusive() {
        return firstByte() + sizeBytes();
    }

    /** Sector just past the partition's last sector. */
    public long endLbaExclusive() {
        return firstLba + sectorCount;
    }

    /**
     * Whether the partition type says FAT: MBR types 0x01, 0x04, 0x06, 0x0B, 0x0C, 0x0E, or GPT basic data / EFI
     * system. The type is only a label; {@code FatFileSystem.open} still checks the contents.
     */
    public boolean isFat() {
        return gptTypeGuid.isEmpty() ? MBR_FAT_TYPES.contains(mbrType) : GPT_FAT_TYPES.contains(gptTypeGuid);
    }

    /** Whether the partition type says Linux filesystem data: MBR 0x83, GPT Linux data or a discoverable root type. */
    public boolean isLinuxData() {
        return gptTypeGuid.isEmpty() ? mbrType == MBR_LINUX : GPT_LINUX_TYPES.contains(gptTypeGuid);
    }
}

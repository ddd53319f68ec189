package pideploy.disk.image.fat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The BIOS parameter block of a FAT volume, validated, with the derived layout (where the FATs, the FAT16 root
 * region and the data area start, and how many clusters there are).
 *
 * <p>FAT32 is recognised the way Linux and dosfstools do it, by the BPB's structure (16-bit FAT size 0 and a 32-bit
 * FAT size); FAT12 versus FAT16 by cluster count (fewer than 4085 is FAT12).
 */
record BootSector(
        int bytesPerSector,
        int sectorsPerCluster,
        int reservedSectors,
        int numberOfFats,
        int rootEntryCount,
        long totalSectors,
        long fatSizeSectors,
        long rootCluster,
        int fsInfoSector,
        int extFlags,
        FatType type,
        long clusterCount) {

    static final int FAT12_MAX_CLUSTERS = 4084;

    static BootSector parse(byte[] s) {
        if (s.length < 512) throw new FatFormatException("boot sector must be 512 bytes, got " + s.length);
        ByteBuffer b = ByteBuffer.wrap(s).order(ByteOrder.LITTLE_ENDIAN);
        String oem = new String(s, 3, 8, StandardCharsets.US_ASCII);
        if (oem.equals("EXFAT   "))
            throw new FatFormatException("exFAT volume found; only FAT16 and FAT32 are supported");
        if (oem.equals("NTFS    "))
            throw new FatFormatException("NTFS volume found; only FAT16 and FAT32 are supported");
        if ((s[510] & 0xFF) != 0x55 || (s[511] & 0xFF) != 0xAA)
            throw new FatFormatException("not a FAT volume: no boot signature 0x55AA at offset 510");
        int jump = s[0] & 0xFF;
        if (jump != 0xEB && jump != 0xE9)
            throw new FatFormatException(
                    "not a FAT volume: boot sector starts with 0x%02X, not a jump (0xEB/0xE9)".formatted(jump));
        int bps = b.getShort(11) & 0xFFFF;
        if (bps != 512 && bps != 1024 && bps != 2048 && bps != 4096)
            throw new FatFormatException("not a FAT volume: bytes per sector must be 512, 1024, 2048 or 4096: " + bps);
        int spc = s[13] & 0xFF;
        if (spc == 0 || Integer.bitCount(spc) != 1)
            throw new FatFormatException("not a FAT volume: sectors per cluster must be a power of two: " + spc);
        int reserved = b.getShort(14) & 0xFFFF;
        if (reserved == 0) throw new FatFormatException("not a FAT volume: reserved sector count is 0");
        int fats = s[16] & 0xFF;
        if (fats == 0 || fats > 4)
            throw new FatFormatException("not a FAT volume: number of FATs must be 1..4: " + fats);
        int rootEntries = b.getShort(17) & 0xFFFF;
        long total = b.getShort(19) & 0xFFFF;
        if (total == 0) total = Integer.toUnsignedLong(b.getInt(32));
        if (total == 0) throw new FatFormatException("not a FAT volume: total sector count is 0");
        long fatSize16 = b.getShort(22) & 0xFFFF;
        boolean fat32 = fatSize16 == 0;
        long fatSize = fat32 ? Integer.toUnsignedLong(b.getInt(36)) : fatSize16;
        if (fatSize == 0) throw new FatFormatException("not a FAT volume: FAT size is 0");
        if (fat32 && rootEntries != 0)
            throw new FatFormatException("inconsistent FAT32 boot sector: root entry count must be 0: " + rootEntries);
        if (!fat32 && rootEntries == 0)
            throw new FatFormatException("inconsistent FAT12/16 boot sector: root entry count is 0");
        long rootDirSectors = ((long) rootEntries * 32 + bps - 1) / bps;
        long dataStart = reserved + fats * fatSize + rootDirSectors;
        if (dataStart >= total)
            throw new FatFormatException(
                    "not a FAT volume: metadata (%d sectors) does not fit in %d sectors".formatted(dataStart, total));
        long clusters = (total - dataStart) / spc;
        FatType type = fat32 ? FatType.FAT32 : clusters <= FAT12_MAX_CLUSTERS ? FatType.FAT12 : FatType.FAT16;
        if (type == FatType.FAT16 && clusters > 65524)
            throw new FatFormatException(
                    "inconsistent FAT16 boot sector: %d clusters exceed the FAT16 maximum 65524".formatted(clusters));
        if (type == FatType.FAT32 && clusters > 0x0FFFFFF5L)
            throw new FatFormatException("inconsistent FAT32 boot sector: too many clusters: " + clusters);
        int entryBits = switch (type) {
            case FAT12 -> 12;
            case FAT16 -> 16;
            case FAT32 -> 32;
        };
        if (fatSize * bps * 8 / entryBits < clusters + 2)
            throw new FatFormatException("inconsistent boot sector: a FAT of %d sectors cannot hold %d clusters"
                    .formatted(fatSize, clusters));
        long rootCluster = fat32 ? Integer.toUnsignedLong(b.getInt(44)) & 0x0FFFFFFFL : 0;
        if (fat32 && (rootCluster < 2 || rootCluster > clusters + 1))
            throw new FatFormatException("inconsistent FAT32 boot sector: root cluster %d outside 2..%d"
                    .formatted(rootCluster, clusters + 1));
        int fsInfo = fat32 ? b.getShort(48) & 0xFFFF : 0;
        int extFlags = fat32 ? b.getShort(40) & 0xFFFF : 0;
        if (fat32 && (extFlags & 0x80) != 0 && (extFlags & 0x0F) >= fats)
            throw new FatFormatException(
                    "inconsistent FAT32 boot sector: active FAT %d but only %d FATs".formatted(extFlags & 0x0F, fats));
        return new BootSector(
                bps, spc, reserved, fats, rootEntries, total, fatSize, rootCluster, fsInfo, extFlags, type, clusters);
    }

    int clusterBytes() {
        return bytesPerSector * sectorsPerCluster;
    }

    long rootDirSectors() {
        return ((long) rootEntryCount * 32 + bytesPerSector - 1) / bytesPerSector;
    }

    /** First sector of the FAT16 fixed root directory region. */
    long rootDirFirstSector() {
        return reservedSectors + numberOfFats * fatSizeSectors;
    }

    long firstDataSector() {
        return rootDirFirstSector() + rootDirSectors();
    }

    /** Volume-relative byte offset of a data cluster (2..clusterCount+1). */
    long clusterOffset(long cluster) {
        return (firstDataSector() + (cluster - 2) * sectorsPerCluster) * bytesPerSector;
    }

    long volumeBytes() {
        return totalSectors * bytesPerSector;
    }

    /** Highest valid cluster number. */
    long maxCluster() {
        return clusterCount + 1;
    }

    /** FAT32 with mirroring disabled: only the active FAT is used and written (BPB_ExtFlags bit 7). */
    boolean mirroringDisabled() {
        return type == FatType.FAT32 && (extFlags & 0x80) != 0;
    }

    int activeFat() {
        return mirroringDisabled() ? extFlags & 0x0F : 0;
    }
}

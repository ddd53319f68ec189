package pideploy.disk.image.fat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Test fixture: a minimal FAT16 volume formatted in memory (512-byte sectors and clusters, 2 FATs, 512 root
 * entries).
 */
final class TinyFat {

    static final int TOTAL_SECTORS = 8000;
    static final int FAT_SECTORS = 31;
    static final int RESERVED = 1;

    private TinyFat() {}

    static byte[] bootSector(int totalSectors, int fatSectors, int rootEntries, int sectorsPerCluster) {
        byte[] s = new byte[512];
        ByteBuffer b = ByteBuffer.wrap(s).order(ByteOrder.LITTLE_ENDIAN);
        s[0] = (byte) 0xEB;
        s[1] = 0x3C;
        s[2] = (byte) 0x90;
        System.arraycopy("MSWIN4.1".getBytes(), 0, s, 3, 8);
        b.putShort(11, (short) 512);
        s[13] = (byte) sectorsPerCluster;
        b.putShort(14, (short) RESERVED);
        s[16] = 2;
        b.putShort(17, (short) rootEntries);
        b.putShort(19, (short) totalSectors);
        s[21] = (byte) 0xF8;
        b.putShort(22, (short) fatSectors);
        b.putShort(24, (short) 32);
        b.putShort(26, (short) 8);
        s[38] = 0x29;
        System.arraycopy("NO NAME    FAT16   ".getBytes(), 0, s, 43, 19);
        s[510] = 0x55;
        s[511] = (byte) 0xAA;
        return s;
    }

    /** A whole formatted FAT16 volume of {@link #TOTAL_SECTORS} sectors. */
    static byte[] volume() {
        byte[] v = new byte[TOTAL_SECTORS * 512];
        System.arraycopy(bootSector(TOTAL_SECTORS, FAT_SECTORS, 512, 1), 0, v, 0, 512);
        for (int copy = 0; copy < 2; copy++) {
            int fat = (RESERVED + copy * FAT_SECTORS) * 512;
            v[fat] = (byte) 0xF8;
            v[fat + 1] = (byte) 0xFF;
            v[fat + 2] = (byte) 0xFF;
            v[fat + 3] = (byte) 0xFF;
        }
        return v;
    }
}

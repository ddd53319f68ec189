package pideploy.disk.image.partition;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.UUID;
import java.util.zip.CRC32;

/** Test fixture: hand-built MBR and GPT sectors. */
final class MbrBytes {

    private MbrBytes() {}

    /** A 4 KiB head with an MBR whose entries are (type, first, count) triples. */
    static byte[] mbr(long[]... entries) {
        byte[] head = new byte[4096];
        ByteBuffer b = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < entries.length; i++) {
            int e = 446 + 16 * i;
            head[e + 4] = (byte) entries[i][0];
            b.putInt(e + 8, (int) entries[i][1]);
            b.putInt(e + 12, (int) entries[i][2]);
        }
        head[510] = 0x55;
        head[511] = (byte) 0xAA;
        return head;
    }

    /** A Raspberry Pi OS like head: p1 FAT32 LBA at 8192 (512 MiB), p2 Linux right after it. */
    static byte[] piHead(long rootSectors) {
        return mbr(new long[] {0x0C, 8192, 1048576}, new long[] {0x83, 8192 + 1048576, rootSectors});
    }

    /**
     * A disk (34 sectors + data) with a protective MBR and a primary GPT holding the given (type, first, last)
     * entries.
     */
    static byte[] gptDisk(int totalSectors, Object[]... entries) {
        byte[] disk = new byte[totalSectors * 512];
        byte[] mbr = mbr(new long[] {0xEE, 1, totalSectors - 1});
        System.arraycopy(mbr, 0, disk, 0, 512);
        ByteBuffer d = ByteBuffer.wrap(disk).order(ByteOrder.LITTLE_ENDIAN);
        int entriesOff = 2 * 512;
        for (int i = 0; i < entries.length; i++) {
            int o = entriesOff + i * 128;
            putGuid(d, o, (String) entries[i][0]);
            putGuid(d, o + 16, UUID.randomUUID().toString());
            d.putLong(o + 32, (Long) entries[i][1]);
            d.putLong(o + 40, (Long) entries[i][2]);
        }
        CRC32 ecrc = new CRC32();
        ecrc.update(disk, entriesOff, 128 * 128);
        int h = 512;
        d.putLong(h, 0x5452415020494645L);
        d.putInt(h + 8, 0x00010000);
        d.putInt(h + 12, 92);
        d.putLong(h + 24, 1);
        d.putLong(h + 32, totalSectors - 1);
        d.putLong(h + 40, 34);
        d.putLong(h + 48, totalSectors - 34);
        d.putLong(h + 72, 2);
        d.putInt(h + 80, 128);
        d.putInt(h + 84, 128);
        d.putInt(h + 88, (int) ecrc.getValue());
        CRC32 hcrc = new CRC32();
        hcrc.update(disk, h, 92);
        d.putInt(h + 16, (int) hcrc.getValue());
        return disk;
    }

    private static void putGuid(ByteBuffer d, int o, String guid) {
        UUID u = UUID.fromString(guid);
        long msb = u.getMostSignificantBits();
        long lsb = u.getLeastSignificantBits();
        d.putInt(o, (int) (msb >>> 32));
        d.putShort(o + 4, (short) (msb >>> 16));
        d.putShort(o + 6, (short) msb);
        ByteBuffer.wrap(d.array(), o + 8, 8).order(ByteOrder.BIG_ENDIAN).putLong(o + 8, lsb);
    }
}

package pideploy.disk.image.archfixture;

/** Keeps the disk-image rules. */
public final class SectorMath {
    private SectorMath() {}

    /** The 512-byte sector that holds the given byte offset. */
    public static long sectorOf(long byteOffset) {
        return Math.floorDiv(byteOffset, 512L);
    }
}

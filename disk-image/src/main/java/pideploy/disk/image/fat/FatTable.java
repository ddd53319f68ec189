package pideploy.disk.image.fat;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * The file allocation table held in memory (FAT16 or FAT32), with the sectors changed since the last flush.
 * Entries 0 and 1 and anything past the last cluster are kept as read. FAT32 entries keep their reserved top four
 * bits when written, as the specification requires.
 */
final class FatTable {

    static final int FREE = 0;

    private final FatType type;
    private final byte[] data;
    private final long maxCluster;
    private final int bytesPerSector;
    private final BitSet dirtySectors = new BitSet();

    FatTable(FatType type, byte[] data, long maxCluster, int bytesPerSector) {
        if (type == FatType.FAT12) throw new FatFormatException("FAT12 is not supported");
        this.type = type;
        this.data = data;
        this.maxCluster = maxCluster;
        this.bytesPerSector = bytesPerSector;
        if ((long) data.length < (maxCluster + 1) * entryBytes())
            throw new IllegalArgumentException("FAT data too short for cluster " + maxCluster);
    }

    /** Bytes of FAT needed to hold entries 0..maxCluster, rounded up to whole sectors. */
    static int bytesNeeded(FatType type, long maxCluster, int bytesPerSector) {
        long bytes = (maxCluster + 1) * (type == FatType.FAT32 ? 4 : 2);
        long rounded = (bytes + bytesPerSector - 1) / bytesPerSector * bytesPerSector;
        if (rounded > 256L * 1024 * 1024)
            throw new FatFormatException(
                    "FAT of %d bytes is too large to edit in memory (limit 256 MiB)".formatted(rounded));
        return (int) rounded;
    }

    private int entryBytes() {
        return type == FatType.FAT32 ? 4 : 2;
    }

    long maxCluster() {
        return maxCluster;
    }

    /** Entry value with FAT32's reserved top four bits masked off. */
    long get(long cluster) {
        checkCluster(cluster);
        int off = (int) (cluster * entryBytes());
        if (type == FatType.FAT16) return (data[off] & 0xFF) | (data[off + 1] & 0xFF) << 8;
        long v = (data[off] & 0xFFL)
                | (data[off + 1] & 0xFFL) << 8
                | (data[off + 2] & 0xFFL) << 16
                | (data[off + 3] & 0xFFL) << 24;
        return v & 0x0FFF_FFFFL;
    }

    void set(long cluster, long value) {
        checkCluster(cluster);
        int off = (int) (cluster * entryBytes());
        data[off] = (byte) value;
        data[off + 1] = (byte) (value >> 8);
        if (type == FatType.FAT32) {
            data[off + 2] = (byte) (value >> 16);
            data[off + 3] = (byte) ((data[off + 3] & 0xF0) | ((value >> 24) & 0x0F));
        }
        dirtySectors.set(off / bytesPerSector);
    }

    long endOfChainMarker() {
        return type == FatType.FAT32 ? 0x0FFF_FFFFL : 0xFFFFL;
    }

    boolean isEndOfChain(long value) {
        return type == FatType.FAT32 ? value >= 0x0FFF_FFF8L : value >= 0xFFF8L;
    }

    boolean isBad(long value) {
        return type == FatType.FAT32 ? value == 0x0FFF_FFF7L : value == 0xFFF7L;
    }

    /**
     * The clusters of the chain starting at {@code first}, in order.
     *
     * @throws FatFormatException when the chain leaves the volume, hits a free or bad cluster, or loops
     */
    List<Long> chain(long first, String what) {
        List<Long> out = new ArrayList<>();
        long c = first;
        BitSet seen = new BitSet();
        while (true) {
            if (c < 2 || c > maxCluster)
                throw new FatFormatException(
                        "%s: cluster chain points to cluster %d, outside 2..%d".formatted(what, c, maxCluster));
            if (seen.get((int) c))
                throw new FatFormatException("%s: cluster chain loops at cluster %d".formatted(what, c));
            seen.set((int) c);
            out.add(c);
            long next = get(c);
            if (isEndOfChain(next)) return out;
            if (next == FREE)
                throw new FatFormatException("%s: cluster chain runs into free cluster after %d".formatted(what, c));
            if (isBad(next))
                throw new FatFormatException("%s: cluster chain runs into a bad cluster after %d".formatted(what, c));
            c = next;
        }
    }

    long freeCount() {
        long n = 0;
        for (long c = 2; c <= maxCluster; c++) if (get(c) == FREE) n++;
        return n;
    }

    /**
     * Finds {@code count} free clusters, scanning from {@code hint} and wrapping around, without changing anything.
     *
     * @return the clusters in ascending scan order, or null if there are fewer than {@code count} free
     */
    long[] findFree(int count, long hint) {
        long[] out = new long[count];
        if (count == 0) return out;
        long start = hint >= 2 && hint <= maxCluster ? hint : 2;
        int n = 0;
        long total = maxCluster - 1;
        for (long i = 0; i < total && n < count; i++) {
            long c = 2 + ((start - 2 + i) % total);
            if (get(c) == FREE) out[n++] = c;
        }
        return n == count ? out : null;
    }

    /** Links the clusters into one chain ending with an end-of-chain marker. */
    void link(long[] clusters) {
        for (int i = 0; i < clusters.length; i++)
            set(clusters[i], i + 1 < clusters.length ? clusters[i + 1] : endOfChainMarker());
    }

    void free(List<Long> clusters) {
        for (long c : clusters) set(c, FREE);
    }

    byte[] data() {
        return data;
    }

    BitSet takeDirtySectors() {
        BitSet copy = (BitSet) dirtySectors.clone();
        dirtySectors.clear();
        return copy;
    }

    private void checkCluster(long cluster) {
        if (cluster < 0 || cluster > maxCluster)
            throw new IllegalArgumentException("cluster %d outside 0..%d".formatted(cluster, maxCluster));
    }
}

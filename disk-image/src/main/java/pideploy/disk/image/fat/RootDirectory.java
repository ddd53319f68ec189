package pideploy.disk.image.fat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * The root directory held in memory as a sequence of 32-byte slots, backed by segments on the volume: one segment
 * (the fixed region) for FAT16, one per cluster for FAT32. Tracks which segments changed.
 *
 * <p>Slots after the first end marker (first byte 0x00) are free by definition; they are zeroed in memory on load so
 * that the bytes written back never resurrect stale entries there (fsck.fat reads past the end marker).
 */
final class RootDirectory {

    private byte[] bytes;
    private final List<Long> segmentOffsets;
    private final List<Long> clusters;
    private final int segmentBytes;
    private final BitSet dirty = new BitSet();

    RootDirectory(byte[] bytes, List<Long> segmentOffsets, List<Long> clusters, int segmentBytes) {
        this.bytes = bytes;
        this.segmentOffsets = new ArrayList<>(segmentOffsets);
        this.clusters = new ArrayList<>(clusters);
        this.segmentBytes = segmentBytes;
        int end = endMarkerSlot();
        if (end >= 0) Arrays.fill(this.bytes, end * DirectoryCodec.SLOT, this.bytes.length, (byte) 0);
    }

    int slots() {
        return bytes.length / DirectoryCodec.SLOT;
    }

    int slotsPerSegment() {
        return segmentBytes / DirectoryCodec.SLOT;
    }

    byte[] bytes() {
        return bytes;
    }

    List<DirEntry> entries() {
        return DirectoryCodec.parse(bytes, slots());
    }

    /** FAT32 only: the clusters of the root directory chain. */
    List<Long> clusters() {
        return clusters;
    }

    private int endMarkerSlot() {
        for (int i = 0; i < slots(); i++) if (bytes[i * DirectoryCodec.SLOT] == 0) return i;
        return -1;
    }

    private boolean isFree(int slot) {
        int first = bytes[slot * DirectoryCodec.SLOT] & 0xFF;
        return first == 0x00 || first == DirectoryCodec.DELETED;
    }

    /** Start of the first run of {@code n} free slots, or -1. */
    int findFreeRun(int n) {
        int run = 0;
        for (int i = 0; i < slots(); i++) {
            run = isFree(i) ? run + 1 : 0;
            if (run == n) return i - n + 1;
        }
        return -1;
    }

    /** Number of free slots at the very end of the directory (a run that appended segments can continue). */
    int trailingFreeSlots() {
        int n = 0;
        for (int i = slots() - 1; i >= 0 && isFree(i); i--) n++;
        return n;
    }

    /** Appends an all-zero segment (a freshly allocated and zeroed FAT32 cluster). */
    void appendSegment(long volumeOffset, long cluster) {
        bytes = Arrays.copyOf(bytes, bytes.length + segmentBytes);
        segmentOffsets.add(volumeOffset);
        clusters.add(cluster);
    }

    void put(int slot, byte[] slotBytes) {
        System.arraycopy(slotBytes, 0, bytes, slot * DirectoryCodec.SLOT, DirectoryCodec.SLOT);
        markDirty(slot);
        // The slot after a run may have been past the old end marker; its segment must be written too so the
        // end marker there is on disk.
        if (slot + 1 < slots()) markDirty(slot + 1);
    }

    void markDirty(int slot) {
        dirty.set(slot / slotsPerSegment());
    }

    void markDeleted(int fromSlot, int toSlotInclusive) {
        for (int i = fromSlot; i <= toSlotInclusive; i++) {
            bytes[i * DirectoryCodec.SLOT] = (byte) DirectoryCodec.DELETED;
            markDirty(i);
        }
    }

    /** Segments changed since the last call, as (volume offset, bytes) pairs. */
    List<Segment> takeDirtySegments() {
        List<Segment> out = new ArrayList<>();
        for (int s = dirty.nextSetBit(0); s >= 0; s = dirty.nextSetBit(s + 1)) {
            byte[] content = Arrays.copyOfRange(bytes, s * segmentBytes, (s + 1) * segmentBytes);
            out.add(new Segment(segmentOffsets.get(s), content));
        }
        dirty.clear();
        return out;
    }

    record Segment(long volumeOffset, byte[] bytes) {}
}

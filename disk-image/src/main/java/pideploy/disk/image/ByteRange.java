package pideploy.disk.image;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A half-open range of bytes {@code [offset, offset + length)} of a disk, partition or filesystem. Used to report
 * which parts of a filesystem are in use, for block maps.
 *
 * @param offset first byte, >= 0
 * @param length number of bytes, >= 0
 */
public record ByteRange(long offset, long length) {

    public ByteRange {
        if (offset < 0) throw new IllegalArgumentException("byte range offset must be >= 0: " + offset);
        if (length < 0) throw new IllegalArgumentException("byte range length must be >= 0: " + length);
    }

    /** The range {@code [start, endExclusive)}. */
    public static ByteRange between(long start, long endExclusive) {
        return new ByteRange(start, endExclusive - start);
    }

    /** Offset just past the last byte. */
    public long end() {
        return offset + length;
    }

    /** The same range moved by {@code delta} bytes (e.g. from partition-relative to disk-relative). */
    public ByteRange shift(long delta) {
        return new ByteRange(offset + delta, length);
    }

    /** The bytes of {@code [0, size)} that no range of {@code ranges} covers, in order. */
    public static List<ByteRange> complement(List<ByteRange> ranges, long size) {
        List<ByteRange> out = new ArrayList<>();
        long cursor = 0;
        for (ByteRange r : coalesce(ranges)) {
            long s = Math.min(r.offset(), size);
            if (s > cursor) {
                out.add(between(cursor, s));
            }
            cursor = Math.max(cursor, Math.min(r.end(), size));
        }
        if (cursor < size) {
            out.add(between(cursor, size));
        }
        return List.copyOf(out);
    }

    /** The bytes that lie in both lists: the intersection of their unions, coalesced. */
    public static List<ByteRange> intersect(List<ByteRange> a, List<ByteRange> b) {
        List<ByteRange> left = coalesce(a);
        List<ByteRange> right = coalesce(b);
        List<ByteRange> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < left.size() && j < right.size()) {
            ByteRange l = left.get(i);
            ByteRange r = right.get(j);
            long start = Math.max(l.offset, r.offset);
            long end = Math.min(l.end(), r.end());
            if (start < end) {
                out.add(between(start, end));
            }
            if (l.end() <= r.end()) {
                i++;
            } else {
                j++;
            }
        }
        return List.copyOf(out);
    }

    /** Sorts, drops empty ranges and merges overlapping or touching ones. */
    public static List<ByteRange> coalesce(List<ByteRange> ranges) {
        List<ByteRange> sorted = ranges.stream()
                .filter(r -> r.length > 0)
                .sorted(Comparator.comparingLong(ByteRange::offset))
                .toList();
        List<ByteRange> out = new ArrayList<>();
        for (ByteRange r : sorted) {
            if (!out.isEmpty() && out.getLast().end() >= r.offset) {
                ByteRange last = out.removeLast();
                out.add(between(last.offset, Math.max(last.end(), r.end())));
            } else {
                out.add(r);
            }
        }
        return List.copyOf(out);
    }
}

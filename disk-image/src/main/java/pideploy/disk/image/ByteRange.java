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

    /** Sorts, drops empty ranges and merges overlapping or touching ones. */
    public static List<ByteRange> coalesce(List<ByteRange> ranges) {
        List<ByteRange> sorted = ranges.stream().filter(r -> r.length > 0)
                .sorted(Comparator.comparingLong(ByteRange::offset)).toList();
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

package pideploy.deploy.core.transfer;

import pideploy.wire.zranges.ZrangesIndex;

/**
 * One segment as listed in the {@code .zranges.json} index (written by {@link ZrangesIndex}, docs/protocol.md).
 *
 * @param offset  byte offset in the image
 * @param length  raw bytes
 * @param sha256  lower-case hex SHA-256 of the raw bytes
 * @param zoffset byte offset of its frame in the {@code .zranges} file
 * @param zlength bytes of its frame
 */
public record IndexEntry(long offset, int length, String sha256, long zoffset, int zlength) {
    public IndexEntry {
        if (offset < 0 || length <= 0 || zoffset < 0 || zlength <= 0) {
            throw new IllegalArgumentException("index entry needs offset, zoffset >= 0 and length, zlength > 0, got "
                    + "%d, %d, %d, %d".formatted(offset, length, zoffset, zlength));
        }
    }

    /** The same segment as the index writes it. */
    public ZrangesIndex.Segment toWire() {
        return new ZrangesIndex.Segment(offset, length, sha256, zoffset, zlength);
    }

    /** A segment read from an index. */
    public static IndexEntry fromWire(ZrangesIndex.Segment s) {
        return new IndexEntry(
                s.offset(), Math.toIntExact(s.length()), s.sha256(), s.zoffset(), Math.toIntExact(s.zlength()));
    }
}

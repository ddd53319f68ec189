package pideploy.installer.core.port;

import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The index of a {@code zstd-ranges-v1} transfer form ({@code <image>.zranges.json}): which ranges of the image hold
 * data (segments, sorted, at most a few MiB each, on block boundaries), the SHA-256 of each segment's raw bytes, and
 * where its zstd frame lies in the data file. The compact constructor refuses an index that is inconsistent in
 * itself (overlaps, gaps between frames, wrong sums), so the transfer can trust its arithmetic.
 */
public record TransferIndex(
        String format,
        long imageSize,
        String imageSha256,
        int blockSize,
        long mappedBytes,
        long compressedBytes,
        String mappedSha256,
        List<Segment> segments) {

    /** One mapped piece of the image: {@code length} raw bytes at {@code offset}, compressed at {@code zoffset}. */
    public record Segment(long offset, long length, String sha256, long zoffset, long zlength) {
        public Segment {
            if (offset < 0 || length <= 0 || zoffset < 0 || zlength <= 0) {
                throw new IllegalArgumentException(("segment offset %d, length %d, zoffset %d, zlength %d: offsets "
                                + "must not be negative and lengths must be positive")
                        .formatted(offset, length, zoffset, zlength));
            }
            sha256 = hex("segment sha256", sha256);
        }

        public long end() {
            return offset + length;
        }

        public long zend() {
            return zoffset + zlength;
        }
    }

    public TransferIndex {
        if (!TransferForm.ZSTD_RANGES_V1.equals(format)) {
            throw new IllegalArgumentException(
                    "index format must be %s, was '%s'".formatted(TransferForm.ZSTD_RANGES_V1, format));
        }
        if (imageSize <= 0) {
            throw new IllegalArgumentException("index image_size must be positive, was " + imageSize);
        }
        if (blockSize < 512 || Integer.bitCount(blockSize) != 1) {
            throw new IllegalArgumentException("index block_size must be a power of two >= 512, was " + blockSize);
        }
        imageSha256 = hex("image_sha256", imageSha256);
        mappedSha256 = hex("mapped_sha256", mappedSha256);
        segments = List.copyOf(Objects.requireNonNull(segments, "segments"));
        long mapped = 0;
        long previousEnd = 0;
        long zNext = 0;
        for (Segment s : segments) {
            if (s.offset() < previousEnd) {
                throw new IllegalArgumentException("index segment at %d overlaps or precedes the one ending at %d"
                        .formatted(s.offset(), previousEnd));
            }
            if (s.offset() % blockSize != 0 || (s.length() % blockSize != 0 && s.end() != imageSize)) {
                throw new IllegalArgumentException("index segment at %d (%d bytes) is not on %d-byte blocks"
                        .formatted(s.offset(), s.length(), blockSize));
            }
            if (s.end() > imageSize) {
                throw new IllegalArgumentException("index segment at %d (%d bytes) ends beyond the image (%d bytes)"
                        .formatted(s.offset(), s.length(), imageSize));
            }
            if (s.zoffset() != zNext) {
                throw new IllegalArgumentException("index segment at %d has its frame at %d, expected %d (frames are "
                                .formatted(s.offset(), s.zoffset(), zNext)
                        + "concatenated in order)");
            }
            previousEnd = s.end();
            zNext = s.zend();
            mapped += s.length();
        }
        if (mapped != mappedBytes) {
            throw new IllegalArgumentException(
                    "index mapped_bytes is %d but its segments add up to %d".formatted(mappedBytes, mapped));
        }
        if (zNext != compressedBytes) {
            throw new IllegalArgumentException(
                    "index compressed_bytes is %d but its frames add up to %d".formatted(compressedBytes, zNext));
        }
    }

    /** The longest segment, raw. */
    public long maxSegmentLength() {
        return segments.stream().mapToLong(Segment::length).max().orElse(0);
    }

    /** The longest frame, compressed. */
    public long maxFrameLength() {
        return segments.stream().mapToLong(Segment::zlength).max().orElse(0);
    }

    private static String hex(String field, String value) {
        if (value == null || value.length() != 64 || !value.chars().allMatch(HexFormat::isHexDigit)) {
            throw new IllegalArgumentException("index %s must be 64 hex digits, was '%s'".formatted(field, value));
        }
        return value.toLowerCase(Locale.ROOT);
    }
}

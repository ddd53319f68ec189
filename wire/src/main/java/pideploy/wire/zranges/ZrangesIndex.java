package pideploy.wire.zranges;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The {@code .zranges.json} index of a {@code zstd-ranges-v1} transfer form (docs/protocol.md): which ranges of the
 * image hold data, the SHA-256 of each range's raw bytes and where its zstd frame lies in the {@code .zranges} file.
 *
 * <p>The compact constructors check each value on its own (format name, signs, hex digests); whether the segments add
 * up (order, overlaps, sums) and whether the format is one it can decode is for the reader to decide: the layout is
 * the same whatever compresses the frames, and the server's core tests prepare it with a JDK deflate stand-in. {@link #toJson()} is the one canonical
 * writer and {@link #parse(byte[])} the one strict parser of this format.
 *
 * @param format          the frames' codec and this layout's version: {@link #FORMAT} on the wire
 * @param imageSize       bytes of the whole image
 * @param imageSha256     hex SHA-256 of the whole image
 * @param blockSize       block size of the block map the segments lie on
 * @param mappedBytes     sum of the segments' lengths
 * @param compressedBytes size of the {@code .zranges} file: sum of the frames' lengths
 * @param mappedSha256    hex SHA-256 over the segments' {@code sha256} strings, concatenated in order
 * @param segments        in image order
 */
public record ZrangesIndex(
        String format,
        long imageSize,
        String imageSha256,
        int blockSize,
        long mappedBytes,
        long compressedBytes,
        String mappedSha256,
        List<Segment> segments) {
    /** The format name, also the {@code type} of the transfer form offered in the config answer. */
    public static final String FORMAT = "zstd-ranges-v1";

    private static final Pattern FORMAT_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{0,63}");

    /**
     * One mapped range of the image.
     *
     * @param offset  byte offset in the image
     * @param length  raw bytes, positive
     * @param sha256  hex SHA-256 of the raw bytes
     * @param zoffset byte offset of its zstd frame in the {@code .zranges} file
     * @param zlength bytes of that frame, positive
     */
    public record Segment(long offset, long length, String sha256, long zoffset, long zlength) {
        public Segment {
            notNegative("segment offset", offset);
            notNegative("segment zoffset", zoffset);
            positive("segment length", length);
            positive("segment zlength", zlength);
            hex("segment sha256", sha256);
        }
    }

    public ZrangesIndex {
        if (format == null || !FORMAT_NAME.matcher(format).matches()) {
            throw new IllegalArgumentException(
                    "index format must be a lower-case name such as %s, was '%s'".formatted(FORMAT, format));
        }
        notNegative("image_size", imageSize);
        positive("block_size", blockSize);
        notNegative("mapped_bytes", mappedBytes);
        notNegative("compressed_bytes", compressedBytes);
        hex("image_sha256", imageSha256);
        hex("mapped_sha256", mappedSha256);
        segments = List.copyOf(Objects.requireNonNull(segments, "segments"));
    }

    /**
     * The index as the server stores and serves it: the fields in declaration order, no whitespace, a final newline,
     * US-ASCII. The same index always gives the same bytes, so their SHA-256 ({@code index_sha256}) is stable.
     */
    public byte[] toJson() {
        StringBuilder s = new StringBuilder(256 + segments.size() * 180);
        s.append("{\"format\":");
        StrictJson.appendString(s, format);
        s.append(",\"image_size\":").append(imageSize).append(",\"image_sha256\":");
        StrictJson.appendString(s, imageSha256);
        s.append(",\"block_size\":")
                .append(blockSize)
                .append(",\"mapped_bytes\":")
                .append(mappedBytes)
                .append(",\"compressed_bytes\":")
                .append(compressedBytes)
                .append(",\"mapped_sha256\":");
        StrictJson.appendString(s, mappedSha256);
        s.append(",\"segments\":[");
        for (int i = 0; i < segments.size(); i++) {
            Segment e = segments.get(i);
            if (i > 0) {
                s.append(',');
            }
            s.append("{\"offset\":")
                    .append(e.offset())
                    .append(",\"length\":")
                    .append(e.length())
                    .append(",\"sha256\":");
            StrictJson.appendString(s, e.sha256());
            s.append(",\"zoffset\":")
                    .append(e.zoffset())
                    .append(",\"zlength\":")
                    .append(e.zlength())
                    .append('}');
        }
        s.append("]}\n");
        return s.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Reads an index strictly: one JSON object with exactly the fields of this record (any order, each once), numbers
     * where numbers belong (integers, no fraction or exponent), one object per segment with exactly its five fields.
     *
     * @throws IllegalArgumentException naming the field and the character offset of what is wrong
     */
    public static ZrangesIndex parse(byte[] json) {
        return IndexReader.read(json);
    }

    private static void notNegative(String field, long value) {
        if (value < 0) {
            throw new IllegalArgumentException("index %s must not be negative, was %d".formatted(field, value));
        }
    }

    private static void positive(String field, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException("index %s must be positive, was %d".formatted(field, value));
        }
    }

    private static void hex(String field, String value) {
        if (value == null || value.length() != 64 || !value.chars().allMatch(HexFormat::isHexDigit)) {
            throw new IllegalArgumentException("index %s must be 64 hex digits, was '%s'".formatted(field, value));
        }
    }
}

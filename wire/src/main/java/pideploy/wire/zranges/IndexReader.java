package pideploy.wire.zranges;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The strict reader behind {@link ZrangesIndex#parse(byte[])}: exactly the index's fields, each once. */
final class IndexReader {
    private static final List<String> FIELDS = List.of(
            "format",
            "image_size",
            "image_sha256",
            "block_size",
            "mapped_bytes",
            "compressed_bytes",
            "mapped_sha256",
            "segments");
    private static final List<String> SEGMENT_FIELDS = List.of("offset", "length", "sha256", "zoffset", "zlength");

    private IndexReader() {}

    static ZrangesIndex read(byte[] json) {
        StrictJson in = StrictJson.of(json);
        String format = null;
        String imageSha256 = null;
        String mappedSha256 = null;
        long imageSize = 0;
        long mappedBytes = 0;
        long compressedBytes = 0;
        int blockSize = 0;
        List<ZrangesIndex.Segment> segments = null;
        Set<String> seen = new HashSet<>();
        int start = in.offset();
        in.expect('{', "the index");
        if (!in.consume('}')) {
            do {
                String key = key(in, "", FIELDS, seen);
                switch (key) {
                    case "format" -> format = in.string(key);
                    case "image_size" -> imageSize = in.integer(key);
                    case "image_sha256" -> imageSha256 = in.string(key);
                    case "block_size" -> blockSize = in.smallInteger(key);
                    case "mapped_bytes" -> mappedBytes = in.integer(key);
                    case "compressed_bytes" -> compressedBytes = in.integer(key);
                    case "mapped_sha256" -> mappedSha256 = in.string(key);
                    case "segments" -> segments = segments(in);
                    default -> throw new IllegalStateException("unhandled index field " + key);
                }
            } while (in.consume(','));
            in.expect('}', "the index");
        }
        missing(seen, FIELDS, "", start);
        in.end();
        return new ZrangesIndex(
                format, imageSize, imageSha256, blockSize, mappedBytes, compressedBytes, mappedSha256, segments);
    }

    private static List<ZrangesIndex.Segment> segments(StrictJson in) {
        List<ZrangesIndex.Segment> segments = new ArrayList<>();
        in.expect('[', "index field segments");
        if (in.consume(']')) {
            return segments;
        }
        do {
            String prefix = "segments[%d].".formatted(segments.size());
            long offset = 0;
            long length = 0;
            long zoffset = 0;
            long zlength = 0;
            String sha256 = null;
            Set<String> seen = new HashSet<>();
            int start = in.offset();
            in.expect('{', "index field " + prefix.substring(0, prefix.length() - 1));
            if (!in.consume('}')) {
                do {
                    String key = key(in, prefix, SEGMENT_FIELDS, seen);
                    switch (key) {
                        case "offset" -> offset = in.integer(prefix + key);
                        case "length" -> length = in.integer(prefix + key);
                        case "sha256" -> sha256 = in.string(prefix + key);
                        case "zoffset" -> zoffset = in.integer(prefix + key);
                        case "zlength" -> zlength = in.integer(prefix + key);
                        default -> throw new IllegalStateException("unhandled segment field " + key);
                    }
                } while (in.consume(','));
                in.expect('}', "index field " + prefix.substring(0, prefix.length() - 1));
            }
            missing(seen, SEGMENT_FIELDS, prefix, start);
            try {
                segments.add(new ZrangesIndex.Segment(offset, length, sha256, zoffset, zlength));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("index " + prefix.substring(0, prefix.length() - 1) + ": "
                        + e.getMessage() + " at offset " + start);
            }
        } while (in.consume(','));
        in.expect(']', "index field segments");
        return segments;
    }

    /** The next member's name and its colon; unknown and repeated names fail. */
    private static String key(StrictJson in, String prefix, List<String> allowed, Set<String> seen) {
        int at = in.offset();
        String key = in.string(prefix.isEmpty() ? "name" : prefix + "name");
        if (!allowed.contains(key)) {
            throw new IllegalArgumentException("index has an unknown field %s%s at offset %d (%s allows only %s)"
                    .formatted(prefix, key, at, ZrangesIndex.FORMAT, String.join(", ", allowed)));
        }
        if (!seen.add(key)) {
            throw new IllegalArgumentException(
                    "index field %s%s appears twice, again at offset %d".formatted(prefix, key, at));
        }
        in.expect(':', "index field " + prefix + key);
        return key;
    }

    private static void missing(Set<String> seen, List<String> fields, String prefix, int at) {
        for (String field : fields) {
            if (!seen.contains(field)) {
                throw new IllegalArgumentException(
                        "index is missing field %s%s (object at offset %d)".formatted(prefix, field, at));
            }
        }
    }
}

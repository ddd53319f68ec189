package pideploy.deploy.core.transfer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@code .zranges.json} index back in tests, strictly: the exact key order {@link ZrangesIndex} writes, so a
 * changed layout fails here first.
 */
public record IndexJson(String format, long imageSize, String imageSha256, int blockSize, long mappedBytes,
                        long compressedBytes, String mappedSha256, List<IndexEntry> segments) {
    private static final Pattern HEAD = Pattern.compile("\\{\"format\":\"([^\"]+)\",\"image_size\":(\\d+),"
            + "\"image_sha256\":\"([0-9a-f]{64})\",\"block_size\":(\\d+),\"mapped_bytes\":(\\d+),"
            + "\"compressed_bytes\":(\\d+),\"mapped_sha256\":\"([0-9a-f]{64})\",\"segments\":\\[(.*)]}\n");
    private static final Pattern SEGMENT = Pattern.compile("\\{\"offset\":(\\d+),\"length\":(\\d+),"
            + "\"sha256\":\"([0-9a-f]{64})\",\"zoffset\":(\\d+),\"zlength\":(\\d+)}(,|$)");

    public static IndexJson parse(byte[] json) {
        Matcher m = HEAD.matcher(new String(json, StandardCharsets.US_ASCII));
        if (!m.matches()) {
            throw new IllegalArgumentException("not a zstd-ranges-v1 index: " + new String(json, 0,
                    Math.min(json.length, 300), StandardCharsets.US_ASCII));
        }
        List<IndexEntry> entries = new ArrayList<>();
        Matcher s = SEGMENT.matcher(m.group(8));
        int at = 0;
        while (at < m.group(8).length()) {
            if (!s.find(at) || s.start() != at) {
                throw new IllegalArgumentException("bad segment entry at " + at);
            }
            entries.add(new IndexEntry(Long.parseLong(s.group(1)), Integer.parseInt(s.group(2)), s.group(3),
                    Long.parseLong(s.group(4)), Integer.parseInt(s.group(5))));
            at = s.end();
        }
        return new IndexJson(m.group(1), Long.parseLong(m.group(2)), m.group(3), Integer.parseInt(m.group(4)),
                Long.parseLong(m.group(5)), Long.parseLong(m.group(6)), m.group(7), entries);
    }
}

package pideploy.deploy.core.transfer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import pideploy.wire.zranges.ZrangesIndex;

/**
 * Reads a {@code .zranges.json} index back in tests, strictly: the wire module's parser, and then the bytes must be
 * exactly what its canonical writer gives for that index (key order, no blanks), so a changed layout fails here first.
 */
public record IndexJson(
        String format,
        long imageSize,
        String imageSha256,
        int blockSize,
        long mappedBytes,
        long compressedBytes,
        String mappedSha256,
        List<IndexEntry> segments) {

    public static IndexJson parse(byte[] json) {
        ZrangesIndex index = ZrangesIndex.parse(json);
        if (!Arrays.equals(index.toJson(), json)) {
            throw new IllegalArgumentException("not a canonical zstd-ranges-v1 index: "
                    + new String(json, 0, Math.min(json.length, 300), StandardCharsets.US_ASCII));
        }
        return new IndexJson(
                index.format(),
                index.imageSize(),
                index.imageSha256(),
                index.blockSize(),
                index.mappedBytes(),
                index.compressedBytes(),
                index.mappedSha256(),
                index.segments().stream().map(IndexEntry::fromWire).toList());
    }
}

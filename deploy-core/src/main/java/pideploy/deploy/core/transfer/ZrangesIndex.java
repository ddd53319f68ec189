package pideploy.deploy.core.transfer;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes the {@code .zranges.json} index of format {@code zstd-ranges-v1} (CONTRACTS.md): a fixed key order and no
 * whitespace, so the same preparation always produces the same bytes and the same {@code index_sha256}. All values are
 * numbers or lower-case hex, so no string escaping is needed.
 */
public final class ZrangesIndex {
    private ZrangesIndex() {
    }

    /** The index document as UTF-8 bytes. */
    public static byte[] json(String format, long imageSize, String imageSha256, int blockSize, long mappedBytes,
                              long compressedBytes, String mappedSha256, List<IndexEntry> segments) {
        StringBuilder s = new StringBuilder(256 + segments.size() * 180);
        s.append("{\"format\":\"").append(format).append('"')
                .append(",\"image_size\":").append(imageSize)
                .append(",\"image_sha256\":\"").append(imageSha256).append('"')
                .append(",\"block_size\":").append(blockSize)
                .append(",\"mapped_bytes\":").append(mappedBytes)
                .append(",\"compressed_bytes\":").append(compressedBytes)
                .append(",\"mapped_sha256\":\"").append(mappedSha256).append('"')
                .append(",\"segments\":[");
        for (int i = 0; i < segments.size(); i++) {
            IndexEntry e = segments.get(i);
            if (i > 0) {
                s.append(',');
            }
            s.append("{\"offset\":").append(e.offset())
                    .append(",\"length\":").append(e.length())
                    .append(",\"sha256\":\"").append(e.sha256()).append('"')
                    .append(",\"zoffset\":").append(e.zoffset())
                    .append(",\"zlength\":").append(e.zlength())
                    .append('}');
        }
        s.append("]}\n");
        return s.toString().getBytes(StandardCharsets.US_ASCII);
    }
}

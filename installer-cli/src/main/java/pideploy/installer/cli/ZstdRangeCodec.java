package pideploy.installer.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;

import pideploy.installer.core.port.RangeCodec;
import pideploy.installer.core.port.TransferIndex;

/**
 * Reader of the {@code zstd-ranges-v1} form with Jackson (index) and zstd-jni (frames, decoded one whole frame at a
 * time between direct buffers, no copies). zstd-jni's native library is unpacked to a temporary directory when first
 * used; FIELD-NOTES.md 6.4 has the measurements and the packaging notes.
 */
public final class ZstdRangeCodec implements RangeCodec {
    private final ObjectMapper json = new ObjectMapper();

    @Override
    public TransferIndex parseIndex(byte[] bytes) {
        JsonNode root;
        try {
            root = json.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalArgumentException("the index is not JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the index is not a JSON object");
        }
        JsonNode array = root.path("segments");
        if (!array.isArray()) {
            throw new IllegalArgumentException("the index has no segments array");
        }
        List<TransferIndex.Segment> segments = new ArrayList<>(array.size());
        for (JsonNode s : array) {
            segments.add(new TransferIndex.Segment(number(s, "offset"), number(s, "length"),
                    s.path("sha256").asText(""), number(s, "zoffset"), number(s, "zlength")));
        }
        return new TransferIndex(root.path("format").asText(""), number(root, "image_size"),
                root.path("image_sha256").asText(""), (int) number(root, "block_size"), number(root, "mapped_bytes"),
                number(root, "compressed_bytes"), root.path("mapped_sha256").asText(""), segments);
    }

    private static long number(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (!value.isIntegralNumber()) {
            throw new IllegalArgumentException("index field %s must be an integer, was %s".formatted(field, value));
        }
        return value.asLong();
    }

    @Override
    public FrameDecoder newDecoder() {
        ZstdDecompressCtx context = new ZstdDecompressCtx();
        return new FrameDecoder() {
            @Override
            public int decode(ByteBuffer src, ByteBuffer dst) {
                try {
                    return context.decompressDirectByteBuffer(dst, dst.position(), dst.remaining(), src,
                            src.position(), src.remaining());
                } catch (ZstdException e) {
                    throw new CorruptFrameException(e.getMessage());
                }
            }

            @Override
            public void close() {
                context.close();
            }
        };
    }
}

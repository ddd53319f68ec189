package pideploy.installer.cli;

import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import java.nio.ByteBuffer;
import pideploy.installer.core.port.RangeCodec;
import pideploy.installer.core.port.TransferIndex;
import pideploy.wire.zranges.ZrangesIndex;

/**
 * Reader of the {@code zstd-ranges-v1} form (docs/protocol.md): the index with the wire module's parser, the frames
 * with zstd-jni, decoded one whole frame at a time between direct buffers, no copies. zstd-jni's native library is
 * unpacked to a temporary directory when first used.
 */
public final class ZstdRangeCodec implements RangeCodec {
    /**
     * Reads the index with the wire module's strict parser (unknown, missing or mistyped fields fail naming the field
     * and offset), then the core's {@link TransferIndex} checks that its segments add up.
     */
    @Override
    public TransferIndex parseIndex(byte[] bytes) {
        ZrangesIndex index = ZrangesIndex.parse(bytes);
        return new TransferIndex(
                index.format(),
                index.imageSize(),
                index.imageSha256(),
                index.blockSize(),
                index.mappedBytes(),
                index.compressedBytes(),
                index.mappedSha256(),
                index.segments().stream()
                        .map(s ->
                                new TransferIndex.Segment(s.offset(), s.length(), s.sha256(), s.zoffset(), s.zlength()))
                        .toList());
    }

    @Override
    public FrameDecoder newDecoder() {
        ZstdDecompressCtx context = new ZstdDecompressCtx();
        return new FrameDecoder() {
            @Override
            public int decode(ByteBuffer src, ByteBuffer dst) {
                try {
                    return context.decompressDirectByteBuffer(
                            dst, dst.position(), dst.remaining(), src, src.position(), src.remaining());
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

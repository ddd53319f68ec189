package pideploy.system.transfer;

import com.github.luben.zstd.Zstd;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import pideploy.disk.image.ByteRange;
import pideploy.disk.image.bmap.BlockMap;
import pideploy.disk.image.bmap.BlockMapper;
import pideploy.disk.image.bmap.BmapXml;
import pideploy.disk.image.bmap.MappedRange;
import pideploy.wire.zranges.ZrangesIndex;

/**
 * Prepares an image's {@code zstd-ranges-v1} files as docs/protocol.md describes, independently of the server's
 * preparation: disk-image's block map, segments of at most 4 MiB on 4 KiB blocks, one zstd frame each (zstd-jni,
 * no long mode), the {@code .bmap} beside them, and the index written by the wire module's one writer.
 */
final class ZrangesPreparer {
    static final long MAX_SEGMENT = 4L << 20;
    private static final HexFormat HEX = HexFormat.of();

    record Prepared(
            Path bmap,
            Path data,
            Path index,
            String indexSha256,
            String imageSha256,
            long imageSize,
            long mappedBytes,
            long compressedBytes) {}

    private ZrangesPreparer() {}

    static Prepared prepare(Path image, int level) throws IOException {
        return prepare(image, level, Optional.empty());
    }

    /** With the image file's allocated ranges, so that its holes stay unmapped as the server leaves them (ADR-0035). */
    static Prepared prepare(Path image, int level, Optional<List<ByteRange>> allocated) throws IOException {
        Path bmap = image.resolveSibling(image.getFileName() + ".bmap");
        Path data = image.resolveSibling(image.getFileName() + ".zranges");
        Path indexFile = image.resolveSibling(image.getFileName() + ".zranges.json");
        List<ZrangesIndex.Segment> segments = new ArrayList<>();
        ZrangesIndex index;
        MessageDigest whole = sha256();
        MessageDigest mapped = sha256();
        long mappedBytes = 0;
        long zoffset = 0;
        try (FileChannel in = FileChannel.open(image, StandardOpenOption.READ);
                OutputStream out = Files.newOutputStream(data)) {
            long size = in.size();
            BlockMap map = BlockMapper.map(in, allocated);
            Files.writeString(bmap, BmapXml.write(map), StandardCharsets.UTF_8);
            ByteBuffer buffer = ByteBuffer.allocateDirect((int) MAX_SEGMENT);
            byte[] raw = new byte[(int) MAX_SEGMENT];
            byte[] frame = new byte[(int) Zstd.compressBound(MAX_SEGMENT)];
            for (MappedRange range : map.ranges()) {
                long start = range.firstBlock() * map.blockSize();
                long end = Math.min((range.lastBlock() + 1) * map.blockSize(), size);
                for (long at = start; at < end; at += MAX_SEGMENT) {
                    int length = (int) Math.min(MAX_SEGMENT, end - at);
                    buffer.clear().limit(length);
                    while (buffer.hasRemaining()) {
                        if (in.read(buffer, at + buffer.position()) < 0) {
                            throw new IOException("image ended early at " + at);
                        }
                    }
                    buffer.flip().get(raw, 0, length);
                    int frameLength = (int) Zstd.compressByteArray(frame, 0, frame.length, raw, 0, length, level);
                    if (Zstd.isError(frameLength)) {
                        throw new IOException("zstd: " + Zstd.getErrorName(frameLength));
                    }
                    out.write(frame, 0, frameLength);
                    String sha256 = HEX.formatHex(sha256Of(raw, length));
                    // mapped_sha256: SHA-256 over the segments' hex sha256 values in order (a hash list).
                    mapped.update(sha256.getBytes(StandardCharsets.US_ASCII));
                    segments.add(new ZrangesIndex.Segment(at, length, sha256, zoffset, frameLength));
                    zoffset += frameLength;
                    mappedBytes += length;
                }
            }
            ByteBuffer all = ByteBuffer.allocate(1 << 20);
            for (long at = 0; at < size; ) {
                all.clear();
                int n = in.read(all, at);
                all.flip();
                whole.update(all);
                at += n;
            }
            index = new ZrangesIndex(
                    ZrangesIndex.FORMAT,
                    size,
                    HEX.formatHex(whole.digest()),
                    map.blockSize(),
                    mappedBytes,
                    zoffset,
                    HEX.formatHex(mapped.digest()),
                    segments);
        }
        byte[] indexBytes = index.toJson();
        Files.write(indexFile, indexBytes);
        return new Prepared(
                bmap,
                data,
                indexFile,
                HEX.formatHex(sha256().digest(indexBytes)),
                index.imageSha256(),
                index.imageSize(),
                mappedBytes,
                zoffset);
    }

    private static byte[] sha256Of(byte[] bytes, int length) {
        MessageDigest digest = sha256();
        digest.update(bytes, 0, length);
        return digest.digest();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

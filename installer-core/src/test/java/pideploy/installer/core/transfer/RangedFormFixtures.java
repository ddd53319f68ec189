package pideploy.installer.core.transfer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import pideploy.disk.image.bmap.BlockMap;
import pideploy.disk.image.bmap.BlockMapper;
import pideploy.disk.image.bmap.MappedRange;
import pideploy.installer.core.port.RangeCodec;
import pideploy.installer.core.port.TransferForm;
import pideploy.installer.core.port.TransferIndex;

/**
 * A {@code zstd-ranges-v1}-shaped transfer form of an image, built the way the server does (disk-image's block map,
 * segments of at most {@code maxSegment} bytes), but with a stand-in codec: a frame is its segment XOR 0x5A, and
 * the "JSON" index is a token the codec looks up. The core's checking, threading and writing are what is tested.
 */
final class RangedFormFixtures {
    static final String DATA_URL = "/images/kxp2-1.0.img.zranges";
    static final String INDEX_URL = "/images/kxp2-1.0.img.zranges.json";
    private static final Map<String, TransferIndex> INDEXES = new ConcurrentHashMap<>();

    record Form(TransferIndex index, byte[] indexBytes, byte[] data, TransferForm offer) {}

    private RangedFormFixtures() {}

    static Form build(byte[] image, Path scratch, long maxSegment) {
        BlockMap map;
        try {
            Path file = Files.createTempFile(scratch, "image", ".img");
            Files.write(file, image);
            try (SeekableByteChannel channel = Files.newByteChannel(file, StandardOpenOption.READ)) {
                map = BlockMapper.map(channel);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<TransferIndex.Segment> segments = new ArrayList<>();
        java.io.ByteArrayOutputStream data = new java.io.ByteArrayOutputStream();
        MessageDigest mapped = sha();
        for (MappedRange range : map.ranges()) {
            long start = range.firstBlock() * map.blockSize();
            long end = Math.min((range.lastBlock() + 1) * map.blockSize(), image.length);
            for (long at = start; at < end; at += maxSegment) {
                int length = (int) Math.min(maxSegment, end - at);
                byte[] raw = java.util.Arrays.copyOfRange(image, (int) at, (int) at + length);
                String sha256 = hex(sha().digest(raw));
                mapped.update(sha256.getBytes(StandardCharsets.US_ASCII));
                segments.add(new TransferIndex.Segment(at, length, sha256, data.size(), length));
                data.writeBytes(xor(raw));
            }
        }
        TransferIndex index = new TransferIndex(
                TransferForm.ZSTD_RANGES_V1,
                image.length,
                hex(sha().digest(image)),
                map.blockSize(),
                segments.stream().mapToLong(TransferIndex.Segment::length).sum(),
                data.size(),
                hex(mapped.digest()),
                segments);
        byte[] indexBytes = ("index-" + System.nanoTime() + "-" + index.hashCode()).getBytes(StandardCharsets.UTF_8);
        INDEXES.put(new String(indexBytes, StandardCharsets.UTF_8), index);
        TransferForm offer = new TransferForm(
                TransferForm.ZSTD_RANGES_V1,
                INDEX_URL,
                DATA_URL,
                hex(sha().digest(indexBytes)),
                index.mappedBytes(),
                index.compressedBytes());
        return new Form(index, indexBytes, data.toByteArray(), offer);
    }

    static byte[] xor(byte[] bytes) {
        byte[] out = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = (byte) (bytes[i] ^ 0x5A);
        }
        return out;
    }

    /** The stand-in codec: indexes by token, frames XOR 0x5A. */
    static RangeCodec codec() {
        return new RangeCodec() {
            @Override
            public TransferIndex parseIndex(byte[] json) {
                TransferIndex index = INDEXES.get(new String(json, StandardCharsets.UTF_8));
                if (index == null) {
                    throw new IllegalArgumentException("not an index");
                }
                return index;
            }

            @Override
            public FrameDecoder newDecoder() {
                return new FrameDecoder() {
                    @Override
                    public int decode(ByteBuffer src, ByteBuffer dst) {
                        int n = src.remaining();
                        if (n > dst.remaining()) {
                            throw new CorruptFrameException("frame larger than its buffer");
                        }
                        for (int i = 0; i < n; i++) {
                            dst.put(dst.position() + i, (byte) (src.get(src.position() + i) ^ 0x5A));
                        }
                        return n;
                    }

                    @Override
                    public void close() {}
                };
            }
        };
    }

    static MessageDigest sha() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}

package pideploy.installer.cli;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import pideploy.wire.zranges.ZrangesIndex;

/**
 * A made-up image in the {@code zstd-ranges-v1} form, built in memory for {@code pi-installer self-test}: 4 MiB
 * segments at scattered offsets (none 64 KiB-aligned, so the unaligned-edge writes are exercised too), each part
 * random and part repeated text, so zstd level 3 roughly halves it as it does real root filesystems.
 *
 * @param index the index file's bytes; {@code indexSha256} is their SHA-256
 * @param data  the frames, one per segment, in order
 */
record SyntheticForm(
        byte[] index, String indexSha256, byte[] data, long imageSize, String imageSha256, long mappedBytes) {
    static final int SEGMENT = 4 << 20;
    private static final HexFormat HEX = HexFormat.of();

    /** About {@code mappedMib} MiB of mapped data (whole segments, at least one). */
    static SyntheticForm build(int mappedMib) {
        int segments = Math.max(1, mappedMib / 4);
        List<ZrangesIndex.Segment> entries = new ArrayList<>(segments);
        ByteArrayOutputStream frames = new ByteArrayOutputStream();
        MessageDigest hashList = sha256();
        byte[] text = "pideploy self-test: the quick brown fox jumps over the lazy dog 0123456789\n"
                .getBytes(StandardCharsets.US_ASCII);
        SplittableRandom random = new SplittableRandom(20261126L);
        long offset = 12 * 1024;
        for (int i = 0; i < segments; i++) {
            byte[] segment = new byte[SEGMENT];
            int noise = SEGMENT * 2 / 5;
            random.nextBytes(segment);
            for (int at = noise; at < SEGMENT; at++) {
                segment[at] = text[at % text.length];
            }
            byte[] frame = Zstd.compress(segment, 3);
            String sha = HEX.formatHex(sha256().digest(segment));
            hashList.update(sha.getBytes(StandardCharsets.US_ASCII));
            entries.add(new ZrangesIndex.Segment(offset, SEGMENT, sha, frames.size(), frame.length));
            frames.writeBytes(frame);
            // A gap of unmapped blocks after each segment, as free space between a filesystem's files.
            offset += SEGMENT + 2 * 1024 * 1024 + 4096;
        }
        long imageSize = offset;
        String mappedSha256 = HEX.formatHex(hashList.digest());
        // No whole-image hash is checked on this path; the index and config only have to agree on one.
        String imageSha256 = mappedSha256;
        byte[] index = new ZrangesIndex(
                        ZrangesIndex.FORMAT,
                        imageSize,
                        imageSha256,
                        4096,
                        (long) segments * SEGMENT,
                        frames.size(),
                        mappedSha256,
                        entries)
                .toJson();
        return new SyntheticForm(
                index,
                HEX.formatHex(sha256().digest(index)),
                frames.toByteArray(),
                imageSize,
                imageSha256,
                (long) segments * SEGMENT);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}

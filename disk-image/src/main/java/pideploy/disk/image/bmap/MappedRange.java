package pideploy.disk.image.bmap;

import java.util.regex.Pattern;

/**
 * A run of mapped blocks {@code firstBlock..lastBlock} (inclusive, as in bmap files) and the SHA-256 of the image
 * bytes it covers (the last range may end with a partial block at the image's end; its hash covers only the bytes
 * the image has).
 *
 * @param firstBlock first block number, >= 0
 * @param lastBlock  last block number, >= firstBlock
 * @param sha256     64 lower-case hex digits
 */
public record MappedRange(long firstBlock, long lastBlock, String sha256) {

    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    public MappedRange {
        if (firstBlock < 0) throw new IllegalArgumentException("mapped range firstBlock must be >= 0: " + firstBlock);
        if (lastBlock < firstBlock)
            throw new IllegalArgumentException(
                    "mapped range lastBlock %d must be >= firstBlock %d".formatted(lastBlock, firstBlock));
        if (sha256 == null || !HEX64.matcher(sha256).matches())
            throw new IllegalArgumentException("mapped range sha256 must be 64 lower-case hex digits: " + sha256);
    }

    /** Number of blocks in the range. */
    public long blockCount() {
        return lastBlock - firstBlock + 1;
    }
}

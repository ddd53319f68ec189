package pideploy.deploy.transfer.zstd;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdException;
import java.util.Arrays;
import pideploy.deploy.core.transfer.TransferForm;
import pideploy.deploy.core.transfer.port.SegmentCompressor;

/**
 * Compresses each segment into one self-contained zstd frame with zstd-jni (format {@code zstd-ranges-v1}).
 * The frame header carries the content size; no long-distance matching; the window is capped at 2^{@value #WINDOW_LOG}
 * bytes (8 MiB), the largest window the pure-Java decoder aircompressor 2.0 accepts (FIELD-NOTES §6.4), so any
 * decoder can read the frames. Segments are at most 4 MiB, so zstd sizes the window to the segment anyway; the cap
 * makes that a promise rather than a coincidence. The level is chosen by measurement (docs/adr/0026).
 *
 * <p>Thread-safe: each call uses its own native context, so the core can compress several segments at once.
 */
public final class ZstdSegmentCompressor implements SegmentCompressor {
    /** The level measured best for a Pi 5 server (docs/adr/0026). */
    public static final int DEFAULT_LEVEL = 3;
    /** 8 MiB: aircompressor's MAX_WINDOW_SIZE. */
    public static final int WINDOW_LOG = 23;

    private final int level;

    public ZstdSegmentCompressor() {
        this(DEFAULT_LEVEL);
    }

    /** @param level zstd level 1-19 (no "ultra" levels: they need windows beyond 8 MiB) */
    public ZstdSegmentCompressor(int level) {
        if (level < 1 || level > 19) {
            throw new IllegalArgumentException("zstd level must be 1-19, got " + level);
        }
        this.level = level;
    }

    public int level() {
        return level;
    }

    @Override
    public String format() {
        return TransferForm.ZSTD_RANGES_V1;
    }

    @Override
    public byte[] compress(byte[] raw, int length) {
        if (length < 0 || length > raw.length) {
            throw new IllegalArgumentException("segment length must be 0-%d, got %d".formatted(raw.length, length));
        }
        try (ZstdCompressCtx ctx = new ZstdCompressCtx()) {
            ctx.setLevel(level);
            ctx.setLong(0);
            ctx.setWindowLog(Math.min(WINDOW_LOG, windowLogFor(length)));
            ctx.setContentSize(true);
            ctx.setChecksum(false);
            byte[] out = new byte[(int) Zstd.compressBound(length)];
            int n = ctx.compressByteArray(out, 0, out.length, raw, 0, length);
            return Arrays.copyOf(out, n);
        } catch (ZstdException e) {
            throw new IllegalStateException(
                    "zstd level %d failed on a %d-byte segment: %s".formatted(level, length, e.getMessage()), e);
        }
    }

    /** The smallest window (>= 2^10, zstd's minimum) that holds the whole segment. */
    static int windowLogFor(int length) {
        int log = 10;
        while (log < 30 && (1L << log) < length) {
            log++;
        }
        return log;
    }

    @Override
    public String toString() {
        return "zstd level " + level;
    }
}

package pideploy.deploy.transfer.zstd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ZstdSegmentCompressorTest {
    private static byte[] segment(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        Arrays.fill(b, size / 3, size, (byte) 7);
        return b;
    }

    @Test
    void writesOneFrameThatDecodesToTheSegmentAlone() {
        byte[] raw = segment(4 << 20, 1);

        byte[] frame = new ZstdSegmentCompressor().compress(raw, raw.length);

        assertThat(frame.length).isLessThan(raw.length / 2);
        assertThat(Zstd.getFrameContentSize(frame)).isEqualTo(raw.length);
        assertThat(Zstd.decompress(frame, raw.length)).isEqualTo(raw);
    }

    @Test
    void compressesOnlyTheGivenLength() {
        byte[] raw = segment(100_000, 2);

        byte[] frame = new ZstdSegmentCompressor(1).compress(raw, 4096);

        assertThat(Zstd.decompress(frame, 4096)).isEqualTo(Arrays.copyOf(raw, 4096));
    }

    @Test
    void asksForAWindowOfAtMost8MiBAtEveryLevel() {
        byte[] raw = segment(4 << 20, 3);
        for (int level : new int[] {1, 3, 9, 19}) {
            byte[] frame = new ZstdSegmentCompressor(level).compress(raw, raw.length);

            assertThat(ZstdFrames.windowSize(frame, 0)).as("level %d", level).isLessThanOrEqualTo(8L << 20);
        }
    }

    @Test
    void isDeterministic() {
        byte[] raw = segment(1 << 20, 4);
        ZstdSegmentCompressor zstd = new ZstdSegmentCompressor(6);

        assertThat(zstd.compress(raw, raw.length)).isEqualTo(zstd.compress(raw, raw.length));
    }

    @Test
    void refusesLevelsOutsideTheNormalRange() {
        assertThatThrownBy(() -> new ZstdSegmentCompressor(22))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("zstd level must be 1-19, got 22");
        assertThatThrownBy(() -> new ZstdSegmentCompressor(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void namesTheContractsFormat() {
        assertThat(new ZstdSegmentCompressor().format()).isEqualTo("zstd-ranges-v1");
    }
}

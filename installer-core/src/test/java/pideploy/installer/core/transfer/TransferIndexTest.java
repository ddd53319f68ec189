package pideploy.installer.core.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import pideploy.installer.core.port.TransferForm;
import pideploy.installer.core.port.TransferIndex;
import pideploy.installer.core.port.TransferIndex.Segment;

class TransferIndexTest {
    private static final String H = "ab".repeat(32);

    private static TransferIndex index(long mapped, long compressed, Segment... segments) {
        return new TransferIndex(
                TransferForm.ZSTD_RANGES_V1, 1 << 20, H, 4096, mapped, compressed, H, List.of(segments));
    }

    @Test
    void acceptsSortedBlockAlignedSegmentsWithConcatenatedFrames() {
        TransferIndex index = index(12288, 300, new Segment(0, 4096, H, 0, 100), new Segment(8192, 8192, H, 100, 200));

        assertThat(index.maxSegmentLength()).isEqualTo(8192);
        assertThat(index.maxFrameLength()).isEqualTo(200);
    }

    @Test
    void refusesOverlappingSegments() {
        assertThatThrownBy(
                        () -> index(12288, 300, new Segment(0, 8192, H, 0, 100), new Segment(4096, 4096, H, 100, 200)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("overlaps");
    }

    @Test
    void refusesAGapBetweenFrames() {
        assertThatThrownBy(
                        () -> index(8192, 300, new Segment(0, 4096, H, 0, 100), new Segment(4096, 4096, H, 101, 199)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("frame at 101, expected 100");
    }

    @Test
    void refusesMappedBytesThatDoNotAddUp() {
        assertThatThrownBy(() -> index(4097, 100, new Segment(0, 4096, H, 0, 100)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mapped_bytes is 4097");
    }

    @Test
    void refusesSegmentsOffTheBlockGrid() {
        assertThatThrownBy(() -> index(4096, 100, new Segment(512, 4096, H, 0, 100)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not on 4096-byte blocks");
    }

    @Test
    void refusesAnotherFormat() {
        assertThatThrownBy(() -> new TransferIndex("zstd-ranges-v2", 1, H, 4096, 0, 0, H, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("zstd-ranges-v1");
    }
}

package pideploy.disk.image.bmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import pideploy.disk.image.ByteRange;

class BlockMapperTest {

    @Test
    void mapsEveryBlockThatAUsedByteTouches() {
        List<long[]> runs = BlockMapper.mappedBlockRuns(
                List.of(
                        ByteRange.between(0, 512),
                        ByteRange.between(4095, 4097),
                        ByteRange.between(5 * 4096, 6 * 4096),
                        ByteRange.between(20 * 4096 + 1, 20 * 4096 + 2)),
                100 * 4096,
                4096);

        assertThat(runs).containsExactly(new long[] {0, 1}, new long[] {5, 5}, new long[] {20, 20});
    }

    @Test
    void clipsRunsToTheImage() {
        List<long[]> runs = BlockMapper.mappedBlockRuns(List.of(ByteRange.between(8000, 99_999)), 10_000, 4096);

        assertThat(runs).containsExactly(new long[] {1, 2});
    }

    @Test
    void complementsSortedRanges() {
        assertThat(BlockMapper.complement(List.of(ByteRange.between(10, 20), ByteRange.between(30, 40)), 50))
                .containsExactly(ByteRange.between(0, 10), ByteRange.between(20, 30), ByteRange.between(40, 50));
        assertThat(BlockMapper.complement(List.of(ByteRange.between(0, 50)), 50))
                .isEmpty();
        assertThat(BlockMapper.complement(List.of(), 50)).containsExactly(ByteRange.between(0, 50));
        assertThat(BlockMapper.complement(List.of(ByteRange.between(40, 80)), 50))
                .containsExactly(ByteRange.between(0, 40));
    }
}

package pideploy.disk.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ByteRangeTest {

    @Test
    void coalescesOverlappingAndTouchingRangesAndDropsEmptyOnes() {
        List<ByteRange> merged = ByteRange.coalesce(List.of(
                ByteRange.between(100, 200), ByteRange.between(0, 10), ByteRange.between(150, 300),
                ByteRange.between(300, 310), new ByteRange(50, 0), ByteRange.between(400, 500)));

        assertThat(merged).containsExactly(
                ByteRange.between(0, 10), ByteRange.between(100, 310), ByteRange.between(400, 500));
    }

    @Test
    void keepsAContainedRangeInsideItsContainer() {
        assertThat(ByteRange.coalesce(List.of(ByteRange.between(0, 1000), ByteRange.between(10, 20))))
                .containsExactly(ByteRange.between(0, 1000));
    }

    @Test
    void shiftsAndReportsItsEnd() {
        assertThat(new ByteRange(10, 5).shift(100)).isEqualTo(new ByteRange(110, 5));
        assertThat(new ByteRange(10, 5).end()).isEqualTo(15);
    }

    @Test
    void rejectsNegativeValues() {
        assertThatThrownBy(() -> new ByteRange(-1, 5)).hasMessageContaining("offset");
        assertThatThrownBy(() -> new ByteRange(1, -5)).hasMessageContaining("length");
    }
}

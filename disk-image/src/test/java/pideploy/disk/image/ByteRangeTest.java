package pideploy.disk.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ByteRangeTest {

    @Test
    void coalescesOverlappingAndTouchingRangesAndDropsEmptyOnes() {
        List<ByteRange> merged = ByteRange.coalesce(List.of(
                ByteRange.between(100, 200),
                ByteRange.between(0, 10),
                ByteRange.between(150, 300),
                ByteRange.between(300, 310),
                new ByteRange(50, 0),
                ByteRange.between(400, 500)));

        assertThat(merged)
                .containsExactly(ByteRange.between(0, 10), ByteRange.between(100, 310), ByteRange.between(400, 500));
    }

    @Test
    void keepsAContainedRangeInsideItsContainer() {
        assertThat(ByteRange.coalesce(List.of(ByteRange.between(0, 1000), ByteRange.between(10, 20))))
                .containsExactly(ByteRange.between(0, 1000));
    }

    @Test
    void intersectsTwoListsWhateverTheirOrderAndOverlaps() {
        List<ByteRange> used =
                List.of(ByteRange.between(500, 900), ByteRange.between(0, 100), ByteRange.between(80, 300));
        List<ByteRange> allocated =
                List.of(ByteRange.between(50, 60), ByteRange.between(250, 600), ByteRange.between(880, 2000));

        assertThat(ByteRange.intersect(used, allocated))
                .containsExactly(
                        ByteRange.between(50, 60),
                        ByteRange.between(250, 300),
                        ByteRange.between(500, 600),
                        ByteRange.between(880, 900));
        assertThat(ByteRange.intersect(allocated, used)).isEqualTo(ByteRange.intersect(used, allocated));
        assertThat(ByteRange.intersect(used, List.of())).isEmpty();
        assertThat(ByteRange.intersect(List.of(ByteRange.between(0, 10)), List.of(ByteRange.between(10, 20))))
                .as("touching is not overlapping")
                .isEmpty();
    }

    @Test
    void complementsUnsortedOverlappingRangesWithinASize() {
        assertThat(ByteRange.complement(
                        List.of(ByteRange.between(30, 40), ByteRange.between(10, 20), ByteRange.between(15, 25)), 50))
                .containsExactly(ByteRange.between(0, 10), ByteRange.between(25, 30), ByteRange.between(40, 50));
        assertThat(ByteRange.complement(List.of(ByteRange.between(0, 60)), 50)).isEmpty();
        assertThat(ByteRange.complement(List.of(), 50)).containsExactly(ByteRange.between(0, 50));
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

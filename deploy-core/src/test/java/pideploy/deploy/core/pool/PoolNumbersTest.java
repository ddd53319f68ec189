package pideploy.deploy.core.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PoolNumbersTest {
    @Test
    void parsesRangesAndSingleNumbersIntoSortedDistinctNumbers() {
        assertThat(PoolNumbers.parse("1-50,77,100-120"))
                .hasSize(72)
                .startsWith(1, 2)
                .endsWith(119, 120)
                .contains(77)
                .doesNotContain(51, 99);
        assertThat(PoolNumbers.parse(" 5 , 3-4, 4 ")).containsExactly(3, 4, 5);
        assertThat(PoolNumbers.parse("999,1000,998")).containsExactly(998, 999, 1000);
    }

    @Test
    void namesTheBadPart() {
        assertThatThrownBy(() -> PoolNumbers.parse("1-5,x")).hasMessageContaining("'x'");
        assertThatThrownBy(() -> PoolNumbers.parse("9-3"))
                .hasMessageContaining("backwards")
                .hasMessageContaining("3-9");
        assertThatThrownBy(() -> PoolNumbers.parse("1,,2")).hasMessageContaining("empty part");
        assertThatThrownBy(() -> PoolNumbers.parse("")).hasMessageContaining("1-50,77");
        assertThatThrownBy(() -> PoolNumbers.parse("-3")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PoolNumbers.parse("1-1000000")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesMoreThanTenThousandNumbersAtOnce() {
        assertThat(PoolNumbers.parse("1-10000")).hasSize(10_000);
        assertThatThrownBy(() -> PoolNumbers.parse("1-10000,20000")).hasMessageContaining("more than 10000");
    }
}

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
    void parsesKartNumbersPastedOnePerLineWithSpacesOrCommasAndRangesMixedIn() {
        assertThat(PoolNumbers.parse("12\n14 15\r\n16, 17\n\n20 - 22\n30\u201332,\n40,\n 7 "))
                .containsExactly(7, 12, 14, 15, 16, 17, 20, 21, 22, 30, 31, 32, 40);
        assertThat(PoolNumbers.parse("1\t2\t3")).containsExactly(1, 2, 3);
    }

    @Test
    void namesTheBadTokenAndItsLineInAPastedList() {
        assertThatThrownBy(() -> PoolNumbers.parse("12\n14 15\n16 x7 18"))
                .hasMessageContaining("'x7'")
                .hasMessageContaining("line 3")
                .hasMessageContaining("nothing was imported");
        assertThatThrownBy(() -> PoolNumbers.parse("1\n9 - 3")).hasMessageContaining("'9-3' on line 2");
        assertThatThrownBy(() -> PoolNumbers.parse("1\n2 - \n3")).hasMessageContaining("'2-' on line 2");
        assertThatThrownBy(() -> PoolNumbers.parse("1-5-9")).hasMessageContaining("'1-5-9'");
        assertThatThrownBy(() -> PoolNumbers.parse("\n\n , \n")).hasMessageContaining("got nothing");
        assertThatThrownBy(() -> PoolNumbers.parse("\u0661\u0662")).hasMessageContaining("is not a number");
    }

    @Test
    void refusesMoreThanTenThousandNumbersAtOnce() {
        assertThat(PoolNumbers.parse("1-10000")).hasSize(10_000);
        assertThatThrownBy(() -> PoolNumbers.parse("1-10000,20000")).hasMessageContaining("more than 10000");
    }
}

package pideploy.deploy.http.helidon.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ByteRangeTest {
    private static ByteRange.Parsed parse(String h, long size) {
        return ByteRange.parse(Optional.ofNullable(h), size);
    }

    @Test
    void parsesTheThreeSingleRangeForms() {
        assertThat(parse("bytes=0-99", 1000)).isEqualTo(new ByteRange.Parsed.Satisfiable(new ByteRange(0, 99)));
        assertThat(parse("bytes=900-", 1000)).isEqualTo(new ByteRange.Parsed.Satisfiable(new ByteRange(900, 999)));
        assertThat(parse("bytes=-100", 1000)).isEqualTo(new ByteRange.Parsed.Satisfiable(new ByteRange(900, 999)));
        assertThat(parse("bytes=-5000", 1000)).isEqualTo(new ByteRange.Parsed.Satisfiable(new ByteRange(0, 999)));
        assertThat(parse("bytes=990-5000", 1000)).isEqualTo(new ByteRange.Parsed.Satisfiable(new ByteRange(990, 999)));
    }

    @Test
    void unsatisfiableRangesAre416() {
        assertThat(parse("bytes=1000-", 1000)).isInstanceOf(ByteRange.Parsed.Unsatisfiable.class);
        assertThat(parse("bytes=-0", 1000)).isInstanceOf(ByteRange.Parsed.Unsatisfiable.class);
        assertThat(parse("bytes=0-", 0)).isInstanceOf(ByteRange.Parsed.Unsatisfiable.class);
    }

    @Test
    void malformedOrMultipleRangesAreIgnored() {
        for (String h : new String[] {
            null,
            "",
            "bytes",
            "bytes=",
            "bytes=-",
            "bytes=a-b",
            "items=0-1",
            "bytes=5-1",
            "bytes=0-1,3-4",
            "bytes=99999999999999999999-",
            "bytes= 1 - 2x"
        }) {
            assertThat(parse(h, 1000)).as(String.valueOf(h)).isInstanceOf(ByteRange.Parsed.Ignore.class);
        }
    }

    @Test
    void contentRangeNamesTheSlice() {
        assertThat(new ByteRange(10, 19).contentRange(100)).isEqualTo("bytes 10-19/100");
        assertThat(new ByteRange(10, 19).length()).isEqualTo(10);
    }
}

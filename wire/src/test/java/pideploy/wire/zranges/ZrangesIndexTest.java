package pideploy.wire.zranges;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import pideploy.wire.WireFixtures;

class ZrangesIndexTest {
    private static final String H = "0f".repeat(32);
    private static final byte[] GOLDEN = WireFixtures.bytes(WireFixtures.V1, WireFixtures.ZRANGES_INDEX);

    @Test
    void parsesTheGoldenIndex() {
        ZrangesIndex index = ZrangesIndex.parse(GOLDEN);

        assertThat(index.format()).isEqualTo("zstd-ranges-v1");
        assertThat(index.imageSize()).isEqualTo(8388608);
        assertThat(index.blockSize()).isEqualTo(4096);
        assertThat(index.mappedBytes()).isEqualTo(4210688);
        assertThat(index.compressedBytes()).isEqualTo(1203719);
        assertThat(index.segments()).extracting(ZrangesIndex.Segment::offset).containsExactly(0L, 1048576L, 6291456L);
        assertThat(index.segments().get(1).zoffset()).isEqualTo(97);
    }

    @Test
    void theCanonicalWriterWritesTheGoldenBytes() {
        assertThat(ZrangesIndex.parse(GOLDEN).toJson()).isEqualTo(GOLDEN);
    }

    @Test
    void writesTheFieldsInOrderWithoutBlanksAndAFinalNewline() {
        ZrangesIndex index = new ZrangesIndex(
                ZrangesIndex.FORMAT,
                8192,
                H,
                4096,
                4096,
                10,
                H,
                List.of(new ZrangesIndex.Segment(4096, 4096, H, 0, 10)));

        assertThat(new String(index.toJson(), StandardCharsets.US_ASCII))
                .isEqualTo(("{\"format\":\"zstd-ranges-v1\","
                                + "\"image_size\":8192,\"image_sha256\":\"%s\",\"block_size\":4096,\"mapped_bytes\":4096,"
                                + "\"compressed_bytes\":10,\"mapped_sha256\":\"%s\",\"segments\":[{\"offset\":4096,\"length\":4096,"
                                + "\"sha256\":\"%s\",\"zoffset\":0,\"zlength\":10}]}\n")
                        .formatted(H, H, H));
    }

    @Test
    void acceptsAnyMemberOrderAndBlanks() {
        String json = """
                { "segments" : [ { "zlength":40, "zoffset":0, "sha256":"%s", "length":4096, "offset":0 } ],
                  "mapped_sha256":"%s", "compressed_bytes":40, "mapped_bytes":4096, "block_size":4096,
                  "image_sha256":"%s", "image_size":1048576, "format":"zstd-ranges-v1" }
                """.formatted(H, H, H);

        assertThat(ZrangesIndex.parse(bytes(json)).segments()).hasSize(1);
    }

    @Test
    void refusesAnUnknownField() {
        String json = golden().replace("\"block_size\":4096", "\"block_size\":4096,\"level\":3");

        assertThatThrownBy(() -> ZrangesIndex.parse(bytes(json)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown field level")
                .hasMessageContaining("at offset 148");
    }

    @Test
    void refusesAnUnknownSegmentField() {
        String json = golden().replace("\"zlength\":97}", "\"zlength\":97,\"crc\":1}");

        assertThatThrownBy(() -> ZrangesIndex.parse(bytes(json))).hasMessageContaining("unknown field segments[0].crc");
    }

    @Test
    void refusesAMissingField() {
        String json = golden().replace(",\"block_size\":4096", "");

        assertThatThrownBy(() -> ZrangesIndex.parse(bytes(json))).hasMessageContaining("missing field block_size");
    }

    @Test
    void refusesAMissingSegmentField() {
        String json = golden().replace("\"offset\":1048576,", "");

        assertThatThrownBy(() -> ZrangesIndex.parse(bytes(json)))
                .hasMessageContaining("missing field segments[1].offset");
    }

    @Test
    void refusesARepeatedField() {
        String json = golden().replace(
                        "{\"format\":\"zstd-ranges-v1\",",
                        "{\"format\":\"zstd-ranges-v1\",\"format\":\"zstd-ranges-v1\",");

        assertThatThrownBy(() -> ZrangesIndex.parse(bytes(json))).hasMessageContaining("format appears twice");
    }

    @Test
    void refusesWrongTypesNamingFieldAndOffset() {
        assertThatThrownBy(() ->
                        ZrangesIndex.parse(bytes(golden().replace("\"image_size\":8388608", "\"image_size\":\"big\""))))
                .hasMessage("index field image_size must be an integer, found a string at offset 40");
        assertThatThrownBy(() -> ZrangesIndex.parse(bytes(golden().replace("\"zlength\":311", "\"zlength\":3.5"))))
                .hasMessageContaining("segments[2].zlength must be an integer, found a number with a fraction");
        assertThatThrownBy(() ->
                        ZrangesIndex.parse(bytes(golden().replace("\"format\":\"zstd-ranges-v1\"", "\"format\":1"))))
                .hasMessageContaining("index field format must be a string, found a number");
        assertThatThrownBy(() -> ZrangesIndex.parse(bytes(golden().replace("\"segments\":[", "\"segments\":{"))))
                .hasMessageContaining("index field segments: expected '['");
        assertThatThrownBy(() ->
                        ZrangesIndex.parse(bytes(golden().replace("\"block_size\":4096", "\"block_size\":4294967296"))))
                .hasMessageContaining("block_size: integer out of range");
    }

    @Test
    void refusesABadFormatNameAndBadValues() {
        assertThatThrownBy(() -> ZrangesIndex.parse(bytes(golden().replace("zstd-ranges-v1", "Zstd Ranges"))))
                .hasMessage("index format must be a lower-case name such as zstd-ranges-v1, was 'Zstd Ranges'");
        assertThatThrownBy(() -> ZrangesIndex.parse(bytes(golden().replace("\"length\":4096", "\"length\":0"))))
                .hasMessageContaining("segments[0]")
                .hasMessageContaining("segment length must be positive");
        assertThatThrownBy(() ->
                        ZrangesIndex.parse(bytes(golden().replace("\"image_size\":8388608", "\"image_size\":-1"))))
                .hasMessageContaining("image_size must not be negative");
        assertThatThrownBy(() -> ZrangesIndex.parse(
                        bytes(golden().replaceFirst("\"image_sha256\":\"[0-9a-f]+\"", "\"image_sha256\":\"zz\""))))
                .hasMessageContaining("image_sha256 must be 64 hex digits");
    }

    @Test
    void refusesWhatIsNotOneJsonObject() {
        assertThatThrownBy(() -> ZrangesIndex.parse(bytes("[]"))).hasMessageContaining("expected '{', found an array");
        assertThatThrownBy(() -> ZrangesIndex.parse(bytes(golden() + "{}")))
                .hasMessageContaining("must end after its object");
        assertThatThrownBy(() -> ZrangesIndex.parse(bytes(golden().substring(0, 200))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ZrangesIndex.parse(new byte[] {'{', (byte) 0xff, '}'}))
                .hasMessage("the index is not UTF-8 text");
    }

    @Test
    void escapesStringsItWrites() {
        StringBuilder s = new StringBuilder();
        StrictJson.appendString(s, "a\"b\\c\nd\u00e9");

        assertThat(s).hasToString("\"a\\\"b\\\\c\\u000ad\\u00e9\"");
    }

    private static String golden() {
        return new String(GOLDEN, StandardCharsets.US_ASCII);
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}

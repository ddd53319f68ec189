package pideploy.disk.image.bmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BmapXmlTest {

    private static final String H1 = "a".repeat(64);
    private static final String H2 = "0123456789abcdef".repeat(4);

    private static BlockMap sample() {
        return new BlockMap(
                10 * 4096 + 100,
                4096,
                List.of(new MappedRange(0, 3, H1), new MappedRange(7, 7, H2), new MappedRange(9, 10, H1)));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void roundTripsABlockMap() {
        String xml = BmapXml.write(sample());

        assertThat(BmapXml.parse(bytes(xml))).isEqualTo(sample());
        assertThat(xml)
                .contains(
                        "<bmap version=\"2.0\">",
                        "<ImageSize> 41060 </ImageSize>",
                        "<BlocksCount> 11 </BlocksCount>",
                        "<MappedBlocksCount> 7 </MappedBlocksCount>",
                        "<ChecksumType> sha256 </ChecksumType>",
                        "<Range chksum=\"" + H1 + "\"> 0-3 </Range>",
                        "<Range chksum=\"" + H2 + "\"> 7 </Range>");
    }

    @Test
    void computesTheFileChecksumOverTheFileWithTheChecksumZeroed() {
        String xml = BmapXml.write(sample());
        int start = xml.indexOf("<BmapFileChecksum> ") + "<BmapFileChecksum> ".length();
        String stored = xml.substring(start, start + 64);
        String zeroed = xml.substring(0, start) + "0".repeat(64) + xml.substring(start + 64);

        assertThat(stored).isEqualTo(BmapXml.sha256Hex(bytes(zeroed)));
    }

    @Test
    void refusesAChangedFile() {
        String xml = BmapXml.write(sample()).replace("> 7 </Range>", "> 8 </Range>");

        assertThatThrownBy(() -> BmapXml.parse(bytes(xml)))
                .isInstanceOf(BmapFormatException.class)
                .hasMessageContaining("checksum mismatch");
    }

    @Test
    void refusesANewerMajorVersionAndOtherChecksumTypes() {
        String v3 = BmapXml.write(sample()).replace("version=\"2.0\"", "version=\"3.0\"");
        assertThatThrownBy(() -> BmapXml.parse(bytes(v3)))
                .isInstanceOf(BmapFormatException.class)
                .hasMessageContaining("3.0");
        assertThatThrownBy(() -> BmapXml.parse(bytes(BmapXml.write(sample()).replace("sha256 </", "sha512 </"))))
                .isInstanceOf(BmapFormatException.class)
                .hasMessageContaining("sha512");
        assertThatThrownBy(() -> BmapXml.parse(bytes("<html/>")))
                .isInstanceOf(BmapFormatException.class)
                .hasMessageContaining("not a bmap file");
    }

    @Test
    void refusesInconsistentCounts() {
        String badBlocks = refreshChecksum(BmapXml.write(sample()).replace("<BlocksCount> 11 <", "<BlocksCount> 12 <"));
        assertThatThrownBy(() -> BmapXml.parse(bytes(badBlocks)))
                .isInstanceOf(BmapFormatException.class)
                .hasMessageContaining("blocks count");
        String badMapped =
                refreshChecksum(BmapXml.write(sample()).replace("<MappedBlocksCount> 7 <", "<MappedBlocksCount> 6 <"));
        assertThatThrownBy(() -> BmapXml.parse(bytes(badMapped)))
                .isInstanceOf(BmapFormatException.class)
                .hasMessageContaining("MappedBlocksCount");
    }

    @Test
    void readsBmaptoolStyleFilesWithCommentsAndTouchingRanges() {
        String xml = """
                <?xml version="1.0" ?>
                <!-- comment with <ImageSize> 1 </ImageSize> inside -->
                <bmap version="2.0">
                    <ImageSize> 16384 </ImageSize>
                    <BlockSize> 4096 </BlockSize>
                    <BlocksCount> 4 </BlocksCount>
                    <MappedBlocksCount> 3 </MappedBlocksCount>
                    <ChecksumType> sha256 </ChecksumType>
                    <BmapFileChecksum> %s </BmapFileChecksum>
                    <BlockMap>
                        <Range chksum="%s"> 0 </Range>
                        <Range chksum="%s"> 1-2 </Range>
                    </BlockMap>
                </bmap>
                """.formatted("0".repeat(64), H1.toUpperCase(), H2);
        BlockMap map = BmapXml.parse(bytes(refreshChecksum(xml)));

        assertThat(map.ranges()).containsExactly(new MappedRange(0, 0, H1), new MappedRange(1, 2, H2));
        assertThat(map.mappedBytes()).isEqualTo(3 * 4096);
    }

    @Test
    void validatesBlockMaps() {
        assertThatThrownBy(() -> new BlockMap(8192, 4096, List.of(new MappedRange(0, 2, H1))))
                .hasMessageContaining("beyond");
        List<MappedRange> overlapping = List.of(new MappedRange(2, 4, H1), new MappedRange(4, 5, H1));
        assertThatThrownBy(() -> new BlockMap(8 * 4096, 4096, overlapping)).hasMessageContaining("overlap");
        assertThatThrownBy(() -> new BlockMap(8192, 1000, List.of())).hasMessageContaining("blockSize");
        assertThatThrownBy(() -> new MappedRange(3, 2, H1)).hasMessageContaining("lastBlock");
        assertThatThrownBy(() -> new MappedRange(0, 2, "ABC")).hasMessageContaining("sha256");
        // 0-3, 7 and 9 are whole blocks; block 10 holds only the image's last 100 bytes
        assertThat(sample().mappedBytes()).isEqualTo(6 * 4096 + 100);
    }

    /** Recomputes BmapFileChecksum after a test edited the text. */
    private static String refreshChecksum(String xml) {
        int start = xml.indexOf("<BmapFileChecksum> ") + "<BmapFileChecksum> ".length();
        String zeroed = xml.substring(0, start) + "0".repeat(64) + xml.substring(start + 64);
        return zeroed.substring(0, start) + BmapXml.sha256Hex(bytes(zeroed)) + zeroed.substring(start + 64);
    }
}

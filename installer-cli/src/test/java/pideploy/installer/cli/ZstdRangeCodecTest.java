package pideploy.installer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.luben.zstd.Zstd;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import pideploy.installer.core.port.RangeCodec;
import pideploy.installer.core.port.TransferForm;
import pideploy.installer.core.port.TransferIndex;
import pideploy.installer.core.transfer.TransferMode;
import pideploy.wire.WireFixtures;

/** The zstd-jni + wire-module reader of zstd-ranges-v1, and the options and config fields that select it. */
class ZstdRangeCodecTest {
    private static final String H = "0f".repeat(32);
    private final ZstdRangeCodec codec = new ZstdRangeCodec();

    @Test
    void parsesTheContractsIndex() {
        String json = """
                {"format":"zstd-ranges-v1","image_size":1048576,"image_sha256":"%s","block_size":4096,
                 "mapped_bytes":12288,"compressed_bytes":90,"mapped_sha256":"%s",
                 "segments":[{"offset":0,"length":4096,"sha256":"%s","zoffset":0,"zlength":40},
                             {"offset":8192,"length":8192,"sha256":"%s","zoffset":40,"zlength":50}]}
                """.formatted(H, H, H, H);

        TransferIndex index = codec.parseIndex(json.getBytes(StandardCharsets.UTF_8));

        assertThat(index.segments()).extracting(TransferIndex.Segment::offset).containsExactly(0L, 8192L);
        assertThat(index.mappedBytes()).isEqualTo(12288);
        assertThat(index.imageSha256()).isEqualTo(H);
    }

    @Test
    void parsesTheGoldenIndex() {
        TransferIndex index = codec.parseIndex(WireFixtures.bytes(WireFixtures.V1, WireFixtures.ZRANGES_INDEX));

        assertThat(index.format()).isEqualTo(TransferForm.ZSTD_RANGES_V1);
        assertThat(index.segments()).extracting(TransferIndex.Segment::offset).containsExactly(0L, 1048576L, 6291456L);
        assertThat(index.compressedBytes()).isEqualTo(1203719);
    }

    @Test
    void refusesAnIndexWithAnUnknownField() {
        String json = new String(
                        WireFixtures.bytes(WireFixtures.V1, WireFixtures.ZRANGES_INDEX), StandardCharsets.US_ASCII)
                .replace("\"block_size\"", "\"level\":3,\"block_size\"");

        assertThatThrownBy(() -> codec.parseIndex(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown field level");
    }

    @Test
    void refusesAnIndexWithATextWhereANumberBelongs() {
        String json = """
                {"format":"zstd-ranges-v1","image_size":"big","image_sha256":"%s","block_size":4096,
                 "mapped_bytes":0,"compressed_bytes":0,"mapped_sha256":"%s","segments":[]}
                """.formatted(H, H);

        assertThatThrownBy(() -> codec.parseIndex(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("image_size");
    }

    @Test
    void decodesOneFrameBetweenDirectBuffers() {
        byte[] raw = "a Pi's root filesystem, ".repeat(5000).getBytes(StandardCharsets.UTF_8);
        byte[] frame = Zstd.compress(raw, 3);
        ByteBuffer src = ByteBuffer.allocateDirect(frame.length).put(frame).flip();
        ByteBuffer dst = ByteBuffer.allocateDirect(raw.length + 4096);

        try (RangeCodec.FrameDecoder decoder = codec.newDecoder()) {
            int n = decoder.decode(src, dst);

            assertThat(n).isEqualTo(raw.length);
            byte[] back = new byte[n];
            dst.get(0, back);
            assertThat(back).isEqualTo(raw);
            assertThat(src.position()).isZero();
        }
    }

    @Test
    void reportsACorruptFrame() {
        byte[] frame = Zstd.compress("x".repeat(100_000).getBytes(StandardCharsets.UTF_8), 3);
        frame[frame.length / 2] ^= 0x55;
        frame[3] ^= 0x7f;
        ByteBuffer src = ByteBuffer.allocateDirect(frame.length).put(frame).flip();

        try (RangeCodec.FrameDecoder decoder = codec.newDecoder()) {
            assertThatThrownBy(() -> decoder.decode(src, ByteBuffer.allocateDirect(200_000)))
                    .isInstanceOf(RangeCodec.CorruptFrameException.class);
        }
    }

    @Test
    void readsTheOfferedFormsAndSkipsAnUnusableOne() throws Exception {
        var forms = TransferFormsJson.parse(new ObjectMapper().readTree("""
                [{"type":"zstd-ranges-v1","index_url":"http://s/images/a.img.zranges.json",
                  "data_url":"http://s/images/a.img.zranges","index_sha256":"%s","mapped_bytes":5,"compressed_bytes":3},
                 {"type":"zstd-ranges-v1","index_url":"","data_url":"x","index_sha256":"zz"}]
                """.formatted(H.toUpperCase())));

        assertThat(forms)
                .containsExactly(new TransferForm(
                        "zstd-ranges-v1",
                        "http://s/images/a.img.zranges.json",
                        "http://s/images/a.img.zranges",
                        H,
                        5,
                        3));
        assertThat(TransferFormsJson.parse(null)).isEmpty();
    }

    @Test
    void transferOptionDefaultsToAutoAndRefusesUnknownValues() {
        AtomicReference<InstallOptions> seen = new AtomicReference<>();
        InstallerWiring capture = (options, observer) -> {
            seen.set(options);
            throw new IllegalStateException("stop here");
        };
        PiInstallerMain.run(
                capture,
                new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()),
                "--server",
                "10.0.0.1",
                "--product",
                "KXP2",
                "--venue",
                "CORO");
        assertThat(seen.get().transfer()).isEqualTo(TransferMode.AUTO);
        PiInstallerMain.run(
                capture,
                new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()),
                "--server",
                "10.0.0.1",
                "--product",
                "KXP2",
                "--venue",
                "CORO",
                "--transfer",
                "raw");
        assertThat(seen.get().transfer()).isEqualTo(TransferMode.RAW);

        StringWriter err = new StringWriter();
        int exit = PiInstallerMain.run(
                capture,
                new PrintWriter(new StringWriter()),
                new PrintWriter(err),
                "--server",
                "10.0.0.1",
                "--product",
                "KXP2",
                "--venue",
                "CORO",
                "--transfer",
                "gzip");

        assertThat(exit).isEqualTo(InstallerExitCodes.USAGE);
        assertThat(err.toString()).contains("--transfer must be one of auto, raw, zstd-ranges");
    }
}

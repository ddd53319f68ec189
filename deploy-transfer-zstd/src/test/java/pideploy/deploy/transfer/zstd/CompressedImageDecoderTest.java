package pideploy.deploy.transfer.zstd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;
import pideploy.deploy.core.image.ImageFormat;
import pideploy.deploy.core.port.ArchiveContentsException;
import pideploy.deploy.core.port.CorruptArchiveException;
import pideploy.deploy.core.port.ImageDecoder;

/** {@link CompressedImageDecoder}: formats told by content, the raw bytes back, and whose failure is whose. */
class CompressedImageDecoderTest {
    private static final byte[] IMAGE = image();
    private final CompressedImageDecoder decoder = new CompressedImageDecoder();

    private static byte[] image() {
        byte[] bytes = new byte[3 << 20];
        Random random = new Random(7);
        for (int i = 0; i < bytes.length; i += 4096) {
            bytes[i] = (byte) random.nextInt(); // compressible, not trivially
        }
        return bytes;
    }

    private static byte[] xz(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (XZOutputStream xz = new XZOutputStream(out, new LZMA2Options(1))) {
            xz.write(data);
        }
        return out.toByteArray();
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    private static byte[] zip(byte[] data, String... names) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (String name : names) {
                zip.putNextEntry(new ZipEntry(name));
                zip.write(data);
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    private byte[] decode(byte[] file, ImageFormat expected) throws IOException {
        ImageDecoder.Decoded decoded = decoder.open(new ByteArrayInputStream(file));
        assertThat(decoded.format()).isEqualTo(expected);
        return decoded.content().readAllBytes();
    }

    @Test
    void unpacksEachFormatToTheSameBytes() throws IOException {
        assertThat(decode(xz(IMAGE), ImageFormat.XZ)).isEqualTo(IMAGE);
        assertThat(decode(gzip(IMAGE), ImageFormat.GZIP)).isEqualTo(IMAGE);
        assertThat(decode(Zstd.compress(IMAGE, 3), ImageFormat.ZSTD)).isEqualTo(IMAGE);
        assertThat(decode(zip(IMAGE, "os.IMG"), ImageFormat.ZIP)).isEqualTo(IMAGE);
        assertThat(decode(IMAGE, ImageFormat.RAW)).isEqualTo(IMAGE);
    }

    @Test
    void aTruncatedXzIsCorruptAndSaysTruncated() throws IOException {
        byte[] xz = xz(IMAGE);
        InputStream content = decoder.open(new ByteArrayInputStream(Arrays.copyOf(xz, xz.length / 2)))
                .content();
        assertThatThrownBy(content::readAllBytes)
                .isInstanceOf(CorruptArchiveException.class)
                .hasMessageContaining("truncated")
                .satisfies(
                        e -> assertThat(((CorruptArchiveException) e).format()).isEqualTo(ImageFormat.XZ));
    }

    @Test
    void aZipMustHoldExactlyOneImg() throws IOException {
        assertThatThrownBy(() -> decoder.open(new ByteArrayInputStream(zip(IMAGE, "readme.txt"))))
                .isInstanceOf(ArchiveContentsException.class)
                .hasMessageContaining("readme.txt, not a .img");
        InputStream two = decoder.open(new ByteArrayInputStream(zip(IMAGE, "a.img", "b.img")))
                .content();
        assertThatThrownBy(two::readAllBytes)
                .isInstanceOf(ArchiveContentsException.class)
                .hasMessageContaining("b.img after the image");
    }

    @Test
    void aFailureOfTheSourceIsNotBlamedOnTheFile() throws IOException {
        byte[] gz = gzip(IMAGE);
        IOException cut = new IOException("connection reset by peer");
        InputStream source = new InputStream() {
            private int at;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (at > gz.length / 2) throw cut;
                int n = Math.min(len, Math.min(4096, gz.length - at));
                System.arraycopy(gz, at, b, off, n);
                at += n;
                return n;
            }
        };
        InputStream content = decoder.open(source).content();
        assertThatThrownBy(content::readAllBytes).isSameAs(cut);
    }
}

package pideploy.deploy.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DiskImageHeadTest {

    /** An image of {@code size} random bytes whose sector 0 is an MBR with one partition of {@code type}. */
    static byte[] mbrImage(int size, int type) {
        byte[] image = new byte[size];
        new Random(7).nextBytes(image);
        ByteBuffer mbr = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
        for (int entry = 446; entry < 510; entry++) {
            image[entry] = 0;
        }
        image[446 + 4] = (byte) type;
        mbr.putInt(446 + 8, 2048);
        mbr.putInt(446 + 12, 32768);
        image[510] = 0x55;
        image[511] = (byte) 0xAA;
        return image;
    }

    static DiskImageHead head(byte[] bytes) throws IOException {
        return DiskImageHead.read(new ByteArrayInputStream(bytes));
    }

    @Test
    void acceptsAnMbrWithAPartitionAndGivesBackEveryByte() throws IOException {
        byte[] image = mbrImage(3 * DiskImageHead.HEAD_BYTES + 5, 0x0c);

        DiskImageHead head = head(image);

        assertThat(head.refusal()).isEmpty();
        assertThat(head.content().readAllBytes()).isEqualTo(image);
    }

    @Test
    void refusesAFileSmallerThanAPartitionTable() throws IOException {
        assertThat(head(new byte[100]).refusal())
                .hasValueSatisfying(
                        why -> assertThat(why).contains("100 bytes").contains("smaller than a partition table"));
        assertThat(head(new byte[0]).refusal())
                .hasValueSatisfying(why -> assertThat(why).contains("0 bytes"));
    }

    @Test
    void refusesATextFileNamingTheMissingSignature() throws IOException {
        byte[] text = "this is a README, not a disk image\n".repeat(40).getBytes(StandardCharsets.US_ASCII);

        assertThat(head(text).refusal())
                .hasValueSatisfying(why -> assertThat(why)
                        .contains("no MBR or GPT partition table")
                        .contains("0x55AA"));
    }

    @Test
    void refusesACompressedImageSayingWhatItIs() throws IOException {
        byte[] xz = new byte[4096];
        System.arraycopy(new byte[] {(byte) 0xFD, '7', 'z', 'X', 'Z', 0}, 0, xz, 0, 6);
        byte[] gzip = new byte[4096];
        gzip[0] = 0x1F;
        gzip[1] = (byte) 0x8B;

        assertThat(head(xz).refusal())
                .hasValueSatisfying(
                        why -> assertThat(why).contains("xz-compressed").contains("unpack it"));
        assertThat(head(gzip).refusal())
                .hasValueSatisfying(why -> assertThat(why).contains("gzip-compressed"));
    }

    @Test
    void refusesAnMbrWithoutPartitions() throws IOException {
        byte[] image = new byte[8192];
        image[510] = 0x55;
        image[511] = (byte) 0xAA;

        assertThat(head(image).refusal())
                .hasValueSatisfying(why -> assertThat(why).contains("no partitions"));
    }

    @Test
    void refusesAProtectiveMbrWithoutAGpt() throws IOException {
        assertThat(head(mbrImage(64 * 1024, 0xEE)).refusal())
                .hasValueSatisfying(why -> assertThat(why)
                        .contains("no MBR or GPT partition table")
                        .contains("EFI PART"));
    }
}

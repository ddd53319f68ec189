package pideploy.deploy.server.netboot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EepromImageTest {
    static final String SHIPPED =
            "[all]\nBOOT_UART=1\nPOWER_OFF_ON_HALT=0\nBOOT_ORDER=0xf461\nNET_INSTALL_AT_POWER_ON=1\n";

    /** A 2 MiB image as the bootloader's are laid out: code section, bootconf.txt, another section, erased rest. */
    static byte[] pi5Image(String config) {
        byte[] image = new byte[2 * 1024 * 1024];
        Arrays.fill(image, (byte) 0xff);
        ByteBuffer buf = ByteBuffer.wrap(image);
        buf.putInt(0, 0x55aaf00f).putInt(4, 100);
        for (int i = 8; i < 108; i++) image[i] = (byte) i;
        int conf = 112;
        byte[] data = config.getBytes(StandardCharsets.UTF_8);
        buf.putInt(conf, 0x55aaf11f).putInt(conf + 4, data.length + 16);
        System.arraycopy("bootconf.txt".getBytes(StandardCharsets.US_ASCII), 0, image, conf + 8, 12);
        Arrays.fill(image, conf + 20, conf + 24, (byte) 0);
        System.arraycopy(data, 0, image, conf + 24, data.length);
        int next = 4096; // the bootloader keeps the config in a sector of its own
        buf.putInt(next, 0x55aaf33f).putInt(next + 4, 64);
        for (int i = 0; i < 64; i++) image[next + 8 + i] = (byte) (0xA0 + i);
        int chain = (conf + 8 + data.length + 16 + 7) & ~7;
        buf.putInt(chain, 0x55aaf00f).putInt(chain + 4, next - chain - 8);
        return image;
    }

    @Test
    void readsTheEmbeddedConfigAndSetsBootOrderLeavingEverythingElse() {
        byte[] original = pi5Image(SHIPPED);
        EepromImage image = EepromImage.parse(original);
        assertThat(image.config()).isEqualTo(SHIPPED);

        String config = image.configWithBootOrder("0xf21");
        assertThat(config)
                .isEqualTo(
                        "[all]\nBOOT_UART=1\nPOWER_OFF_ON_HALT=0\nBOOT_ORDER=0xf21\n" + "NET_INSTALL_AT_POWER_ON=1\n");
        byte[] updated = image.withConfig(config);

        assertThat(EepromImage.parse(updated).config()).isEqualTo(config);
        assertThat(Arrays.copyOfRange(updated, 0, 112)).isEqualTo(Arrays.copyOfRange(original, 0, 112));
        assertThat(Arrays.copyOfRange(updated, 4096, updated.length))
                .isEqualTo(Arrays.copyOfRange(original, 4096, original.length));
        int end = 112 + 24 + config.length();
        assertThat(updated[end])
                .as("the byte freed by the shorter value is erased")
                .isEqualTo((byte) 0xff);
    }

    @Test
    void aConfigWithoutBootOrderGetsOne() {
        EepromImage image = EepromImage.parse(pi5Image("[all]\nBOOT_UART=1\n"));
        assertThat(image.configWithBootOrder("0xf21")).isEqualTo("[all]\nBOOT_UART=1\nBOOT_ORDER=0xf21\n");
    }

    @Test
    void badInputIsRefusedByName() {
        assertThatThrownBy(() -> EepromImage.parse(new byte[1000]))
                .isInstanceOf(KitFailure.class)
                .hasMessageContaining("524288 (Pi 4) or 2097152 (Pi 5)");
        byte[] garbage = new byte[512 * 1024];
        assertThatThrownBy(() -> EepromImage.parse(garbage)).hasMessageContaining("no section header at offset 0");
        EepromImage image = EepromImage.parse(pi5Image(SHIPPED));
        assertThatThrownBy(() -> image.configWithBootOrder("f21")).hasMessageContaining("not hex like 0xf21");
        assertThatThrownBy(() -> image.configWithBootOrder("0xf41")).hasMessageContaining("no network mode (2)");
        assertThatThrownBy(() -> image.withConfig("X".repeat(3000))).hasMessageContaining("at most 2024");
    }
}

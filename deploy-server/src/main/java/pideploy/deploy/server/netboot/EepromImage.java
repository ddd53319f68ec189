package pideploy.deploy.server.netboot;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * A Raspberry Pi bootloader EEPROM image ({@code pieeprom-*.bin}, 512 KiB for the Pi 4, 2 MiB for the Pi 5) and
 * the configuration file embedded in it. The image is a chain of sections, each an 8-byte big-endian header
 * (magic, length) followed by {@code length} bytes and padded to 8; a section with the file magic holds a 12-byte
 * name, 4 reserved bytes and the file. Only {@code bootconf.txt} is meant to be changed; everything else is copied
 * byte for byte, and the space a shorter configuration frees is set to 0xFF (erased flash).
 */
public final class EepromImage {
    private static final int SECTION_MAGIC = 0x55aaf00f;
    private static final int SECTION_MASK = 0xfffff00f;
    private static final int FILE_MAGIC = 0x55aaf11f;
    private static final int NAME_BYTES = 12;
    /** From the section start: header (8), name (12), reserved (4). */
    private static final int FILE_DATA_OFFSET = 24;

    static final int MAX_CONFIG_BYTES = 2024;
    private static final Pattern BOOT_ORDER = Pattern.compile("0x[0-9a-fA-F]{1,8}");

    private final byte[] bytes;
    private final int configSection;
    private final int configLength;

    private EepromImage(byte[] bytes, int configSection, int configLength) {
        this.bytes = bytes;
        this.configSection = configSection;
        this.configLength = configLength;
    }

    /**
     * Reads an EEPROM image.
     *
     * @throws KitFailure when the size is not a Pi 4 or Pi 5 image's, the section chain is broken, or there is no
     *                    {@code bootconf.txt}
     */
    public static EepromImage parse(byte[] image) {
        if (image.length != 512 * 1024 && image.length != 2 * 1024 * 1024) {
            throw new KitFailure(("an EEPROM image is 524288 (Pi 4) or 2097152 (Pi 5) bytes, this one %d: give the "
                            + "pieeprom-*.bin of Raspberry Pi's rpi-eeprom release")
                    .formatted(image.length));
        }
        ByteBuffer buf = ByteBuffer.wrap(image);
        int offset = 0;
        while (offset + FILE_DATA_OFFSET <= image.length) {
            int magic = buf.getInt(offset);
            int length = buf.getInt(offset + 4);
            if ((magic & SECTION_MASK) != SECTION_MAGIC || length < 0 || length > image.length - offset - 8) {
                throw new KitFailure("the EEPROM image is corrupt or not one: no section header at offset " + offset);
            }
            if (magic == FILE_MAGIC && "bootconf.txt".equals(name(image, offset))) {
                return new EepromImage(image.clone(), offset, length);
            }
            offset = (offset + 8 + length + 7) & ~7;
        }
        throw new KitFailure("the EEPROM image has no bootconf.txt section");
    }

    private static String name(byte[] image, int section) {
        byte[] raw = Arrays.copyOfRange(image, section + 8, section + 8 + NAME_BYTES);
        int end = 0;
        while (end < raw.length && raw[end] != 0) end++;
        return new String(raw, 0, end, StandardCharsets.US_ASCII);
    }

    /** The embedded {@code bootconf.txt}. */
    public String config() {
        int size = configLength - NAME_BYTES - 4;
        return new String(bytes, configSection + FILE_DATA_OFFSET, size, StandardCharsets.UTF_8);
    }

    /** A copy with {@code config} as its {@code bootconf.txt}. */
    public byte[] withConfig(String config) {
        byte[] data = config.getBytes(StandardCharsets.UTF_8);
        if (data.length > MAX_CONFIG_BYTES) {
            throw new KitFailure("the bootloader configuration is %d bytes; the EEPROM holds at most %d"
                    .formatted(data.length, MAX_CONFIG_BYTES));
        }
        int oldData = configLength - NAME_BYTES - 4;
        int start = configSection + FILE_DATA_OFFSET;
        if (start + Math.max(oldData, data.length) > bytes.length) {
            throw new KitFailure("the new bootloader configuration does not fit the EEPROM image");
        }
        byte[] out = bytes.clone();
        ByteBuffer.wrap(out).putInt(configSection + 4, data.length + NAME_BYTES + 4);
        System.arraycopy(data, 0, out, start, data.length);
        for (int i = data.length; i < oldData; i++) out[start + i] = (byte) 0xff;
        return out;
    }

    /**
     * The image's configuration with {@code BOOT_ORDER} set to {@code order} (in the {@code [all]} part, or added
     * at the end); other settings stay as Raspberry Pi shipped them.
     *
     * @throws KitFailure when {@code order} is not hex or has no network nibble (2): such a Pi never netboots
     */
    public String configWithBootOrder(String order) {
        if (!BOOT_ORDER.matcher(order).matches()) {
            throw new KitFailure(
                    "boot order '%s' is not hex like 0xf21 (read from the right: 1 SD, 2 network)".formatted(order));
        }
        if (!order.substring(2).contains("2")) {
            throw new KitFailure("boot order %s has no network mode (2): a Pi with it never boots the kit; use 0xf21"
                    .formatted(order));
        }
        StringBuilder out = new StringBuilder();
        boolean replaced = false;
        for (String line : config().lines().toList()) {
            if (line.strip().startsWith("BOOT_ORDER=") && !replaced) {
                out.append("BOOT_ORDER=").append(order).append('\n');
                replaced = true;
            } else if (!line.strip().startsWith("BOOT_ORDER=")) {
                out.append(line).append('\n');
            }
        }
        if (!replaced) out.append("BOOT_ORDER=").append(order).append('\n');
        return out.toString();
    }
}

package pideploy.deploy.server.netboot;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * A bootloader update card: an SD card image whose FAT partition holds Raspberry Pi's {@code recovery.bin} and
 * {@code pieeprom.upd} (their EEPROM image with PiDeploy's {@code BOOT_ORDER} embedded) with {@code pieeprom.sig}
 * (its SHA-256 and a timestamp), the files {@code rpi-eeprom-update} stages. A Pi booted from it flashes its EEPROM
 * and shows a green screen or blinks; the card then goes into the next Pi. Raspberry Pi's files are not in Debian:
 * the operator gives them (docs/netboot.md).
 */
public final class EepromCard {
    private static final long MIB = 1 << 20;
    private static final long PARTITION_START = MIB;
    private static final long PARTITION_BYTES = 64 * MIB;

    private EepromCard() {}

    /** What went onto the card. */
    public record Written(Path card, String bootConf, String sha256) {}

    /**
     * Writes the card image to {@code out} (replacing it only when complete).
     *
     * @throws KitFailure when a file is missing, the EEPROM image is not one, or the FAT tools are not installed
     */
    public static Written write(Path eeprom, Path recovery, String bootOrder, Path out) throws IOException {
        for (Path file : List.of(eeprom, recovery)) {
            if (!Files.isRegularFile(file)) {
                throw new KitFailure(
                        "%s does not exist; take pieeprom-*.bin and recovery.bin from Raspberry Pi's ".formatted(file)
                                + "rpi-eeprom release (firmware-2712/default for the Pi 5)");
            }
        }
        EepromImage image = EepromImage.parse(Files.readAllBytes(eeprom));
        String config = image.configWithBootOrder(bootOrder);
        byte[] updated = image.withConfig(config);
        String sha256 = sha256(updated);
        Path work = Files.createTempDirectory(out.toAbsolutePath().getParent(), ".eeprom-card");
        try {
            Path upd = Files.write(work.resolve("pieeprom.upd"), updated);
            Path sig = Files.writeString(
                    work.resolve("pieeprom.sig"),
                    sha256 + "\nts: " + Instant.now().getEpochSecond() + "\n");
            Path rec = Files.copy(recovery, work.resolve("recovery.bin"));
            Path fat = work.resolve("fat.img");
            NetbootKit.run(
                    List.of(
                            "mkfs.vfat",
                            "-C",
                            "-F",
                            "32",
                            "-n",
                            "EEPROM",
                            fat.toString(),
                            String.valueOf(PARTITION_BYTES / 1024)),
                    120,
                    "dosfstools makes the card's FAT filesystem");
            NetbootKit.run(
                    List.of("mcopy", "-i", fat.toString(), rec.toString(), upd.toString(), sig.toString(), "::/"),
                    120,
                    "mtools copies the files onto it");
            Path card = work.resolve("card.img");
            try (RandomAccessFile raf = new RandomAccessFile(card.toFile(), "rw")) {
                raf.setLength(PARTITION_START + PARTITION_BYTES);
                raf.write(mbr());
                raf.seek(PARTITION_START);
                raf.write(Files.readAllBytes(fat));
            }
            Files.move(card, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new Written(out, config, sha256);
        } finally {
            try (var files = Files.list(work)) {
                for (Path p : files.toList()) Files.deleteIfExists(p);
            }
            Files.deleteIfExists(work);
        }
    }

    /** One FAT32 (LBA, type 0x0C) partition from 1 MiB. */
    private static byte[] mbr() {
        byte[] mbr = new byte[512];
        int entry = 446;
        long first = PARTITION_START / 512;
        long count = PARTITION_BYTES / 512;
        mbr[entry + 4] = 0x0C;
        for (int i = 0; i < 4; i++) {
            mbr[entry + 8 + i] = (byte) (first >>> (8 * i));
            mbr[entry + 12 + i] = (byte) (count >>> (8 * i));
        }
        mbr[510] = 0x55;
        mbr[511] = (byte) 0xAA;
        return mbr;
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}

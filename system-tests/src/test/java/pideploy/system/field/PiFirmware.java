package pideploy.system.field;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import pideploy.disk.image.fat.FatFileSystem;
import pideploy.disk.image.partition.Partition;
import pideploy.disk.image.partition.PartitionTable;

/**
 * What the Pi's bootloader does with a card under {@code BOOT_ORDER=0xf21}, as far as the field proof needs it:
 * find the FAT boot partition, read {@code config.txt} for the kernel and initramfs ({@code kernel=}, an
 * {@code initramfs} line or {@code auto_initramfs=1}), and {@code cmdline.txt}; with
 * no partition table, no FAT partition or no kernel there it goes on to the network (empty result).
 */
final class PiFirmware {
    /** The files the firmware hands to the kernel, copied out of the card into a directory. */
    record CardBoot(Path kernel, Path initrd, String cmdline) {}

    private PiFirmware() {}

    static Optional<CardBoot> bootFromCard(Path card, Path into) throws IOException {
        try (FileChannel ch = FileChannel.open(card, StandardOpenOption.READ)) {
            PartitionTable table;
            try {
                table = PartitionTable.read(ch);
            } catch (IllegalArgumentException | IOException noTable) {
                return Optional.empty();
            }
            Optional<Partition> boot = table.bootPartition();
            if (boot.isEmpty()) return Optional.empty();
            FatFileSystem fat = FatFileSystem.openToRead(ch, boot.get().firstByte());
            String config = fat.readFile("config.txt")
                    .map(b -> new String(b, StandardCharsets.UTF_8))
                    .orElse("");
            String kernelName = setting(config, "kernel=").orElse("kernel_2712.img");
            Optional<String> initrdName = config.lines()
                    .map(String::strip)
                    .filter(l -> l.startsWith("initramfs "))
                    .map(l -> l.split("\\s+")[1])
                    .findFirst()
                    .or(() -> setting(config, "auto_initramfs=")
                            .filter("1"::equals)
                            .map(on -> kernelName
                                    .replaceFirst("^kernel", "initramfs")
                                    .replaceFirst("\\.img$", "")));
            Optional<byte[]> kernel = fat.readFile(kernelName);
            Optional<byte[]> cmdline = fat.readFile("cmdline.txt");
            if (kernel.isEmpty() || cmdline.isEmpty()) return Optional.empty();
            Files.createDirectories(into);
            Path kernelFile = Files.write(into.resolve(kernelName), kernel.get());
            Path initrdFile = into.resolve("initrd");
            Files.write(
                    initrdFile,
                    initrdName.flatMap(name -> readOrEmpty(fat, name)).orElse(new byte[0]));
            return Optional.of(
                    new CardBoot(kernelFile, initrdFile, new String(cmdline.get(), StandardCharsets.UTF_8).strip()));
        }
    }

    private static Optional<String> setting(String config, String prefix) {
        return config.lines()
                .map(String::strip)
                .filter(l -> l.startsWith(prefix))
                .map(l -> l.substring(prefix.length()))
                .findFirst();
    }

    private static Optional<byte[]> readOrEmpty(FatFileSystem fat, String name) {
        try {
            return fat.readFile(name);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}

package pideploy.deploy.core.image;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import pideploy.disk.image.fat.FatFileSystem;
import pideploy.disk.image.partition.Partition;
import pideploy.disk.image.partition.PartitionTable;

/**
 * What an image's boot partition says about its first-boot customisation.
 *
 * @param method the detected method, empty when the image could not be inspected
 * @param reason what was found, for logs and the operator
 */
public record CustomizationDetection(Optional<CustomizationMethod> method, String reason) {
    public CustomizationDetection {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(reason, "reason");
    }

    /**
     * Inspects the image read-only: its partition table, then its first FAT partition's root directory.
     * {@code user-data} or {@code meta-data}, or a {@code cmdline.txt} naming the NoCloud datasource
     * ({@code ds=nocloud}), means cloud-init; a readable FAT boot partition without them means firstrun.
     * An image that cannot be read this way (too short, no MBR, no FAT) gives an empty method and says why.
     *
     * @throws IOException when reading cmdline.txt from a readable FAT volume fails
     */
    public static CustomizationDetection inspect(SeekableByteChannel image) throws IOException {
        PartitionTable table;
        try {
            table = PartitionTable.read(image);
        } catch (IllegalArgumentException | IOException e) {
            // Too short or no MBR signature: not a disk image this inspection can read.
            return new CustomizationDetection(Optional.empty(), "no readable partition table (" + e.getMessage() + ")");
        }
        Optional<Partition> boot = table.bootPartition();
        if (boot.isEmpty()) {
            return new CustomizationDetection(Optional.empty(), "no FAT boot partition in the partition table");
        }
        FatFileSystem fat;
        List<String> names;
        try {
            fat = FatFileSystem.openToRead(image, boot.get().firstByte());
            names = fat.listRoot();
        } catch (RuntimeException | IOException e) {
            // The disk-image module reports malformed volumes with unchecked exceptions, truncated ones with EOF.
            return new CustomizationDetection(
                    Optional.empty(),
                    "boot partition %d is not a readable FAT volume (%s)"
                            .formatted(boot.get().number(), e.getMessage()));
        }
        for (String cloudInitFile : List.of("user-data", "meta-data")) {
            if (names.stream().anyMatch(n -> n.equalsIgnoreCase(cloudInitFile))) {
                return new CustomizationDetection(
                        Optional.of(CustomizationMethod.CLOUD_INIT), "cloud-init: boot partition has " + cloudInitFile);
            }
        }
        Optional<byte[]> cmdline = fat.readFile("cmdline.txt");
        if (cmdline.isPresent()
                && new String(cmdline.get(), StandardCharsets.US_ASCII)
                        .toLowerCase(Locale.ROOT)
                        .contains("ds=nocloud")) {
            return new CustomizationDetection(
                    Optional.of(CustomizationMethod.CLOUD_INIT),
                    "cloud-init: cmdline.txt names the NoCloud datasource");
        }
        return new CustomizationDetection(
                Optional.of(CustomizationMethod.FIRSTRUN), "firstrun: FAT boot partition without cloud-init files");
    }
}

package pideploy.installer.core.customize;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import pideploy.disk.image.fat.FatFileSystem;
import pideploy.disk.image.partition.Partition;
import pideploy.disk.image.partition.PartitionTable;
import pideploy.installer.core.port.CustomizationMethod;
import pideploy.installer.core.port.DeviceProfile;

/**
 * Gives a written card its identity by editing the FAT boot partition in place, without mounting: reads the
 * partition table through the held-back head, writes the files for the image's customisation method, and reads them
 * back through a freshly opened file system to compare.
 */
public final class CustomizeBootPartition {
    private static final System.Logger LOG = System.getLogger(CustomizeBootPartition.class.getName());
    static final String CMDLINE = "cmdline.txt";
    static final String CONFIG = "config.txt";

    private final InstantSource clock;

    public CustomizeBootPartition(InstantSource clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Customizes the boot partition on {@code card}, whose first {@code head.length} bytes are not written yet and
     * are taken from {@code head}. Never throws for a bad image or card: that is {@link CustomizationResult.Failed}.
     */
    public CustomizationResult customize(
            SeekableByteChannel card, byte[] head, CustomizationMethod method, FirstBootIdentity identity) {
        return customize(card, head, method, identity, DeviceProfile.NONE);
    }

    /**
     * As above, with the device profile (ADR-0062): config.txt lines and the Wi-Fi country go onto the boot
     * partition directly, everything else into the first-boot step of either method.
     */
    public CustomizationResult customize(
            SeekableByteChannel card,
            byte[] head,
            CustomizationMethod method,
            FirstBootIdentity identity,
            DeviceProfile profile) {
        try {
            PartitionTable table;
            try {
                table = PartitionTable.read(new HeadOverlayChannel(head, card));
            } catch (IllegalArgumentException e) {
                return new CustomizationResult.Failed("the image has no readable partition table: " + e.getMessage());
            }
            Optional<Partition> boot = table.bootPartition();
            if (boot.isEmpty()) {
                return new CustomizationResult.Failed(
                        "the image has no FAT boot partition (partitions: %s)".formatted(table.partitions()));
            }
            long offset = boot.get().firstByte();
            FatFileSystem fat;
            try {
                // FAT stores local time: the files are stamped by the installer's clock in this machine's zone.
                fat = FatFileSystem.open(card, offset, clock.withZone(java.time.ZoneId.systemDefault()));
            } catch (IllegalArgumentException e) {
                return new CustomizationResult.Failed("boot partition %d at byte %d is not a FAT16/32 file system: %s"
                        .formatted(boot.get().number(), offset, e.getMessage()));
            }
            Optional<byte[]> cmdline = fat.readFile(CMDLINE);
            if (cmdline.isEmpty()) {
                return new CustomizationResult.Failed(
                        "the boot partition has no cmdline.txt (root holds %s); ".formatted(fat.listRoot())
                                + "is this a Raspberry Pi OS image?");
            }
            String cmdlineText = new String(cmdline.get(), StandardCharsets.UTF_8);
            BootMount bootMount = method == CustomizationMethod.FIRSTRUN
                    ? BootMount.detect(new HeadOverlayChannel(head, card), table, boot.get(), cmdlineText)
                    : BootMount.bookworm();
            Map<String, byte[]> files = filesFor(method, identity, cmdlineText, bootMount, profile);
            if (!profile.configTxt().isEmpty()) {
                String config = fat.readFile(CONFIG)
                        .map(b -> new String(b, StandardCharsets.UTF_8))
                        .orElse("");
                files.put(
                        CONFIG,
                        ProfileScript.withConfigLines(config, profile.configTxt())
                                .getBytes(StandardCharsets.UTF_8));
            }
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                fat.writeFile(file.getKey(), file.getValue());
            }
            FatFileSystem reread = FatFileSystem.openToRead(card, offset);
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                Optional<byte[]> back = reread.readFile(file.getKey());
                if (back.isEmpty() || !Arrays.equals(back.get(), file.getValue())) {
                    return new CustomizationResult.Failed("%s read back from the boot partition differs from what was "
                                    .formatted(file.getKey())
                            + "written (%s)"
                                    .formatted(back.map(b -> b.length + " bytes instead of " + file.getValue().length)
                                            .orElse("missing")));
                }
            }
            LOG.log(
                    Level.INFO,
                    "customized boot partition {0} for {1} (deployment {2}, {3}): {4}{5}{6}",
                    boot.get().number(),
                    identity.hostname(),
                    identity.deploymentId(),
                    method.wireName(),
                    files.keySet(),
                    method == CustomizationMethod.FIRSTRUN
                            ? "; the booted system mounts it at %s (%s)"
                                    .formatted(bootMount.path(), bootMount.evidence())
                            : "",
                    profile.equals(DeviceProfile.NONE) ? "" : "; profile " + profile);
            return new CustomizationResult.Customized(List.copyOf(files.keySet()));
        } catch (IOException e) {
            return new CustomizationResult.Failed("cannot edit the boot partition: " + e);
        }
    }

    private Map<String, byte[]> filesFor(
            CustomizationMethod method,
            FirstBootIdentity identity,
            String original,
            BootMount bootMount,
            DeviceProfile profile) {
        String cmdline = ProfileScript.withRegulatoryDomain(original, profile.wifiCountry());
        Map<String, byte[]> files = new LinkedHashMap<>();
        switch (method) {
            case FIRSTRUN -> {
                // The script first, the hook last: a card cut off in between has a script that nothing starts.
                files.put(FirstRunScript.FILE_NAME, FirstRunScript.render(identity, bootMount, profile));
                files.put(CMDLINE, CmdlineHook.withFirstRun(cmdline, bootMount).getBytes(StandardCharsets.UTF_8));
            }
            case CLOUD_INIT -> {
                String instanceId = "pideploy-%s-%d".formatted(identity.deploymentId(), clock.millis());
                files.put(CloudInitSeed.USER_DATA, CloudInitSeed.userData(identity, profile));
                files.put(CloudInitSeed.META_DATA, CloudInitSeed.metaData(identity, instanceId));
                files.put(CMDLINE, CmdlineHook.withNoCloud(cmdline, instanceId).getBytes(StandardCharsets.UTF_8));
            }
        }
        return files;
    }
}

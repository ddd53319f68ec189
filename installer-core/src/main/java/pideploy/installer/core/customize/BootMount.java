package pideploy.installer.core.customize;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import pideploy.disk.image.ext4.Ext4Files;
import pideploy.disk.image.partition.Partition;
import pideploy.disk.image.partition.PartitionTable;

/**
 * Where the booted system mounts the boot partition, which the first-boot files name ({@code systemd.run=} in
 * cmdline.txt, the script's own paths): Bookworm and later {@code /boot/firmware}, older releases {@code /boot}
 * (ADR-0048). {@code evidence} says how it was found, for the log.
 */
public record BootMount(String path, String evidence) {
    /** Bookworm and later; also what is assumed when the image tells nothing. */
    public static final String BOOKWORM = "/boot/firmware";
    /** Bullseye and older. */
    public static final String LEGACY = "/boot";

    private static final int MAX_FSTAB = 64 * 1024;
    private static final Set<String> FAT_TYPES = Set.of("vfat", "msdos", "fat");

    public BootMount {
        // The path goes into a shell script and onto the kernel command line: plain path characters only.
        if (path == null || !path.matches("/[A-Za-z0-9._/-]{0,120}") || path.contains("..")) {
            throw new IllegalArgumentException(
                    "boot mount point must be an absolute plain path, was '%s'".formatted(path));
        }
    }

    /** The Bookworm layout, for callers that know the image has it. */
    public static BootMount bookworm() {
        return new BootMount(BOOKWORM, "assumed");
    }

    /**
     * Reads the mount point from the image on {@code card}: the root filesystem's {@code /etc/fstab} line for the
     * FAT boot partition first, then what {@code cmdline} (the boot partition's cmdline.txt) says about the release,
     * and else {@link #BOOKWORM} (the evidence says so, for the log). Never throws for an unreadable or unusual image.
     */
    static BootMount detect(SeekableByteChannel card, PartitionTable table, Partition boot, String cmdline) {
        List<String> tried = new ArrayList<>();
        for (Partition root : table.partitions()) {
            if (root.number() == boot.number() || !root.isLinuxData()) {
                continue;
            }
            try {
                Optional<byte[]> fstab = Ext4Files.open(card, root.firstByte()).readFile("/etc/fstab", MAX_FSTAB);
                if (fstab.isEmpty()) {
                    tried.add("partition %d has no /etc/fstab".formatted(root.number()));
                    continue;
                }
                Optional<String> mount = fromFstab(new String(fstab.get(), StandardCharsets.UTF_8));
                if (mount.isPresent()) {
                    return new BootMount(mount.get(), "/etc/fstab of partition %d".formatted(root.number()));
                }
                tried.add("partition %d's /etc/fstab mounts no FAT file system under /boot".formatted(root.number()));
            } catch (IOException | IllegalArgumentException e) {
                tried.add("partition %d: %s".formatted(root.number(), e.getMessage()));
            }
        }
        if (cmdline.contains("init=/usr/lib/raspi-config/init_resize.sh")) {
            return new BootMount(LEGACY, "cmdline.txt starts init_resize.sh, as Bullseye and older do");
        }
        if (cmdline.contains("init=/usr/lib/raspberrypi-sys-mods/firstboot")) {
            return new BootMount(BOOKWORM, "cmdline.txt starts raspberrypi-sys-mods firstboot, as Bookworm does");
        }
        // Logged with the customization's own line, which carries the evidence.
        String why = tried.isEmpty() ? "no Linux root partition" : String.join("; ", tried);
        return new BootMount(BOOKWORM, "assumed: the image does not say (" + why + ")");
    }

    /** The mount point of the first FAT file system fstab mounts under {@code /boot}, if a usable one. */
    static Optional<String> fromFstab(String fstab) {
        for (String line : fstab.split("\n")) {
            String entry = line.strip();
            if (entry.isEmpty() || entry.startsWith("#")) {
                continue;
            }
            String[] fields = entry.split("\\s+");
            if (fields.length < 3 || !FAT_TYPES.contains(fields[2].toLowerCase(Locale.ROOT))) {
                continue;
            }
            String mountPoint = fields[1].length() > 1 && fields[1].endsWith("/")
                    ? fields[1].substring(0, fields[1].length() - 1)
                    : fields[1];
            if ((mountPoint.equals(LEGACY) || mountPoint.startsWith(LEGACY + "/"))
                    && mountPoint.matches("/[A-Za-z0-9._/-]{0,120}")
                    && !mountPoint.contains("..")) {
                return Optional.of(mountPoint);
            }
        }
        return Optional.empty();
    }
}

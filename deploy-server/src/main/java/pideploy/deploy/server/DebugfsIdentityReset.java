package pideploy.deploy.server;

import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import pideploy.deploy.core.port.ImageIdentityReset;
import pideploy.disk.image.ext4.Ext4BlockBitmap;
import pideploy.disk.image.partition.Partition;
import pideploy.disk.image.partition.PartitionTable;

/**
 * {@link ImageIdentityReset} with Debian's {@code debugfs} (ADR-0091) on the root filesystem in place, addressed as
 * {@code image?offset=N} (e2fsprogs' unix I/O manager), so nothing is mounted and no loop device or root is needed.
 * What it changed is read back afterwards; a reset that did not take is an I/O error, and the registration discards
 * the file.
 */
public final class DebugfsIdentityReset implements ImageIdentityReset {
    private static final System.Logger LOG = System.getLogger(DebugfsIdentityReset.class.getName());
    private static final Pattern LS_ENTRY = Pattern.compile("/(\\d+)/(\\d+)/\\d+/\\d+/([^/]+)/.*");
    private final Path directory;

    /** Resets images of the store kept in {@code directory} (the {@code DirectoryImageStore}'s). */
    public DebugfsIdentityReset(Path directory) {
        this.directory = directory;
    }

    @Override
    public Outcome reset(String fileName) throws IOException {
        Path image = directory.resolve(fileName);
        Partition root;
        try (FileChannel disk = FileChannel.open(image, StandardOpenOption.READ)) {
            PartitionTable table;
            try {
                table = PartitionTable.read(disk);
            } catch (IllegalArgumentException | EOFException e) {
                return new Outcome.Unchanged("no readable partition table (" + e.getMessage() + ")");
            }
            if (table.lastPartition().isEmpty()) {
                return new Outcome.Unchanged("the partition table lists no partitions");
            }
            root = table.lastPartition().get();
            if (!Ext4BlockBitmap.hasSuperblockMagic(disk, root.firstByte())) {
                return new Outcome.Unchanged(
                        "the last partition (%d) holds no ext2/3/4 root filesystem".formatted(root.number()));
            }
        }
        String fs = image + "?offset=" + root.firstByte();
        List<String> removed = new ArrayList<>();
        List<String> commands = new ArrayList<>();
        for (String key : regularFiles(fs, "/etc/ssh")) {
            if (key.startsWith("ssh_host_")) {
                commands.add("rm /etc/ssh/" + key);
                removed.add("/etc/ssh/" + key);
            }
        }
        if (regularFiles(fs, "/var/lib/dbus").contains("machine-id")) {
            // Debian keeps a copy here on some images (a symbolic link to /etc/machine-id on Raspberry Pi OS).
            commands.add("rm /var/lib/dbus/machine-id");
            removed.add("/var/lib/dbus/machine-id");
        }
        Path empty = work(image, "");
        Path hostname = work(image, NEUTRAL_HOSTNAME + "\n");
        Path hosts = null;
        try {
            List<String> etc = regularFiles(fs, "/etc");
            if (etc.contains("machine-id")) {
                commands.add("rm /etc/machine-id");
            }
            replace(commands, "/etc/machine-id", empty, "0100444");
            removed.add("/etc/machine-id (emptied)");
            String old = etc.contains("hostname") ? cat(fs, "/etc/hostname").strip() : "";
            if (etc.contains("hostname")) {
                commands.add("rm /etc/hostname");
            }
            replace(commands, "/etc/hostname", hostname, "0100644");
            removed.add("/etc/hostname (%s -> %s)".formatted(old.isEmpty() ? "none" : old, NEUTRAL_HOSTNAME));
            if (!old.isEmpty() && !old.equals(NEUTRAL_HOSTNAME) && etc.contains("hosts")) {
                String before = cat(fs, "/etc/hosts");
                String after = before.replaceAll(
                        "(?<![A-Za-z0-9.-])" + Pattern.quote(old) + "(?![A-Za-z0-9.-])", NEUTRAL_HOSTNAME);
                if (!after.equals(before)) {
                    hosts = work(image, after);
                    commands.add("rm /etc/hosts");
                    replace(commands, "/etc/hosts", hosts, "0100644");
                    removed.add("/etc/hosts (%s -> %s)".formatted(old, NEUTRAL_HOSTNAME));
                }
            }
            Path script = work(image, String.join("\n", commands) + "\n");
            try {
                debugfs(List.of("debugfs", "-w", "-f", script.toString(), fs));
            } finally {
                Files.deleteIfExists(script);
            }
        } finally {
            Files.deleteIfExists(empty);
            Files.deleteIfExists(hostname);
            if (hosts != null) Files.deleteIfExists(hosts);
        }
        // Read back: a debugfs command that failed says so only in its output, never in its exit code.
        List<String> keysLeft = regularFiles(fs, "/etc/ssh").stream()
                .filter(n -> n.startsWith("ssh_host_"))
                .toList();
        String machineId = cat(fs, "/etc/machine-id");
        String name = cat(fs, "/etc/hostname").strip();
        if (!keysLeft.isEmpty() || !machineId.isEmpty() || !name.equals(NEUTRAL_HOSTNAME)) {
            throw new IOException(
                    "resetting the identity of %s did not take: SSH host keys left %s, machine-id '%s', hostname '%s'"
                            .formatted(fileName, keysLeft, machineId.strip(), name));
        }
        LOG.log(System.Logger.Level.INFO, "identity of {0} reset: {1}", fileName, String.join(", ", removed));
        return new Outcome.Reset(removed);
    }

    /** debugfs commands that write {@code source} as {@code path}, owned by root with {@code mode}. */
    private static void replace(List<String> commands, String path, Path source, String mode) {
        commands.add("write " + source + " " + path);
        commands.add("sif " + path + " mode " + mode);
        commands.add("sif " + path + " uid 0");
        commands.add("sif " + path + " gid 0");
    }

    private Path work(Path image, String content) throws IOException {
        // Named like the store's abandoned uploads, so a crash leaves it to the store's clean-up.
        Path file = image.resolveSibling(".upload-identity-" + UUID.randomUUID());
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    /** Names of the regular files in {@code dir}; empty when it does not exist. */
    private static List<String> regularFiles(String fs, String dir) throws IOException {
        List<String> names = new ArrayList<>();
        for (String line : debugfs(List.of("debugfs", "-R", "ls -p " + dir, fs)).split("\n")) {
            var m = LS_ENTRY.matcher(line.strip());
            if (m.matches() && m.group(2).startsWith("100")) {
                names.add(m.group(3));
            }
        }
        return names;
    }

    private static String cat(String fs, String path) throws IOException {
        return debugfs(List.of("debugfs", "-R", "cat " + path, fs));
    }

    /** Runs debugfs, answering its standard output; its banner and complaints go to standard error. */
    private static String debugfs(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException("%s did not finish in 5 minutes".formatted(command));
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command, e);
        }
        if (p.exitValue() != 0) {
            throw new IOException("%s failed with exit %d".formatted(command, p.exitValue()));
        }
        return out;
    }
}

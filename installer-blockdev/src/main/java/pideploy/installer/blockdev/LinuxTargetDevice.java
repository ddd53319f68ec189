package pideploy.installer.blockdev;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import pideploy.installer.core.port.CardIdentity;
import pideploy.installer.core.port.ReadBack;
import pideploy.installer.core.port.TargetCheck;
import pideploy.installer.core.port.TargetDevice;

/**
 * Target adapter for Linux: a whole block device (an SD card, {@code /dev/mmcblk0}) or a regular file (a simulated
 * card). Refuses a target that is mounted, has a mounted partition, holds the running root filesystem, is a
 * partition rather than a whole disk, or is a file backing a mounted loop device. Sizes come from sysfs for block
 * devices ({@code /sys/class/block/NAME/size}, always in 512-byte sectors) and from {@link FileChannel#size()} for
 * files ({@code Files.size} reports 0 for a device). procfs and sysfs are read under {@code systemRoot}.
 */
public final class LinuxTargetDevice implements TargetDevice {
    private static final System.Logger LOG = System.getLogger(LinuxTargetDevice.class.getName());

    private final Path device;
    private final Path systemRoot;
    private final FileKind.Detector kinds;

    /** A target at {@code device}, checked against the system under {@code systemRoot} (normally {@code /}). */
    public LinuxTargetDevice(Path device, Path systemRoot) {
        this(device, systemRoot, FileKind::of);
    }

    LinuxTargetDevice(Path device, Path systemRoot, FileKind.Detector kinds) {
        this.device = Objects.requireNonNull(device, "device");
        this.systemRoot = Objects.requireNonNull(systemRoot, "systemRoot");
        this.kinds = Objects.requireNonNull(kinds, "kinds");
    }

    @Override
    public String name() {
        return device.toString();
    }

    @Override
    public TargetCheck check() {
        if (!Files.exists(device)) {
            return new TargetCheck.Refused(
                    "target %s does not exist; name the card with --device, e.g. /dev/mmcblk0".formatted(device));
        }
        try {
            Path real = device.toRealPath();
            List<MountEntry> mounts = ProcMountTable.read(systemRoot.resolve("proc/self/mountinfo"));
            return switch (kinds.detect(real)) {
                case BLOCK_DEVICE -> checkBlockDevice(real, mounts);
                case REGULAR_FILE -> checkFile(real, mounts);
                case OTHER ->
                    new TargetCheck.Refused("target %s is neither a block device nor a regular file".formatted(device));
            };
        } catch (IOException | RuntimeException e) {
            return new TargetCheck.Refused("cannot check target %s: %s".formatted(device, e));
        }
    }

    private TargetCheck checkBlockDevice(Path real, List<MountEntry> mounts) throws IOException {
        String name = real.getFileName().toString();
        Path sysBlock = systemRoot.resolve("sys/class/block").resolve(name);
        if (!Files.isDirectory(sysBlock)) {
            return new TargetCheck.Refused(
                    "target %s: no %s in sysfs, cannot tell its size or partitions".formatted(device, sysBlock));
        }
        if (Files.exists(sysBlock.resolve("partition"))) {
            return new TargetCheck.Refused("target %s is a partition; give the whole card, e.g. /dev/%s"
                    .formatted(device, parentDisk(sysBlock).orElse("mmcblk0")));
        }
        List<BlockNode> nodes = new ArrayList<>();
        nodes.add(BlockNode.of(name, read(sysBlock.resolve("dev")), "it", sysBlock));
        try (Stream<Path> children = Files.list(sysBlock)) {
            children.filter(child -> Files.exists(child.resolve("partition")))
                    .sorted()
                    .forEach(child -> nodes.add(BlockNode.of(
                            child.getFileName().toString(),
                            readQuietly(child.resolve("dev")),
                            "its partition /dev/" + child.getFileName(),
                            child)));
        }
        nodes.addAll(holders(nodes));
        Optional<String> refusal = mountedRefusal(nodes, mounts, List.of()).or(() -> swapRefusal(nodes));
        if (refusal.isPresent()) {
            return new TargetCheck.Refused(refusal.get());
        }
        long size = Long.parseLong(read(sysBlock.resolve("size"))) * 512;
        Optional<CardIdentity> card = cardIdentity(name);
        String description = "block device, %d MB%s"
                .formatted(
                        size / 1_000_000,
                        card.map(c -> ", SD card " + c.name() + " (manufacturer " + c.manufacturerId() + ")")
                                .orElse(""));
        return new TargetCheck.Ready(size, description, card);
    }

    private TargetCheck checkFile(Path real, List<MountEntry> mounts) throws IOException {
        // A mounted image file shows up as the loop device backing it, or (bind/fuse) as the file itself.
        List<BlockNode> loops = new ArrayList<>();
        Path sysBlock = systemRoot.resolve("sys/block");
        if (Files.isDirectory(sysBlock)) {
            try (Stream<Path> devices = Files.list(sysBlock)) {
                for (Path loop : devices.filter(p -> p.getFileName().toString().startsWith("loop"))
                        .toList()) {
                    Optional<String> backing = readOptional(loop.resolve("loop/backing_file"));
                    if (backing.isPresent() && backing.get().equals(real.toString())) {
                        loops.add(BlockNode.of(
                                loop.getFileName().toString(),
                                readQuietly(loop.resolve("dev")),
                                "its loop device /dev/" + loop.getFileName(),
                                loop));
                        try (Stream<Path> parts = Files.list(loop)) {
                            parts.filter(p -> Files.exists(p.resolve("partition")))
                                    .forEach(p -> loops.add(BlockNode.of(
                                            p.getFileName().toString(),
                                            readQuietly(p.resolve("dev")),
                                            "its loop partition /dev/" + p.getFileName(),
                                            p)));
                        }
                    }
                }
            }
        }
        loops.addAll(holders(loops));
        Optional<String> refusal = mountedRefusal(loops, mounts, List.of(real.toString(), device.toString()));
        if (refusal.isPresent()) {
            return new TargetCheck.Refused(refusal.get());
        }
        try (FileChannel channel = FileChannel.open(real, StandardOpenOption.READ)) {
            return new TargetCheck.Ready(channel.size(), "regular file", Optional.empty());
        }
    }

    private Optional<String> mountedRefusal(List<BlockNode> nodes, List<MountEntry> mounts, List<String> paths) {
        for (MountEntry mount : mounts) {
            Optional<String> what = Optional.empty();
            for (BlockNode node : nodes) {
                if (node.devNumbers().equals(mount.deviceNumbers())
                        || node.paths().contains(mount.source())) {
                    what = Optional.of(node.role());
                    break;
                }
            }
            if (what.isEmpty() && paths.contains(mount.source())) {
                what = Optional.of("it");
            }
            if (what.isPresent()) {
                String root = mount.mountPoint().equals("/") ? " (the running system's root filesystem)" : "";
                return Optional.of("refusing %s: %s is mounted at %s%s; unmount it or choose another target"
                        .formatted(device, what.get(), mount.mountPoint(), root));
            }
        }
        return Optional.empty();
    }

    /** A partition in use as swap is as busy as a mounted one ({@code /proc/swaps}: device path first). */
    private Optional<String> swapRefusal(List<BlockNode> nodes) {
        Optional<String> swaps = readOptional(systemRoot.resolve("proc/swaps"));
        if (swaps.isEmpty()) {
            return Optional.empty();
        }
        for (String line : swaps.get().split("\n")) {
            String source = ProcMountTable.unescape(line.strip().split("\\s+")[0]);
            for (BlockNode node : nodes) {
                if (node.paths().contains(source)) {
                    return Optional.of("refusing %s: %s is in use as swap (%s); swapoff it or choose another target"
                            .formatted(device, node.role(), source));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Every block device stacked on {@code base} through sysfs {@code holders/} links, transitively: device-mapper
     * volumes (LVM, LUKS) and md RAID arrays, with their own partitions. Writing the target would destroy what they
     * hold, so a mounted filesystem or active swap on any of them refuses the target (ADR-0019).
     */
    private List<BlockNode> holders(List<BlockNode> base) {
        Path classBlock = systemRoot.resolve("sys/class/block");
        Set<String> seen = new HashSet<>();
        base.forEach(n -> seen.add(n.name()));
        Deque<BlockNode> todo = new ArrayDeque<>(base);
        List<BlockNode> found = new ArrayList<>();
        while (!todo.isEmpty()) {
            BlockNode below = todo.pop();
            Path holders = below.sysDir().resolve("holders");
            if (!Files.isDirectory(holders)) {
                continue;
            }
            List<Path> entries;
            try (Stream<Path> list = Files.list(holders)) {
                entries = list.sorted().toList();
            } catch (IOException e) {
                continue;
            }
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!seen.add(name)) {
                    continue;
                }
                Path dir = Files.isDirectory(classBlock.resolve(name)) ? classBlock.resolve(name) : entry;
                String on = below.role().equals("it") ? "on it" : "on " + below.role();
                BlockNode holder = BlockNode.stacked(
                        name,
                        readQuietly(dir.resolve("dev")),
                        "%s %s (stacked %s)".formatted(kind(dir), "/dev/" + name, on),
                        dir,
                        readOptional(dir.resolve("dm/name")));
                found.add(holder);
                todo.push(holder);
                try (Stream<Path> parts = Files.list(dir)) {
                    parts.filter(p -> Files.exists(p.resolve("partition")))
                            .sorted()
                            .forEach(p -> {
                                if (seen.add(p.getFileName().toString())) {
                                    BlockNode part = BlockNode.of(
                                            p.getFileName().toString(),
                                            readQuietly(p.resolve("dev")),
                                            "partition /dev/%s of %s".formatted(p.getFileName(), holder.role()),
                                            p);
                                    found.add(part);
                                    todo.push(part);
                                }
                            });
                } catch (IOException e) {
                    // A holder without readable children has no partitions to check.
                }
            }
        }
        return found;
    }

    /** What a holder is, from its sysfs directory: {@code dm/uuid} prefixes name LVM and LUKS; {@code md/} RAID. */
    private static String kind(Path dir) {
        String uuid = readQuietly(dir.resolve("dm/uuid"));
        if (uuid.startsWith("LVM-")) {
            return "the LVM volume";
        }
        if (uuid.startsWith("CRYPT-")) {
            return "the LUKS volume";
        }
        if (Files.isDirectory(dir.resolve("dm"))) {
            return "the device-mapper volume";
        }
        if (Files.isDirectory(dir.resolve("md"))) {
            return "the md RAID array";
        }
        return "the block device";
    }

    private Optional<CardIdentity> cardIdentity(String name) {
        if (!name.startsWith("mmcblk")) {
            return Optional.empty();
        }
        Path card = systemRoot.resolve("sys/block").resolve(name).resolve("device");
        Optional<String> cid = readOptional(card.resolve("cid"));
        if (cid.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new CardIdentity(
                cid.get().toLowerCase(Locale.ROOT),
                readOptional(card.resolve("name")).orElse(""),
                readOptional(card.resolve("manfid")).orElse("")));
    }

    private Optional<String> parentDisk(Path sysPartition) {
        try {
            return Optional.ofNullable(sysPartition.toRealPath().getParent())
                    .map(p -> p.getFileName().toString());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public FileChannel openForWriting() throws IOException {
        return FileChannel.open(device, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    /**
     * The target opened with O_DIRECT for writing, so image bytes skip the page cache (ADR-0034); empty, with a
     * logged note, where the filesystem holding a file target has no O_DIRECT.
     */
    @Override
    public Optional<FileChannel> openForDirectWriting() {
        try {
            return Optional.of(
                    FileChannel.open(device, StandardOpenOption.WRITE, com.sun.nio.file.ExtendedOpenOption.DIRECT));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            LOG.log(
                    Level.INFO,
                    "{0}: cannot be opened with O_DIRECT ({1}); writing through the page cache",
                    device,
                    e.getMessage());
            return Optional.empty();
        }
    }

    /** Block devices only, with blkdiscard; a regular file is left as it is (false). */
    @Override
    public boolean discard(long offset, long length) throws IOException {
        if (kinds.detect(device.toRealPath()) != FileKind.BLOCK_DEVICE) {
            return false;
        }
        return new Blkdiscard().discard(device, offset, length);
    }

    @Override
    public ReadBack openForReadBack() throws IOException {
        DirectReadBack readBack = DirectReadBack.open(device);
        if (!readBack.bypassesPageCache()) {
            LOG.log(
                    Level.INFO,
                    "{0}: no O_DIRECT on this target (e.g. a file on tmpfs); read-back uses the page cache",
                    device);
        }
        return readBack;
    }

    /**
     * One block device to check: its sysfs name, {@code MAJOR:MINOR}, how the refusal names it, its sysfs directory,
     * and the paths a mount table or {@code /proc/swaps} may name it by.
     */
    private record BlockNode(String name, String devNumbers, String role, Path sysDir, List<String> paths) {
        static BlockNode of(String name, String devNumbers, String role, Path sysDir) {
            return new BlockNode(name, devNumbers, role, sysDir, List.of("/dev/" + name));
        }

        /** A device-mapper holder is also {@code /dev/mapper/<dm name>} in mount tables and swap lists. */
        static BlockNode stacked(String name, String devNumbers, String role, Path sysDir, Optional<String> dmName) {
            return new BlockNode(
                    name,
                    devNumbers,
                    role,
                    sysDir,
                    dmName.map(dm -> List.of("/dev/" + name, "/dev/mapper/" + dm))
                            .orElse(List.of("/dev/" + name)));
        }
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8).strip();
    }

    private static String readQuietly(Path file) {
        return readOptional(file).orElse("");
    }

    static Optional<String> readOptional(Path file) {
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8)
                            .replace("\0", "")
                            .strip())
                    .filter(s -> !s.isEmpty());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}

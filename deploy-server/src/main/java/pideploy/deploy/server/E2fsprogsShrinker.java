package pideploy.deploy.server;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import pideploy.deploy.core.port.ImageShrinker;
import pideploy.disk.image.ext4.Ext4BlockBitmap;
import pideploy.disk.image.partition.MbrEditor;
import pideploy.disk.image.partition.Partition;
import pideploy.disk.image.partition.PartitionScheme;
import pideploy.disk.image.partition.PartitionTable;

/**
 * {@link ImageShrinker} with Debian's e2fsprogs (ADR-0063), without loop devices (no root, no kernel state): the
 * last partition is copied out to a regular file beside the image (holes kept), judged there with
 * {@code e2fsck -fn}, shrunk with {@code resize2fs -M} and grown again by a margin, judged again, and only then
 * copied back over the image, the partition's size rewritten in the MBR ({@link MbrEditor}) and the image truncated
 * at the partition's new end. Until the copy back the image is untouched, so every "cannot" is an
 * {@link Outcome.Unchanged}. The work file is named {@code .upload-shrink-*} and locked while in use, so a crash
 * leaves it to the image store's clean-up of abandoned uploads.
 */
public final class E2fsprogsShrinker implements ImageShrinker {
    private static final System.Logger LOG = System.getLogger(E2fsprogsShrinker.class.getName());
    private static final int CHUNK = 1 << 20;
    private static final long MIB = 1 << 20;
    /** Room left in the filesystem beyond its minimum: at least this, so a first boot can write before it grows. */
    static final long MIN_MARGIN = 32 * MIB;

    private static final Duration TIMEOUT = Duration.ofMinutes(30);
    private static final int EXT4_INCOMPAT_64BIT = 0x80;

    private final Path directory;
    private final String e2fsck;
    private final String resize2fs;

    /** Shrinks images of the store kept in {@code directory} (the {@code DirectoryImageStore}'s). */
    public E2fsprogsShrinker(Path directory) {
        this(directory, "e2fsck", "resize2fs");
    }

    /** With other program names; tests use a missing one. */
    E2fsprogsShrinker(Path directory, String e2fsck, String resize2fs) {
        this.directory = directory;
        this.e2fsck = e2fsck;
        this.resize2fs = resize2fs;
    }

    /** The margin for a filesystem whose minimum is {@code minimumBytes}: 5 %, at least {@link #MIN_MARGIN}. */
    static long margin(long minimumBytes) {
        return Math.max(MIN_MARGIN, minimumBytes / 20);
    }

    @Override
    public Outcome shrink(String fileName) throws IOException {
        Path image = directory.resolve(fileName);
        try (FileChannel disk = FileChannel.open(image, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long fileSize = disk.size();
            PartitionTable table;
            try {
                table = PartitionTable.read(disk);
            } catch (IllegalArgumentException | EOFException e) {
                return unchanged(image, "no readable partition table (" + e.getMessage() + ")");
            }
            if (table.scheme() != PartitionScheme.MBR) {
                return unchanged(image, "the partition table is " + table.scheme() + "; only MBR tables are shrunk");
            }
            if (table.lastPartition().isEmpty()) {
                return unchanged(image, "the partition table lists no partitions");
            }
            Partition root = table.lastPartition().get();
            if (root.mbrType() != Partition.MBR_LINUX) {
                return unchanged(
                        image,
                        "the last partition (%d) is type 0x%02X, not Linux (0x83)"
                                .formatted(root.number(), root.mbrType()));
            }
            if (root.endByteExclusive() > fileSize) {
                return unchanged(
                        image,
                        "the last partition (%d) ends at byte %d, beyond the file's %d bytes"
                                .formatted(root.number(), root.endByteExclusive(), fileSize));
            }
            if (!Ext4BlockBitmap.hasSuperblockMagic(disk, root.firstByte())) {
                return unchanged(
                        image, "the last partition (%d) holds no ext2/3/4 filesystem".formatted(root.number()));
            }
            Path work = image.resolveSibling(".upload-shrink-" + UUID.randomUUID());
            try (FileChannel copy = FileChannel.open(
                            work, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
                    var lock = copy.lock()) {
                copyOut(disk, root.firstByte(), root.sizeBytes(), copy);
                copy.force(false);
                Run check = run(List.of(e2fsck, "-fn", work.toString()));
                if (check.failure() != null) {
                    return unchanged(image, check.failure());
                }
                if (check.exit() != 0) {
                    return unchanged(
                            image,
                            "e2fsck -fn found problems in the root filesystem (exit %d): %s"
                                    .formatted(check.exit(), firstLines(check.output())));
                }
                long usedBytes = usedBytes(copy);
                long tight = roundUp(usedBytes + margin(usedBytes), MIB);
                long target;
                long minimumBytes;
                boolean tried = tight < root.sizeBytes();
                if (tried && fitsAt(work, copy, tight)) {
                    target = tight;
                    minimumBytes = usedBytes;
                } else {
                    if (tried) {
                        // The tight size did not fit (inodes, metadata): start again from the image's own root
                        // partition, with resize2fs's own, more generous minimum.
                        copy.truncate(0);
                        copyOut(disk, root.firstByte(), root.sizeBytes(), copy);
                        copy.force(false);
                    }
                    minimumBytes = -1;
                    target = -1;
                }
                if (target < 0) {
                    // -f: the read-only check just passed; a captured card's filesystem was mounted after its last
                    // check, and resize2fs would otherwise insist on a writing e2fsck first.
                    Run minimum = run(List.of(resize2fs, "-f", "-M", work.toString()));
                    if (minimum.failure() != null || minimum.exit() != 0) {
                        return unchanged(
                                image,
                                "resize2fs -M failed: "
                                        + (minimum.failure() != null
                                                ? minimum.failure()
                                                : "exit %d: %s"
                                                        .formatted(minimum.exit(), firstLines(minimum.output()))));
                    }
                    minimumBytes = filesystemBytes(copy);
                    target = roundUp(minimumBytes + margin(minimumBytes), MIB);
                    if (target >= root.sizeBytes()) {
                        return unchanged(
                                image,
                                ("the root filesystem has no free space to give back: it needs %d MiB "
                                                + "with the margin, its partition has %d MiB")
                                        .formatted(target / MIB, root.sizeBytes() / MIB));
                    }
                    Run grow = run(List.of(resize2fs, "-f", work.toString(), (target / 1024) + "K"));
                    if (grow.failure() != null || grow.exit() != 0) {
                        return unchanged(
                                image,
                                "resize2fs to the margin failed: "
                                        + (grow.failure() != null
                                                ? grow.failure()
                                                : "exit %d: %s".formatted(grow.exit(), firstLines(grow.output()))));
                    }
                    long shrunkBytes = filesystemBytes(copy);
                    if (shrunkBytes != target) {
                        return unchanged(
                                image,
                                "resize2fs left the filesystem at %d bytes, not the %d asked for"
                                        .formatted(shrunkBytes, target));
                    }
                    Run recheck = run(List.of(e2fsck, "-fn", work.toString()));
                    if (recheck.failure() != null || recheck.exit() != 0) {
                        return unchanged(
                                image,
                                "e2fsck -fn found problems after the shrink: "
                                        + (recheck.failure() != null
                                                ? recheck.failure()
                                                : "exit %d: %s"
                                                        .formatted(recheck.exit(), firstLines(recheck.output()))));
                    }
                }
                // From here on the image changes: a failure is an IOException and the caller discards the file.
                copyBack(copy, target, disk, root.firstByte());
                ByteBuffer head = ByteBuffer.allocate(Partition.SECTOR_SIZE);
                readFully(disk, head, 0);
                byte[] table2 = MbrEditor.resizePartition(head.array(), root.number(), target / Partition.SECTOR_SIZE);
                writeFully(disk, ByteBuffer.wrap(table2), 0);
                long newSize = root.firstByte() + target;
                disk.truncate(newSize);
                disk.force(true);
                String note = ("shrunk from %s to %s: root filesystem (partition %d) from %d MiB to %d MiB, its "
                                + "minimum (its used blocks, or resize2fs -M's estimate) %d MiB plus a margin")
                        .formatted(
                                mib(fileSize),
                                mib(newSize),
                                root.number(),
                                root.sizeBytes() / MIB,
                                target / MIB,
                                roundUp(minimumBytes, MIB) / MIB);
                LOG.log(System.Logger.Level.INFO, "{0}: {1}", image.getFileName(), note);
                return new Outcome.Shrunk(newSize, note);
            } finally {
                Files.deleteIfExists(work);
            }
        }
    }

    /**
     * Tries the filesystem at its used blocks plus the margin: {@code resize2fs -M}'s own minimum is an estimate that
     * keeps hundreds of MiB free on a few-GiB filesystem (a 4 GiB root holding 600 MB stays at about 1.2 GiB), and
     * {@code -f} lets resize2fs try below it. Whether it fits is resize2fs's to say (it refuses when the data, the
     * inodes or the metadata do not fit) and {@code e2fsck -fn}'s to confirm; false leaves the work copy to be
     * replaced, since a refused resize may have moved blocks already.
     */
    private boolean fitsAt(Path work, FileChannel copy, long target) throws IOException {
        Run tight = run(List.of(resize2fs, "-f", work.toString(), (target / 1024) + "K"));
        if (tight.failure() != null || tight.exit() != 0 || filesystemBytes(copy) != target) {
            LOG.log(
                    System.Logger.Level.DEBUG,
                    "{0}: {1} MiB did not fit, using resize2fs -M",
                    work.getFileName(),
                    target / MIB);
            return false;
        }
        Run check = run(List.of(e2fsck, "-fn", work.toString()));
        return check.failure() == null && check.exit() == 0;
    }

    /** Bytes in use in the ext2/3/4 filesystem at the start of {@code fs}: its blocks less its free blocks. */
    static long usedBytes(FileChannel fs) throws IOException {
        ByteBuffer sb = ByteBuffer.allocate(1024).order(ByteOrder.LITTLE_ENDIAN);
        readFully(fs, sb, 1024);
        long free = Integer.toUnsignedLong(sb.getInt(0x0C));
        if ((sb.getInt(0x60) & EXT4_INCOMPAT_64BIT) != 0) {
            free |= Integer.toUnsignedLong(sb.getInt(0x158)) << 32;
        }
        return filesystemBytes(fs) - free * (1024L << sb.getInt(0x18));
    }

    private static Outcome unchanged(Path image, String reason) {
        LOG.log(System.Logger.Level.INFO, "{0} not shrunk: {1}", image.getFileName(), reason);
        return new Outcome.Unchanged(reason);
    }

    /** Size of the ext2/3/4 filesystem at the start of {@code fs}, from its superblock. */
    static long filesystemBytes(FileChannel fs) throws IOException {
        ByteBuffer sb = ByteBuffer.allocate(1024).order(ByteOrder.LITTLE_ENDIAN);
        readFully(fs, sb, 1024);
        long blocks = Integer.toUnsignedLong(sb.getInt(0x04));
        if ((sb.getInt(0x60) & EXT4_INCOMPAT_64BIT) != 0) {
            blocks |= Integer.toUnsignedLong(sb.getInt(0x150)) << 32;
        }
        return blocks * (1024L << sb.getInt(0x18));
    }

    /** Copies {@code length} bytes at {@code from} into {@code to}, leaving holes where the source reads zeros. */
    private static void copyOut(FileChannel from, long offset, long length, FileChannel to) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
        for (long at = 0; at < length; at += CHUNK) {
            buffer.clear().limit((int) Math.min(CHUNK, length - at));
            readFully(from, buffer, offset + at);
            if (!zeros(buffer)) {
                writeFully(to, buffer, at);
            }
        }
        if (to.size() < length) {
            writeFully(to, ByteBuffer.allocate(1), length - 1); // the length, without writing the zeros before it
        }
    }

    /** Writes the first {@code length} bytes of {@code from} over {@code to} at {@code offset}, where they differ. */
    private static void copyBack(FileChannel from, long length, FileChannel to, long offset) throws IOException {
        ByteBuffer fresh = ByteBuffer.allocate(CHUNK);
        ByteBuffer old = ByteBuffer.allocate(CHUNK);
        for (long at = 0; at < length; at += CHUNK) {
            int n = (int) Math.min(CHUNK, length - at);
            fresh.clear().limit(n);
            old.clear().limit(n);
            readFully(from, fresh, at);
            readFully(to, old, offset + at);
            if (!fresh.equals(old)) {
                writeFully(to, fresh, offset + at);
            }
        }
    }

    private static boolean zeros(ByteBuffer buffer) {
        for (int i = buffer.position(); i < buffer.limit(); i++) {
            if (buffer.get(i) != 0) return false;
        }
        return true;
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        buffer.position(0);
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                // Past the end of a sparse work file that resize2fs truncated: zeros.
                while (buffer.hasRemaining()) buffer.put((byte) 0);
                break;
            }
            at += n;
        }
        buffer.flip();
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        buffer.position(0);
        long at = position;
        while (buffer.hasRemaining()) {
            at += channel.write(buffer, at);
        }
    }

    private static long roundUp(long value, long unit) {
        return (value + unit - 1) / unit * unit;
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%d MiB", bytes / MIB);
    }

    private static String firstLines(String output) {
        List<String> lines = new ArrayList<>();
        for (String line : output.strip().split("\n")) {
            if (!line.isBlank() && lines.size() < 6) lines.add(line.strip());
        }
        String joined = String.join("; ", lines);
        return joined.length() > 600 ? joined.substring(0, 600) + " ..." : joined;
    }

    /** @param failure why it could not run at all, or null when it ran and exited */
    private record Run(int exit, String output, String failure) {}

    private Run run(List<String> command) {
        Path log = null;
        Process process = null;
        try {
            // Output to a file, so a chatty or hung tool cannot block us on a pipe and the timeout holds.
            log = Files.createTempFile("pideploy-e2fs-", ".txt");
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            process.getOutputStream().close();
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                return new Run(
                        -1,
                        "",
                        "%s did not finish within %d minutes".formatted(command.getFirst(), TIMEOUT.toMinutes()));
            }
            return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8), null);
        } catch (IOException e) {
            return new Run(
                    -1, "", "cannot run %s (%s); install e2fsprogs".formatted(command.getFirst(), e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Run(-1, "", "interrupted");
        } finally {
            if (process != null) {
                process.destroyForcibly();
            }
            if (log != null) {
                try {
                    Files.deleteIfExists(log);
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.DEBUG, "could not remove {0}: {1}", log, e.getMessage());
                }
            }
        }
    }
}

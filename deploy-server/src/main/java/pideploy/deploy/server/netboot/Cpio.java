package pideploy.deploy.server.netboot;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Writes a directory tree as a cpio "newc" archive, the format the Linux kernel unpacks as an initramfs
 * ({@code Documentation/driver-api/early-userspace/buffer-format.rst} in the kernel source). Everything is owned by
 * root, with a fixed timestamp, in sorted order, so the same tree gives the same bytes; files are 0755 or 0644, or
 * 0700 and 0600 when the tree's file is readable by its owner only. Written here rather than by
 * running {@code cpio}: one tool less on the kit host, and no host user or group leaks into the archive.
 */
final class Cpio {
    private static final int MODE_DIR = 0040000;
    private static final int MODE_FILE = 0100000;
    private static final int MODE_LINK = 0120000;
    private static final long FIXED_MTIME = 1_767_225_600L; // 2026-01-01T00:00:00Z: reproducible archives

    private final OutputStream out;
    private long written;
    private int inode = 1;

    private Cpio(OutputStream out) {
        this.out = out;
    }

    /** Writes every entry below {@code root} (not {@code root} itself) and the trailer; returns the bytes written. */
    static long write(Path root, OutputStream out) throws IOException {
        Cpio cpio = new Cpio(out);
        List<Path> entries = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(p -> !p.equals(root)).sorted().forEach(entries::add);
        }
        for (Path p : entries) {
            String name = root.relativize(p).toString();
            if (Files.isSymbolicLink(p)) {
                cpio.entry(
                        name,
                        MODE_LINK | 0777,
                        Files.readSymbolicLink(p).toString().getBytes(StandardCharsets.UTF_8));
            } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                cpio.entry(name, MODE_DIR | 0755, new byte[0]);
            } else {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
                // Owner-only files stay owner-only: a capture kit's operator token is one (ADR-0105).
                boolean ownerOnly = !perms.contains(PosixFilePermission.GROUP_READ)
                        && !perms.contains(PosixFilePermission.OTHERS_READ);
                int mode = perms.contains(PosixFilePermission.OWNER_EXECUTE)
                        ? (ownerOnly ? 0700 : 0755)
                        : (ownerOnly ? 0600 : 0644);
                cpio.entry(name, MODE_FILE | mode, Files.readAllBytes(p));
            }
        }
        cpio.entry("TRAILER!!!", 0, new byte[0]);
        out.flush();
        return cpio.written;
    }

    private void entry(String name, int mode, byte[] data) throws IOException {
        byte[] nameBytes = (name + "\0").getBytes(StandardCharsets.UTF_8);
        boolean trailer = name.equals("TRAILER!!!");
        String header = "070701" + hex(trailer ? 0 : inode++) + hex(mode) + hex(0) + hex(0)
                + hex((mode & 0170000) == MODE_DIR ? 2 : 1)
                + hex(trailer ? 0 : FIXED_MTIME) + hex(data.length) + hex(0) + hex(0) + hex(0) + hex(0)
                + hex(nameBytes.length) + hex(0);
        put(header.getBytes(StandardCharsets.US_ASCII));
        put(nameBytes);
        pad();
        put(data);
        pad();
    }

    private static String hex(long v) {
        return "%08x".formatted(v);
    }

    private void put(byte[] b) throws IOException {
        out.write(b);
        written += b.length;
    }

    private void pad() throws IOException {
        while (written % 4 != 0) {
            out.write(0);
            written++;
        }
    }
}

package pideploy.deploy.server.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import pideploy.deploy.server.Fleet;

/**
 * {@code pideploy backup DIR} (ADR-0087): the database first (one consistent snapshot, {@code VACUUM INTO}, while the
 * server keeps writing), then every image file of the data directory, then the manifest. Backing up into the same
 * directory again replaces the database and copies only the image files it does not have yet: images are immutable
 * once registered, so a file of the same name and size whose hash the previous manifest recorded is kept as it is.
 */
public final class FleetBackup {
    private static final System.Logger LOG = System.getLogger(FleetBackup.class.getName());

    /**
     * What one backup did.
     *
     * @param dir          the backup directory
     * @param files        the manifest written (database and images)
     * @param imagesCopied image files copied now
     * @param imagesKept   image files the directory had already
     * @param vanished     image files deleted while the backup ran (not in the manifest)
     */
    public record Summary(Path dir, BackupManifest files, int imagesCopied, int imagesKept, List<String> vanished) {}

    private FleetBackup() {}

    /**
     * @throws pideploy.deploy.core.port.StorageException on PostgreSQL (use pg_dump) or when the database copy fails
     * @throws UncheckedIOException                       when a file cannot be read or written (naming it)
     */
    public static Summary backup(Fleet fleet, Path target) {
        Path dir = target.toAbsolutePath().normalize();
        if (dir.startsWith(fleet.dataDir())) {
            throw new BackupException("backup directory %s is inside the data directory %s: name one outside it"
                    .formatted(dir, fleet.dataDir()));
        }
        try {
            Files.createDirectories(dir.resolve(Fleet.IMAGES_DIR));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create backup directory " + dir + ": " + e.getMessage(), e);
        }
        BackupManifest previous = BackupManifest.readIfPresent(dir);
        Map<String, String> files = new LinkedHashMap<>();

        Path partial = dir.resolve("." + BackupManifest.DATABASE + ".partial");
        try {
            Files.deleteIfExists(partial);
            fleet.db().backupTo(partial);
            files.put(BackupManifest.DATABASE, BackupManifest.sha256(partial));
            Files.move(
                    partial,
                    dir.resolve(BackupManifest.DATABASE),
                    StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the database copy in " + dir + ": " + e.getMessage(), e);
        }

        int copied = 0;
        int kept = 0;
        List<String> vanished = new ArrayList<>();
        Path images = fleet.dataDir().resolve(Fleet.IMAGES_DIR);
        for (Path source : imageFiles(images)) {
            String name = Fleet.IMAGES_DIR + "/"
                    + images.relativize(source).toString().replace('\\', '/');
            Path copy = dir.resolve(name);
            try {
                String known = previous.files().get(name);
                if (known != null && Files.isRegularFile(copy) && Files.size(copy) == Files.size(source)) {
                    files.put(name, known);
                    kept++;
                    continue;
                }
                files.put(name, copy(source, copy));
                copied++;
            } catch (NoSuchFileException e) {
                // Deleted while the backup ran (an image deletion, ADR-0056): the snapshot may still name it, as a
                // backup taken a moment later would not.
                vanished.add(name);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot back up " + source + " to " + copy + ": " + e.getMessage(), e);
            }
        }
        BackupManifest manifest = new BackupManifest(files);
        manifest.write(dir);
        LOG.log(
                Level.INFO,
                "backup of {0} to {1}: database and {2} image files ({3} copied now, {4} there already)",
                fleet.dataDir(),
                dir,
                copied + kept,
                copied,
                kept);
        return new Summary(dir, manifest, copied, kept, List.copyOf(vanished));
    }

    /** Regular files under {@code images/}, sorted; hidden ones (uploads in progress, temporaries) left out. */
    static List<Path> imageFiles(Path images) {
        if (!Files.isDirectory(images)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(images)) {
            return walk.filter(p -> !p.equals(images))
                    .filter(p -> images.relativize(p).toString().isEmpty()
                            || Stream.of(images.relativize(p).toString().split("/"))
                                    .noneMatch(part -> part.startsWith(".")))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + images + ": " + e.getMessage(), e);
        }
    }

    /** Copies through a hidden temporary file moved into place, so an interrupted copy never looks complete. */
    static String copy(Path source, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        Path temp = target.resolveSibling("." + target.getFileName() + ".partial");
        String sha;
        try (InputStream in = Files.newInputStream(source);
                OutputStream out = Files.newOutputStream(temp)) {
            sha = BackupManifest.copyHashing(in, out);
        }
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return sha;
    }
}

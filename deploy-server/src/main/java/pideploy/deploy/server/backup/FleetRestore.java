package pideploy.deploy.server.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import pideploy.deploy.core.port.IntegrityProblem;
import pideploy.deploy.persistence.sqlite.SqliteDatabase;
import pideploy.deploy.persistence.sqlite.SqliteSettings;
import pideploy.deploy.server.Fleet;

/**
 * {@code pideploy restore DIR} (ADR-0087): checks every file of the backup against its manifest before it writes
 * anything, refuses a data directory that already holds something unless told to replace it, puts the database (with
 * no stale {@code -wal}/{@code -shm} beside it) and the image files in place, then checks the restored database as
 * {@code pideploy db verify} does. Run with the server stopped: the caller holds the data directory's lock.
 */
public final class FleetRestore {
    private static final System.Logger LOG = System.getLogger(FleetRestore.class.getName());

    /**
     * What one restore did.
     *
     * @param files    the files restored (database and images)
     * @param problems what the check of the restored database found; empty when it passes
     */
    public record Summary(BackupManifest files, List<IntegrityProblem> problems) {}

    private FleetRestore() {}

    /** Whether {@code dataDir} holds anything a restore would overwrite or mix with (the lock file aside). */
    public static boolean holdsData(Path dataDir) {
        if (!Files.isDirectory(dataDir)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(dataDir)) {
            return entries.map(p -> p.getFileName().toString())
                    .anyMatch(name -> !name.equals("serve.lock") && !isEmptyDir(dataDir.resolve(name)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list data directory " + dataDir + ": " + e.getMessage(), e);
        }
    }

    private static boolean isEmptyDir(Path p) {
        if (!Files.isDirectory(p)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(p)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    /** Every file of the manifest present with its hash; nothing written. */
    public static BackupManifest check(Path backupDir) {
        Path dir = backupDir.toAbsolutePath().normalize();
        BackupManifest manifest = BackupManifest.read(dir);
        if (!manifest.files().containsKey(BackupManifest.DATABASE)) {
            throw new BackupException("%s in %s does not list %s: not a pideploy backup"
                    .formatted(BackupManifest.FILE, dir, BackupManifest.DATABASE));
        }
        for (Map.Entry<String, String> f : manifest.files().entrySet()) {
            Path file = dir.resolve(f.getKey());
            if (!Files.isRegularFile(file)) {
                throw new BackupException("backup %s is incomplete: %s is listed in %s but missing; nothing restored"
                        .formatted(dir, f.getKey(), BackupManifest.FILE));
            }
            String actual;
            try {
                actual = BackupManifest.sha256(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
            }
            if (!actual.equals(f.getValue())) {
                throw new BackupException(
                        "backup %s is damaged: %s has SHA-256 %s, the manifest says %s; nothing restored (use an "
                                        .formatted(dir, f.getKey(), actual, f.getValue())
                                + "older backup)");
            }
        }
        return manifest;
    }

    /**
     * @param replace whether a data directory that holds data may be overwritten (its database replaced, image files
     *                of the same name overwritten, others left)
     * @throws BackupException when the backup fails its check or the data directory holds data and {@code replace}
     *                         is false; nothing is written then
     */
    public static Summary restore(Path backupDir, Path dataDir, boolean replace) {
        Path dir = backupDir.toAbsolutePath().normalize();
        Path data = dataDir.toAbsolutePath().normalize();
        if (!replace && holdsData(data)) {
            throw new BackupException(("data directory %s is not empty: restore into a new one (--data), or add "
                            + "--replace to overwrite its database and images with the backup's")
                    .formatted(data));
        }
        BackupManifest manifest = check(dir);
        try {
            Files.createDirectories(data.resolve(Fleet.IMAGES_DIR));
            for (String name : manifest.files().keySet()) {
                if (name.equals(BackupManifest.DATABASE)) {
                    continue;
                }
                FleetBackup.copy(dir.resolve(name), data.resolve(name));
            }
            Path db = data.resolve(Fleet.DATABASE_FILE);
            // A stale WAL would be replayed onto the restored file at the next open: the old database's last writes
            // mixed into the backup's pages.
            Files.deleteIfExists(data.resolve(Fleet.DATABASE_FILE + "-wal"));
            Files.deleteIfExists(data.resolve(Fleet.DATABASE_FILE + "-shm"));
            FleetBackup.copy(dir.resolve(BackupManifest.DATABASE), db);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restore into " + data + ": " + e.getMessage(), e);
        }
        List<IntegrityProblem> problems;
        try (SqliteDatabase restored = SqliteDatabase.open(new SqliteSettings(data.resolve(Fleet.DATABASE_FILE)))) {
            problems = restored.integrity().check();
        }
        LOG.log(
                Level.INFO,
                "restored {0} into {1}: database and {2} image files; verify: {3}",
                dir,
                data,
                manifest.files().size() - 1,
                problems.isEmpty() ? "ok" : problems.size() + " problems");
        return new Summary(manifest, problems);
    }
}

package pideploy.deploy.persistence.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pideploy.deploy.core.fixture.FleetFixtures;
import pideploy.deploy.core.port.StorageException;

/** {@link SqliteDatabase#backupTo}: a copy taken while the file is open and in WAL mode has every committed row. */
class SqliteBackupTest {
    @TempDir
    Path dir;

    @Test
    void copiesWhatIsCommittedIncludingWhatIsStillInTheWal() throws Exception {
        Path copy = dir.resolve("backup/pideploy.db");
        Files.createDirectories(copy.getParent());
        try (SqliteDatabase db = SqliteDatabase.open(new SqliteSettings(dir.resolve("pideploy.db")))) {
            FleetFixtures.seed(db.fleetStore());
            db.backupTo(copy);
        }
        assertThat(Files.exists(dir.resolve("backup/pideploy.db-wal"))).isFalse();
        try (SqliteDatabase restored = SqliteDatabase.open(new SqliteSettings(copy));
                Connection c = restored.dataSource().getConnection()) {
            assertThat(Sql.count(c, "SELECT count(*) FROM venue")).isEqualTo(2);
            assertThat(Sql.count(c, "SELECT count(*) FROM product")).isEqualTo(3);
            assertThat(restored.integrity().check()).isEmpty();
        }
    }

    @Test
    void refusesToOverwriteAnExistingFileAndLeavesItAlone() throws Exception {
        Path copy = dir.resolve("old.db");
        Files.writeString(copy, "an older backup");
        try (SqliteDatabase db = SqliteDatabase.open(new SqliteSettings(dir.resolve("pideploy.db")))) {
            assertThatThrownBy(() -> db.backupTo(copy))
                    .isInstanceOf(StorageException.class)
                    .hasMessageContaining(copy.toString())
                    .hasMessageContaining("exists already");
        }
        assertThat(Files.readString(copy)).isEqualTo("an older backup");
    }
}

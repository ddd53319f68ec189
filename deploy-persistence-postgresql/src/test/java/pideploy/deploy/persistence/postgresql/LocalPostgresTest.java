package pideploy.deploy.persistence.postgresql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fixture's own rules: missing binaries fail with the fix, never a skip. */
class LocalPostgresTest {
    @TempDir
    Path dir;

    @Test
    void missingBinariesFailWithTheFix() {
        assertThatThrownBy(() -> LocalPostgres.binaries(Map.of("PATH", dir.toString()), dir.resolve("none")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("initdb")
                .hasMessageContaining("apt-get install postgresql")
                .hasMessageContaining(LocalPostgres.BIN_ENV);
    }

    @Test
    void anOverrideWithoutTheServerIsNotSilentlyReplacedByAnotherInstallation() throws Exception {
        Files.createDirectories(dir.resolve("bin"));
        assertThat(LocalPostgres.findBinaries(
                        Map.of(LocalPostgres.BIN_ENV, dir.resolve("bin").toString()), Path.of("/usr/lib/postgresql")))
                .isEmpty();
    }

    @Test
    void findsTheDebianServerOnThisMachine() {
        // CI installs the Debian package (.ci/run); a machine without it fails here with the install hint above.
        assertThat(LocalPostgres.binaries(Map.of(), Path.of("/usr/lib/postgresql")))
                .isDirectory();
    }
}

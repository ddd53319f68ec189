package pideploy.deploy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pideploy.deploy.core.profile.SecretSeal;

class SecretKeyFileTest {
    @TempDir
    Path dir;

    @Test
    void createsTheKeyFileWithMode600AtFirstStartAndUsesItAfterwards() throws Exception {
        SecretSeal first = SecretKeyFile.open(dir);
        Path file = dir.resolve("secrets.key");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        String sealed = first.seal("venue psk");
        assertThat(SecretKeyFile.open(dir).open(sealed)).isEqualTo("venue psk");
        assertThat(Files.readString(file).strip()).hasSize(44);
    }

    @Test
    void narrowsAKeyFileOthersCanRead() throws Exception {
        SecretKeyFile.open(dir);
        Path file = dir.resolve("secrets.key");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        SecretKeyFile.open(dir);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }

    @Test
    void refusesAFileThatHoldsNoKeyAndLeavesItAsItIs() throws Exception {
        Path file = dir.resolve("secrets.key");
        Files.writeString(file, "not a key\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

        assertThatThrownBy(() -> SecretKeyFile.open(dir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("restore it from the backup");
        assertThat(Files.readString(file)).isEqualTo("not a key\n");
    }
}

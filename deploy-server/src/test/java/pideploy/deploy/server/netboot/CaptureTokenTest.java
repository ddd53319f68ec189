package pideploy.deploy.server.netboot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A capture kit's operator token (ADR-0105): in the initramfs, readable by root only; a bad token file is refused. */
class CaptureTokenTest {
    @TempDir
    Path dir;

    @Test
    void theTokenLandsInTheInitramfsWithMode0600() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "  pdt_secret123\n\n");
        Path root = Files.createDirectories(dir.resolve("root"));
        Files.createDirectories(root.resolve("etc/pideploy"));
        Files.writeString(root.resolve("etc/pideploy/kit-version"), "(kit)\n");
        Files.setPosixFilePermissions(
                root.resolve("etc/pideploy/kit-version"), PosixFilePermissions.fromString("rw-r--r--"));

        NetbootKit.addCaptureToken(token, root);

        Path copied = root.resolve(NetbootKit.CAPTURE_TOKEN);
        assertThat(copied).hasContent("pdt_secret123");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(copied)))
                .isEqualTo("rw-------");
        Path archive = dir.resolve("initramfs.cpio");
        try (OutputStream out = Files.newOutputStream(archive)) {
            Cpio.write(root, out);
        }
        // cpio itself reads the archive: the token is -rw------- there, other files stay -rw-r--r--.
        Process list = new ProcessBuilder("cpio", "-itv", "-F", archive.toString())
                .redirectErrorStream(true)
                .start();
        String listing = new String(list.getInputStream().readAllBytes());
        assertThat(list.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(listing.lines().filter(l -> l.endsWith("etc/pideploy/capture-token")))
                .singleElement()
                .asString()
                .startsWith("-rw------- ");
        assertThat(listing.lines().filter(l -> l.endsWith("etc/pideploy/kit-version")))
                .singleElement()
                .asString()
                .startsWith("-rw-r--r-- ");
    }

    @Test
    void aMissingOrMalformedTokenFileIsRefusedByName() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root2"));
        Files.createDirectories(root.resolve("etc/pideploy"));
        Path missing = dir.resolve("no-token");
        assertThatThrownBy(() -> NetbootKit.addCaptureToken(missing, root))
                .isInstanceOf(KitFailure.class)
                .hasMessageContaining("token file " + missing + " does not exist")
                .hasMessageContaining("Tokens page");
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        assertThatThrownBy(() -> NetbootKit.addCaptureToken(empty, root))
                .hasMessageContaining("token file " + empty + " must hold one operator API token");
        Path two = Files.writeString(dir.resolve("two"), "a b\n");
        assertThatThrownBy(() -> NetbootKit.addCaptureToken(two, root)).hasMessageContaining("one line, no spaces");
        assertThat(root.resolve(NetbootKit.CAPTURE_TOKEN)).doesNotExist();
    }
}

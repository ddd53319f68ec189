package pideploy.installer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code pi-installer --version} reports the version the root POM builds, not a hand-written one. */
class InstallerVersionTest {
    @Test
    void versionIsTheRootPomsVersion() throws IOException {
        Matcher m = Pattern.compile("<artifactId>pideploy-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(Path.of("..", "pom.xml")));
        assertThat(m.find()).as("the root POM names its version").isTrue();
        assertThat(new InstallerVersion().getVersion()).containsExactly("PiDeploy installer " + m.group(1));
    }
}

package pideploy.deploy.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The version {@code pideploy --version} and the APIs report is the one the root POM builds. */
class VersionTest {
    static String pomVersion() throws IOException {
        Matcher m = Pattern.compile("<artifactId>pideploy-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(Path.of("..", "pom.xml")));
        assertThat(m.find()).as("the root POM names its version").isTrue();
        return m.group(1);
    }

    @Test
    void versionOptionPrintsTheBuildsVersion() throws IOException {
        StringWriter out = new StringWriter();
        int code = PiDeployMain.commandLine().setOut(new PrintWriter(out)).execute("--version");
        assertThat(code).isZero();
        assertThat(out.toString().strip()).isEqualTo("PiDeploy " + pomVersion());
        assertThat(Version.VALUE).isEqualTo(pomVersion());
    }
}

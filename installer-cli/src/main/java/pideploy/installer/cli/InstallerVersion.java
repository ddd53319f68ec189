package pideploy.installer.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code pi-installer --version}: the POM's version, written into {@code version.properties} at build. */
public final class InstallerVersion implements IVersionProvider {
    /** The version this jar was built as. */
    public static final String VALUE = read();

    @Override
    public String[] getVersion() {
        return new String[] {"PiDeploy installer " + VALUE};
    }

    private static String read() {
        try (InputStream in = InstallerVersion.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                throw new IllegalStateException("version.properties is missing from the pi-installer jar: build it "
                        + "with Maven (mvn package), which writes it");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the version from the pi-installer jar", e);
        }
    }
}

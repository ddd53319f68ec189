package pideploy.deploy.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * The product version shown by {@code --version}, {@code /health} and {@code /api/v1/system}: the POM's version,
 * written into {@code version.properties} when the jar is built, so no hand-written constant can fall behind.
 */
public final class Version {
    public static final String VALUE = read();

    private Version() {}

    private static String read() {
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                throw new IllegalStateException("version.properties is missing from the pideploy jar: build it "
                        + "with Maven (mvn package), which writes it");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the version from the pideploy jar", e);
        }
    }

    /** Gives picocli's {@code --version} the same text. */
    public static final class Provider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"PiDeploy " + VALUE};
        }
    }
}

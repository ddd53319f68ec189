package pideploy.deploy.server.archfixture;

import java.util.logging.Level;
import java.util.logging.Logger;

/** Keeps the logging rule: a composition root configures the java.util.logging backend of System.Logger. */
public final class ConfiguresJavaUtilLogging {
    void configure() {
        Logger.getLogger("").setLevel(Level.INFO);
    }
}

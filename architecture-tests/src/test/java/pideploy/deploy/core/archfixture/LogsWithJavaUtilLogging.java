package pideploy.deploy.core.archfixture;

import java.util.logging.Logger;

/** Breaks the logging rule: java.util.logging outside a composition root. */
public final class LogsWithJavaUtilLogging {
    private static final Logger LOG = Logger.getLogger(LogsWithJavaUtilLogging.class.getName());

    void report() {
        LOG.info("deployed");
    }
}

package pideploy.deploy.core.archfixture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Breaks the logging rule: a second logging API. */
public final class LogsWithSlf4j {
    private static final Logger LOG = LoggerFactory.getLogger(LogsWithSlf4j.class);

    void report() {
        LOG.info("deployed");
    }
}

package pideploy.deploy.core.archfixture;

import java.time.Instant;

/** Breaks the clock rule: reads the system clock instead of an injected one. */
public final class ReadsSystemClock {
    Instant stamp() {
        return Instant.now();
    }
}

package pideploy.deploy.server.archfixture;

import java.time.Duration;
import java.time.Instant;

/** Breaks the server-root clock rule: measures uptime by the system clock, past the clock it was started with. */
public final class MeasuresUptimeWithInstantNow {
    Duration uptime(Instant startedAt) {
        return Duration.between(startedAt, Instant.now());
    }
}

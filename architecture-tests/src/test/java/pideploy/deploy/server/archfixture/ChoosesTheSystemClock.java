package pideploy.deploy.server.archfixture;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Keeps the server-root clock rule: chooses the system clock once and reads time from it. */
public final class ChoosesTheSystemClock {
    private final Clock clock = Clock.systemUTC();

    Duration uptime(Instant startedAt) {
        return Duration.between(startedAt, clock.instant());
    }
}

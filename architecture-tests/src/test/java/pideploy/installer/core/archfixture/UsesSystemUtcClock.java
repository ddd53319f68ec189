package pideploy.installer.core.archfixture;

import java.time.Clock;

/** Breaks the clock rule by making its own system clock. */
public final class UsesSystemUtcClock {
    private final Clock clock = Clock.systemUTC();

    Clock clock() {
        return clock;
    }
}

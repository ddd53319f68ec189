package pideploy.disk.image.archfixture;

import java.time.Clock;
import java.time.LocalDateTime;

/** Breaks the library clock rule: stamps with the system clock when the caller gives none. */
public final class DefaultsToTheSystemClock {
    LocalDateTime stamp() {
        return LocalDateTime.now(Clock.systemDefaultZone());
    }
}

package pideploy.installer.core.archfixture;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** Breaks the clock rule: now(zone) still reads the system clock. */
public final class ReadsLocalDateTimeInAZone {
    LocalDateTime stamp() {
        return LocalDateTime.now(ZoneOffset.UTC);
    }
}

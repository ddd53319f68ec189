package pideploy.deploy.core.profile;

import java.time.zone.ZoneRulesProvider;

/**
 * A time zone as the tz database names it ({@code Europe/London}, {@code UTC}); fixed offsets ({@code +02:00}) are
 * refused because a device in a venue follows its region's summer time.
 *
 * @param value a region id the JDK's tz database knows
 */
public record TimeZoneName(String value) {
    public TimeZoneName {
        value = value == null ? "" : value.strip();
        if (!ZoneRulesProvider.getAvailableZoneIds().contains(value) || !value.matches("[A-Za-z0-9_+/-]{1,64}")) {
            throw new IllegalArgumentException(
                    "time zone must be a tz database name such as Europe/London or UTC, got '%s'".formatted(value));
        }
    }
}

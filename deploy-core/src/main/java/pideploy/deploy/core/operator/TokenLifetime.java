package pideploy.deploy.core.operator;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long a new API token lives (ADR-0051): a number of days or hours ({@code 30d}, {@code 12h}), or
 * {@code never}, which must be asked for by name. The same text is taken by the API ({@code "expires"}) and the
 * admin command line ({@code --expires}).
 *
 * @param duration empty for {@code never}
 */
public record TokenLifetime(Optional<Duration> duration) {
    /** The longest finite lifetime; longer than that is what {@code never} is for, said out loud. */
    public static final Duration MAX = Duration.ofDays(3650);
    /** What a token gets when nobody chose: long enough for a quarter's scripts, short enough that a leak dies. */
    public static final TokenLifetime DEFAULT = new TokenLifetime(Optional.of(Duration.ofDays(90)));

    public static final TokenLifetime NEVER = new TokenLifetime(Optional.empty());
    private static final Pattern TEXT = Pattern.compile("([0-9]{1,6})([dh])");

    public TokenLifetime {
        if (duration.isPresent()
                && (duration.get().compareTo(Duration.ofHours(1)) < 0
                        || duration.get().compareTo(MAX) > 0)) {
            throw new IllegalArgumentException(
                    "token lifetime must be between 1h and 3650d, got %s".formatted(duration.get()));
        }
    }

    /** {@code 30d}, {@code 12h} or {@code never} (any case); IllegalArgumentException naming the forms otherwise. */
    public static TokenLifetime parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.equals("never")) {
            return NEVER;
        }
        Matcher m = TEXT.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "expires must be a number of days or hours such as 30d or 12h, or never; got '%s'".formatted(text));
        }
        long n = Long.parseLong(m.group(1));
        Duration d = m.group(2).equals("d") ? Duration.ofDays(n) : Duration.ofHours(n);
        if (d.compareTo(Duration.ofHours(1)) < 0 || d.compareTo(MAX) > 0) {
            throw new IllegalArgumentException(
                    "expires must be between 1h and 3650d (or never), got '%s'".formatted(text));
        }
        return new TokenLifetime(Optional.of(d));
    }

    /** The expiry of a token made at {@code now}; empty for never. */
    public Optional<Instant> expiryFrom(Instant now) {
        return duration.map(now::plus);
    }
}

package pideploy.deploy.core.batch;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import pideploy.deploy.core.device.DeviceIdentity;
import pideploy.deploy.core.device.MacAddress;
import pideploy.deploy.core.device.SerialNumber;

/**
 * The devices a batch is for, when the operator lists them (ADR-0045): serial numbers and MAC addresses. Empty means
 * any device; otherwise the batch hands hostnames only to a device whose serial or MAC is listed.
 *
 * @param serials listed serial numbers
 * @param macs    listed MAC addresses
 */
public record ExpectedDevices(Set<SerialNumber> serials, Set<MacAddress> macs) {
    /** At most this many entries per batch: a venue's fleet, with room. */
    public static final int MAX = 100_000;

    public static final ExpectedDevices ANY = new ExpectedDevices(Set.of(), Set.of());
    private static final Pattern MAC = Pattern.compile("(?i)[0-9a-f]{2}([:-][0-9a-f]{2}){5}");
    private static final Pattern SEPARATORS = Pattern.compile("[\\s,;\"]+");

    public ExpectedDevices {
        serials = Set.copyOf(Objects.requireNonNull(serials, "serials"));
        macs = Set.copyOf(Objects.requireNonNull(macs, "macs"));
        if (serials.size() + macs.size() > MAX) {
            throw new IllegalArgumentException("a batch can list at most %d expected devices, got %d"
                    .formatted(MAX, serials.size() + macs.size()));
        }
    }

    /**
     * Reads a pasted list or a CSV file: entries separated by newlines, commas, semicolons, blanks or quotes; an
     * entry shaped like {@code dc:a6:32:01:02:03} (or with '-') is a MAC address, anything else a serial number;
     * words of a header line ({@code serial}, {@code mac}, {@code serial_number}, {@code mac_address}) are skipped.
     *
     * @throws IllegalArgumentException naming the line and the entry that is neither
     */
    public static ExpectedDevices parse(String text) {
        Set<SerialNumber> serials = new LinkedHashSet<>();
        Set<MacAddress> macs = new LinkedHashSet<>();
        String[] lines = (text == null ? "" : text).split("\\R");
        for (int i = 0; i < lines.length; i++) {
            for (String token : SEPARATORS.split(lines[i].strip())) {
                if (token.isEmpty() || isHeader(token)) {
                    continue;
                }
                try {
                    if (MAC.matcher(token).matches()) {
                        macs.add(MacAddress.of(token));
                    } else {
                        serials.add(SerialNumber.of(token));
                    }
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(
                            ("expected devices, line %d: '%s' is neither a serial number "
                                            + "(4-64 letters or digits) nor a MAC address (dc:a6:32:01:02:03)")
                                    .formatted(i + 1, token),
                            e);
                }
            }
        }
        return new ExpectedDevices(serials, macs);
    }

    private static boolean isHeader(String token) {
        return switch (token.toLowerCase(Locale.ROOT)) {
            case "serial", "serials", "serial_number", "mac", "macs", "mac_address" -> true;
            default -> false;
        };
    }

    /** Whether nothing is listed, so any device may take the batch's hostnames. */
    public boolean isEmpty() {
        return serials.isEmpty() && macs.isEmpty();
    }

    public int size() {
        return serials.size() + macs.size();
    }

    /** Whether the batch may give {@code device} a hostname: nothing listed, or its serial or MAC is. */
    public boolean admits(DeviceIdentity device) {
        return isEmpty()
                || device.serial().filter(serials::contains).isPresent()
                || device.mac().filter(macs::contains).isPresent();
    }
}

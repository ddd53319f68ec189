package pideploy.deploy.core.profile;

import java.util.regex.Pattern;

/**
 * An IPv4 address in dotted decimal, without leading zeros (which some parsers read as octal).
 *
 * @param bits the address as an unsigned 32-bit number in a long
 */
public record Ipv4Address(long bits) {
    private static final Pattern DOTTED = Pattern.compile("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");

    public Ipv4Address {
        if (bits < 0 || bits > 0xffff_ffffL) {
            throw new IllegalArgumentException("IPv4 address out of range: " + bits);
        }
    }

    /** Parses {@code 192.168.10.14}; {@code what} names the field in the error. */
    public static Ipv4Address parse(String text, String what) {
        String t = text == null ? "" : text.strip();
        if (!DOTTED.matcher(t).matches()) {
            throw new IllegalArgumentException(
                    "%s must be an IPv4 address like 192.168.10.14, got '%s'".formatted(what, t));
        }
        long bits = 0;
        for (String part : t.split("\\.")) {
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                throw new IllegalArgumentException("%s has an octet over 255: '%s'".formatted(what, t));
            }
            bits = bits << 8 | octet;
        }
        return new Ipv4Address(bits);
    }

    @Override
    public String toString() {
        return "%d.%d.%d.%d".formatted(bits >>> 24, bits >>> 16 & 0xff, bits >>> 8 & 0xff, bits & 0xff);
    }
}

package pideploy.installer.core.customize;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One YAML scalar as the cloud-init seed writes it, so a value reads back as the same string whatever it holds: plain
 * when that is unambiguous (letters first, then letters, digits, {@code . _ -}, and not a word YAML 1.1 reads as a
 * boolean or null), else double-quoted with every character that needs it escaped. A {@code : } or {@code #} inside
 * a value, a leading digit (hostname {@code 1E3} would read as a number) or {@code ON} (a boolean) all round-trip.
 */
final class YamlScalar {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z][A-Za-z0-9._-]*");
    // YAML 1.1 (cloud-init's PyYAML) reads these as booleans or null when plain.
    private static final Set<String> RESERVED = Set.of("y", "yes", "n", "no", "true", "false", "on", "off", "null");

    private YamlScalar() {}

    static String of(String value) {
        if (PLAIN.matcher(value).matches() && !RESERVED.contains(value.toLowerCase(Locale.ROOT))) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        value.codePoints().forEach(c -> {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029) {
                        out.append("\\u%04x".formatted(c));
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.append('"').toString();
    }
}

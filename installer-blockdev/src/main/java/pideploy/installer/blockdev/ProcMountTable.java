package pideploy.installer.blockdev;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses {@code /proc/self/mountinfo} (proc(5)): {@code id parent major:minor root mountpoint options [optional...]
 * - fstype source superoptions}. Paths escape space, tab, newline and backslash as octal ({@code \040}).
 */
public final class ProcMountTable {
    private ProcMountTable() {}

    public static List<MountEntry> read(Path mountinfo) throws IOException {
        return parse(Files.readString(mountinfo, StandardCharsets.UTF_8));
    }

    /** The entries of a mountinfo text; malformed lines fail naming the line. */
    public static List<MountEntry> parse(String text) {
        List<MountEntry> entries = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.strip().split(" ");
            int separator = List.of(fields).indexOf("-");
            if (fields.length < 7 || separator < 6 || separator + 2 >= fields.length) {
                throw new IllegalArgumentException("not a mountinfo line: '%s'".formatted(line));
            }
            String[] numbers = fields[2].split(":");
            if (numbers.length != 2) {
                throw new IllegalArgumentException(
                        "bad major:minor '%s' in mountinfo line '%s'".formatted(fields[2], line));
            }
            entries.add(new MountEntry(
                    Integer.parseInt(numbers[0]),
                    Integer.parseInt(numbers[1]),
                    unescape(fields[4]),
                    unescape(fields[separator + 1]),
                    unescape(fields[separator + 2])));
        }
        return List.copyOf(entries);
    }

    static String unescape(String field) {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\'
                    && i + 4 <= field.length()
                    && field.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}

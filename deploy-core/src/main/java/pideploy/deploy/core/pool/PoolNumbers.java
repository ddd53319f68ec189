package pideploy.deploy.core.pool;

import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Parses an operator's list of pool numbers into distinct numbers in ascending order: ranges and single numbers such
 * as {@code 1-50,77,100-120}, or kart numbers pasted from a spreadsheet or a list, one per line, separated by spaces
 * or commas, ranges mixed in ({@code 12\n14 15, 20-25}). A dash may have spaces around it ({@code 20 - 25}) and may be
 * an en dash, as word processors write it. Nothing is imported unless every token parses: the first bad one is named,
 * with its line when the list has several. At most {@value #MAX_NUMBER} as a number and {@value #MAX_COUNT} numbers per
 * import, so a typo like {@code 1-1000000} fails instead of filling the disk.
 */
public final class PoolNumbers {
    public static final int MAX_NUMBER = 999_999;
    public static final int MAX_COUNT = 10_000;

    /** A dash (hyphen or en dash) with the blanks around it: {@code 20 - 25} is one range. */
    private static final Pattern DASH = Pattern.compile("[ \\t]*[-\\u2013][ \\t]*");
    /** Between tokens on one line: blanks, or one comma with blanks around it. */
    private static final Pattern SEPARATOR = Pattern.compile("[ \\t]*,[ \\t]*|[ \\t]+");

    private PoolNumbers() {}

    /** @throws IllegalArgumentException naming the bad token (and its line) and the expected form */
    public static List<Integer> parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("numbers must be ranges and numbers like 1-50,77,100-120, got nothing");
        }
        String[] lines = spec.split("\\r?\\n|\\r", -1);
        TreeSet<Integer> numbers = new TreeSet<>();
        for (int l = 0; l < lines.length; l++) {
            // A comma at the end of a line (a pasted CSV column) or at its start separates from the next line's.
            String line = DASH.matcher(lines[l].strip()).replaceAll("-").replaceAll("^,|,$", "");
            if (line.isBlank()) {
                continue;
            }
            String where = lines.length > 1 ? " on line " + (l + 1) : "";
            for (String part : SEPARATOR.split(line.strip(), -1)) {
                if (part.isEmpty()) {
                    throw new IllegalArgumentException(
                            "numbers%s has an empty part between two commas; use e.g. 1-50,77".formatted(where));
                }
                int dash = part.indexOf('-');
                int from = number(part, dash < 0 ? part : part.substring(0, dash), where);
                int to = dash < 0 ? from : number(part, part.substring(dash + 1), where);
                if (to < from) {
                    throw new IllegalArgumentException(
                            "numbers: range '%s'%s runs backwards; write it low-high, e.g. %d-%d"
                                    .formatted(part, where, to, from));
                }
                if ((long) to - from + 1 + numbers.size() > MAX_COUNT) {
                    throw new IllegalArgumentException("numbers names more than %d numbers (at '%s'%s); import in "
                                    .formatted(MAX_COUNT, part, where)
                            + "smaller parts");
                }
                for (int n = from; n <= to; n++) {
                    numbers.add(n);
                }
            }
        }
        if (numbers.isEmpty()) {
            throw new IllegalArgumentException("numbers must be ranges and numbers like 1-50,77,100-120, got nothing");
        }
        return List.copyOf(numbers);
    }

    private static int number(String part, String text, String where) {
        if (text.isEmpty() || text.length() > 6 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException(
                    "numbers: '%s'%s is not a number or range of 0-%d like 1-50 or 77; nothing was imported"
                            .formatted(part, where, MAX_NUMBER));
        }
        return Integer.parseInt(text);
    }
}

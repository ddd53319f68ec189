package pideploy.deploy.core.pool;

import java.util.List;
import java.util.TreeSet;

/**
 * Parses an operator's list of pool numbers such as {@code 1-50,77,100-120} into distinct numbers in
 * ascending order. Spaces are ignored. At most {@value #MAX_NUMBER} as a number and
 * {@value #MAX_COUNT} numbers per import, so a typo like {@code 1-1000000} fails instead of filling the disk.
 */
public final class PoolNumbers {
    public static final int MAX_NUMBER = 999_999;
    public static final int MAX_COUNT = 10_000;

    private PoolNumbers() {}

    /** @throws IllegalArgumentException naming the bad part and the expected form */
    public static List<Integer> parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("numbers must be ranges and numbers like 1-50,77,100-120, got nothing");
        }
        TreeSet<Integer> numbers = new TreeSet<>();
        for (String rawPart : spec.split(",", -1)) {
            String part = rawPart.replace(" ", "");
            if (part.isEmpty()) {
                throw new IllegalArgumentException("numbers '%s' has an empty part; use e.g. 1-50,77".formatted(spec));
            }
            int dash = part.indexOf('-');
            int from = number(part, dash < 0 ? part : part.substring(0, dash), spec);
            int to = dash < 0 ? from : number(part, part.substring(dash + 1), spec);
            if (to < from) {
                throw new IllegalArgumentException(
                        "numbers: range '%s' runs backwards; write it low-high, e.g. %d-%d".formatted(part, to, from));
            }
            if ((long) to - from + 1 + numbers.size() > MAX_COUNT) {
                throw new IllegalArgumentException(
                        "numbers '%s' names more than %d numbers; import in smaller parts".formatted(spec, MAX_COUNT));
            }
            for (int n = from; n <= to; n++) {
                numbers.add(n);
            }
        }
        return List.copyOf(numbers);
    }

    private static int number(String part, String text, String spec) {
        if (text.isEmpty() || text.length() > 6 || !text.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("numbers: '%s' in '%s' is not a number or range of 0-%d like 1-50 or 77"
                    .formatted(part, spec, MAX_NUMBER));
        }
        return Integer.parseInt(text);
    }
}

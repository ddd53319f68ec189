package pideploy.deploy.http.helidon.image;

import java.util.Optional;

/**
 * One satisfiable byte range of a representation, {@code first..last} inclusive, as HTTP's Range header names it.
 * Only single ranges are supported; several ranges are answered with the whole file, as RFC 9110 allows.
 */
public record ByteRange(long first, long last) {
    public ByteRange {
        if (first < 0 || last < first) {
            throw new IllegalArgumentException("byte range must have 0 <= first <= last: %d-%d".formatted(first, last));
        }
    }

    public long length() {
        return last - first + 1;
    }

    public String contentRange(long size) {
        return "bytes %d-%d/%d".formatted(first, last, size);
    }

    /** Outcome of reading a Range header against a representation of a known size. */
    public sealed interface Parsed {
        /** Header absent, malformed or multi-range: serve the full representation (RFC 9110 §14.2 lets us ignore). */
        record Ignore() implements Parsed {}

        record Satisfiable(ByteRange range) implements Parsed {}

        /** Syntactically valid but outside the representation: 416. */
        record Unsatisfiable() implements Parsed {}
    }

    public static Parsed parse(Optional<String> header, long size) {
        if (header.isEmpty()) {
            return new Parsed.Ignore();
        }
        String h = header.get().trim();
        if (!h.regionMatches(true, 0, "bytes=", 0, 6)) {
            return new Parsed.Ignore();
        }
        String spec = h.substring(6).trim();
        if (spec.contains(",")) {
            return new Parsed.Ignore();
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return new Parsed.Ignore();
        }
        String a = spec.substring(0, dash).trim();
        String b = spec.substring(dash + 1).trim();
        if (!digits(a) || !digits(b) || (a.isEmpty() && b.isEmpty())) {
            return new Parsed.Ignore();
        }
        if (a.isEmpty()) {
            // suffix range: the last N bytes
            long n = parseOrMax(b);
            if (n == 0 || size == 0) {
                return new Parsed.Unsatisfiable();
            }
            return new Parsed.Satisfiable(new ByteRange(Math.max(0, size - n), size - 1));
        }
        long first = parseOrMax(a);
        long last = b.isEmpty() ? size - 1 : Math.min(parseOrMax(b), size - 1);
        if (!b.isEmpty() && parseOrMax(b) < first) {
            return new Parsed.Ignore();
        }
        if (first >= size) {
            return new Parsed.Unsatisfiable();
        }
        return new Parsed.Satisfiable(new ByteRange(first, last));
    }

    private static boolean digits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return s.length() <= 19;
    }

    private static long parseOrMax(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}

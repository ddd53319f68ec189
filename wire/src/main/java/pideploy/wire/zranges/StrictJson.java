package pideploy.wire.zranges;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A cursor over one JSON text for a reader that knows what comes next: it reads the tokens the reader asks for and
 * fails, naming the field and the character offset, on anything else. RFC 8259 syntax; integers only, as no field
 * of this format is fractional.
 */
final class StrictJson {
    private final String text;
    private int at;

    private StrictJson(String text) {
        this.text = text;
    }

    static StrictJson of(byte[] json) {
        try {
            return new StrictJson(StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(json))
                    .toString());
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the index is not UTF-8 text");
        }
    }

    /** Consumes {@code c} (after blanks), or fails saying what {@code context} expected there. */
    void expect(char c, String context) {
        skipBlanks();
        if (at >= text.length() || text.charAt(at) != c) {
            throw error("%s: expected '%c', found %s".formatted(context, c, next()));
        }
        at++;
    }

    /** Consumes {@code c} if it comes next (after blanks). */
    boolean consume(char c) {
        skipBlanks();
        if (at < text.length() && text.charAt(at) == c) {
            at++;
            return true;
        }
        return false;
    }

    /** A JSON string, the value of {@code field}. */
    String string(String field) {
        skipBlanks();
        if (at >= text.length() || text.charAt(at) != '"') {
            throw error("index field %s must be a string, found %s".formatted(field, next()));
        }
        int start = at++;
        StringBuilder s = new StringBuilder();
        while (true) {
            if (at >= text.length()) {
                at = start;
                throw error("index field %s: string not terminated".formatted(field));
            }
            char c = text.charAt(at++);
            if (c == '"') {
                return s.toString();
            }
            if (c < 0x20) {
                at--;
                throw error("index field %s: control character in a string".formatted(field));
            }
            if (c != '\\') {
                s.append(c);
                continue;
            }
            char e = at < text.length() ? text.charAt(at++) : '?';
            switch (e) {
                case '"', '\\', '/' -> s.append(e);
                case 'b' -> s.append('\b');
                case 'f' -> s.append('\f');
                case 'n' -> s.append('\n');
                case 'r' -> s.append('\r');
                case 't' -> s.append('\t');
                case 'u' -> {
                    if (at + 4 > text.length()) {
                        throw error("index field %s: incomplete \\u escape".formatted(field));
                    }
                    try {
                        s.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                    } catch (NumberFormatException x) {
                        throw error("index field %s: bad \\u escape".formatted(field));
                    }
                    at += 4;
                }
                default -> {
                    at--;
                    throw error("index field %s: bad escape '\\%c'".formatted(field, e));
                }
            }
        }
    }

    /** A JSON integer in the range of {@code long}, the value of {@code field}. */
    long integer(String field) {
        skipBlanks();
        int start = at;
        if (at < text.length() && text.charAt(at) == '-') {
            at++;
        }
        int digits = at;
        while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
            at++;
        }
        if (at == digits) {
            at = start;
            throw error("index field %s must be an integer, found %s".formatted(field, next()));
        }
        if (at < text.length() && (text.charAt(at) == '.' || text.charAt(at) == 'e' || text.charAt(at) == 'E')) {
            at = start;
            throw error(
                    "index field %s must be an integer, found a number with a fraction or exponent".formatted(field));
        }
        if (text.charAt(digits) == '0' && at - digits > 1) {
            at = start;
            throw error("index field %s: integer with a leading zero".formatted(field));
        }
        try {
            return Long.parseLong(text, start, at, 10);
        } catch (NumberFormatException e) {
            at = start;
            throw error("index field %s: integer out of range".formatted(field));
        }
    }

    /** A value that must fit an {@code int}. */
    int smallInteger(String field) {
        int start = at;
        long value = integer(field);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            at = start;
            skipBlanks();
            throw error("index field %s: integer out of range".formatted(field));
        }
        return (int) value;
    }

    /** Nothing but blanks may follow the value. */
    void end() {
        skipBlanks();
        if (at < text.length()) {
            throw error("the index must end after its object, found %s".formatted(next()));
        }
    }

    int offset() {
        return at;
    }

    IllegalArgumentException error(String what) {
        return new IllegalArgumentException(what + " at offset " + at);
    }

    /** What the next value is, in words, for error messages. */
    private String next() {
        skipBlanks();
        if (at >= text.length()) {
            return "the end of the text";
        }
        return switch (text.charAt(at)) {
            case '"' -> "a string";
            case '{' -> "an object";
            case '[' -> "an array";
            case 't', 'f' -> "a boolean";
            case 'n' -> "null";
            case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9' -> "a number";
            default -> "'%c'".formatted(text.charAt(at));
        };
    }

    private void skipBlanks() {
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            at++;
        }
    }

    /** Appends {@code value} as a JSON string, escaping what JSON requires and everything outside printable ASCII. */
    static void appendString(StringBuilder s, String value) {
        s.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                s.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                s.append("\\u%04x".formatted((int) c));
            } else {
                s.append(c);
            }
        }
        s.append('"');
    }
}

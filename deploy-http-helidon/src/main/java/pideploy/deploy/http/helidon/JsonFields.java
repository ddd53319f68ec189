package pideploy.deploy.http.helidon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Typed, validating access to the fields of a JSON request object. Every refusal is an {@link ApiProblem} 400 with
 * code {@code INVALID_FIELD} that names the field, so clients learn exactly what to fix.
 */
public final class JsonFields {
    private final ObjectNode node;

    JsonFields(ObjectNode node) {
        this.node = node;
    }

    public static JsonFields of(ObjectNode node) {
        return new JsonFields(node);
    }

    /** Absent and JSON null are both "not given"; blank strings too, since no field of ours means anything blank. */
    public Optional<String> optionalText(String field, int maxLength) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            throw ApiProblem.invalidField(
                    field, "must be a string, not " + v.getNodeType().toString().toLowerCase());
        }
        String s = v.textValue();
        if (s.length() > maxLength) {
            throw ApiProblem.invalidField(field, "is longer than %d characters".formatted(maxLength));
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') {
                throw ApiProblem.invalidField(field, "contains a control character (U+%04X)".formatted((int) c));
            }
        }
        return s.isBlank() ? Optional.empty() : Optional.of(s);
    }

    public String text(String field, int maxLength) {
        return optionalText(field, maxLength).orElseThrow(() -> ApiProblem.invalidField(field, "is required"));
    }

    /** Text restricted to printable ASCII: identifiers, codes, serials, MACs. Rejects look-alike Unicode tricks. */
    public Optional<String> optionalAscii(String field, int maxLength) {
        Optional<String> s = optionalText(field, maxLength);
        s.ifPresent(v -> {
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
                if (c < 0x21 || c > 0x7e) {
                    throw ApiProblem.invalidField(
                            field, "must be printable ASCII without spaces; found U+%04X at %d".formatted((int) c, i));
                }
            }
        });
        return s;
    }

    public String ascii(String field, int maxLength) {
        return optionalAscii(field, maxLength).orElseThrow(() -> ApiProblem.invalidField(field, "is required"));
    }

    public Optional<Long> optionalLong(String field, long min, long max) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            if (v.isNumber()
                    && v.isFloatingPointNumber()
                    && v.asDouble() == Math.rint(v.asDouble())
                    && Math.abs(v.asDouble()) < 9e15) {
                return Optional.of(checkRange(field, (long) v.asDouble(), min, max));
            }
            throw ApiProblem.invalidField(field, "must be a whole number");
        }
        return Optional.of(checkRange(field, v.longValue(), min, max));
    }

    public long longValue(String field, long min, long max) {
        return optionalLong(field, min, max).orElseThrow(() -> ApiProblem.invalidField(field, "is required"));
    }

    public Optional<Double> optionalNumber(String field, double min, double max) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isNumber()) {
            throw ApiProblem.invalidField(field, "must be a number");
        }
        double d = v.asDouble();
        if (!Double.isFinite(d) || d < min || d > max) {
            throw ApiProblem.invalidField(field, "must be between %s and %s, was %s".formatted(min, max, v.asText()));
        }
        return Optional.of(d);
    }

    public Optional<Boolean> optionalBoolean(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isBoolean()) {
            throw ApiProblem.invalidField(field, "must be true or false");
        }
        return Optional.of(v.booleanValue());
    }

    /** An array of objects, each read with its own {@link JsonFields}; absent or null: empty. */
    public Optional<List<JsonFields>> optionalObjectList(String field, int maxItems) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isArray() || v.size() > maxItems) {
            throw ApiProblem.invalidField(field, "must be an array of at most %d objects".formatted(maxItems));
        }
        List<JsonFields> out = new ArrayList<>();
        for (JsonNode item : v) {
            if (!(item instanceof ObjectNode o)) {
                throw ApiProblem.invalidField(field, "must hold objects");
            }
            out.add(new JsonFields(o));
        }
        return Optional.of(out);
    }

    public Optional<List<String>> optionalTextList(String field, int maxItems, int maxLength) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isArray() || v.size() > maxItems) {
            throw ApiProblem.invalidField(field, "must be an array of at most %d strings".formatted(maxItems));
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : v) {
            if (!item.isTextual() || item.textValue().length() > maxLength) {
                throw ApiProblem.invalidField(field, "must hold strings of at most %d characters".formatted(maxLength));
            }
            out.add(item.textValue());
        }
        return Optional.of(out);
    }

    /**
     * Converts a raw value into a domain value, turning the domain's {@link IllegalArgumentException} into a 400 that
     * names the field.
     */
    public static <T> T parse(String field, String raw, Function<String, T> factory) {
        try {
            return factory.apply(raw);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalidField(field, "is invalid: " + e.getMessage());
        }
    }

    private static long checkRange(String field, long value, long min, long max) {
        if (value < min || value > max) {
            throw ApiProblem.invalidField(field, "must be between %d and %d, was %d".formatted(min, max, value));
        }
        return value;
    }
}

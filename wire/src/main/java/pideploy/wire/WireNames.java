package pideploy.wire;

import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The one way a wire enum is parsed: surrounding blanks and letter case are ignored, as servers always did. */
final class WireNames {
    private WireNames() {}

    static <E extends Enum<E>> E parse(Class<E> type, Function<E, String> wireName, String field, String text) {
        String wanted = text == null ? "" : text.strip();
        for (E value : type.getEnumConstants()) {
            if (wireName.apply(value).equalsIgnoreCase(wanted)) {
                return value;
            }
        }
        throw new IllegalArgumentException("%s must be one of %s; got '%s'"
                .formatted(
                        field,
                        Arrays.stream(type.getEnumConstants()).map(wireName).collect(Collectors.joining(", ")),
                        text));
    }
}

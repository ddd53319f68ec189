package pideploy.installer.core.customize;

import java.util.List;
import java.util.Objects;

/** What became of customizing a card's boot partition. */
public sealed interface CustomizationResult {

    /** The files were written and read back equal; {@code files} names them. */
    record Customized(List<String> files) implements CustomizationResult {
        public Customized {
            files = List.copyOf(files);
        }
    }

    /** Nothing usable was written; {@code reason} says what was wrong and, where it helps, what to do. */
    record Failed(String reason) implements CustomizationResult {
        public Failed {
            Objects.requireNonNull(reason, "reason");
        }
    }
}

package pideploy.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/** The PiDeploy source tree this module was built from: its root and the modules the root pom lists. */
final class Repository {

    /** Modules that hold only test code, so no rule names their packages. */
    static final List<String> TEST_ONLY_MODULES = List.of("architecture-tests", "system-tests", "packaging");

    private static final Pattern MODULE = Pattern.compile("<module>\\s*([^<\\s]+)\\s*</module>");

    private Repository() {}

    /** The repository root; this module's test classes are in {@code <root>/architecture-tests/target/test-classes}. */
    static Path root() {
        Path classes;
        try {
            classes = Path.of(Repository.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the test classes of architecture-tests", e);
        }
        Path module = classes.getParent() == null ? null : classes.getParent().getParent();
        if (!classes.endsWith(Path.of("target", "test-classes")) || module == null || module.getParent() == null) {
            throw new IllegalStateException(("expected this test to run from <repository>/architecture-tests/"
                            + "target/test-classes, but it runs from '%s'; run it with Maven")
                    .formatted(classes));
        }
        return module.getParent();
    }

    /** The {@code <module>} entries of the root pom, in order. */
    static List<String> modules() {
        return MODULE.matcher(read(root().resolve("pom.xml")))
                .results()
                .map(match -> match.group(1))
                .toList();
    }

    /** The root pom's modules that hold production code. */
    static List<String> productionModules() {
        return modules().stream()
                .filter(module -> !TEST_ONLY_MODULES.contains(module))
                .toList();
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}

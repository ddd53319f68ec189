package pideploy.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.LocationProvider;
import com.tngtech.archunit.lang.ArchRule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Rules for test code (docs/code-style.md §8): AssertJ for assertions, and every test runs.
 *
 * <p>Checks the compiled tests of every module of this repository ({@code <module>/target/test-classes}), not just
 * the ones on this module's class path. A module whose tests have not been compiled yet is not checked; in the
 * reactor build every module listed before {@code architecture-tests} has been.
 */
@AnalyzeClasses(
        locations = TestCodingRulesTest.EveryModulesTestClasses.class,
        importOptions = {ImportOption.OnlyIncludeTests.class, TestCodingRulesTest.DoNotIncludeArchFixtures.class})
class TestCodingRulesTest {

    @ArchTest
    static final ArchRule tests_assert_with_assertj = noClasses()
            .should()
            .dependOnClassesThat(nameMatching("org\\.junit\\.jupiter\\.api\\.Assertions|org\\.junit\\.Assert"
                    + "|junit\\.framework\\.Assert|junit\\.framework\\.TestCase"))
            .because("one assertion style everywhere: AssertJ's assertThat(...) names what was expected "
                    + "(docs/code-style.md §8)");

    @ArchTest
    static final ArchRule tests_are_never_skipped = noClasses()
            .should()
            .dependOnClassesThat(resideInAPackage("org.junit.jupiter.api.condition..")
                    .or(nameMatching("org\\.junit\\.jupiter\\.api\\.(Disabled|Assumptions)"
                            + "|org\\.assertj\\.core\\.api\\.Assumptions")))
            .because("every test must be able to fail: no @Disabled, no assumptions or conditions that skip "
                    + "(CONTRACTS 'Tests'); a test that needs a tool installs it through .ci/run");

    /** Every module's {@code target/test-classes} directory that exists. */
    static final class EveryModulesTestClasses implements LocationProvider {
        @Override
        public Set<Location> get(Class<?> testClass) {
            Path root = Repository.root();
            try (Stream<Path> entries = Files.list(root)) {
                return entries.filter(dir -> Files.isRegularFile(dir.resolve("pom.xml")))
                        .map(dir -> dir.resolve("target").resolve("test-classes"))
                        .filter(Files::isDirectory)
                        .map(Location::of)
                        .collect(Collectors.toSet());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list the modules in " + root, e);
            }
        }
    }

    /** Leaves out the deliberately broken classes that {@link RulesBiteTest} feeds to the rules. */
    static final class DoNotIncludeArchFixtures implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return !location.contains("/archfixture");
        }
    }
}

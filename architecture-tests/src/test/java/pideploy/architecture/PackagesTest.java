package pideploy.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import pideploy.deploy.core.archfixture.HoldsJdbcConnection;

/** The rules cannot go stale: every package they name holds classes, and a rule that checks nothing fails. */
class PackagesTest {

    /** What the {@code @AnalyzeClasses} of the production rules import. */
    private static final JavaClasses PRODUCTION = new ClassFileImporter()
            .withImportOption(new ImportOption.DoNotIncludeTests())
            .importPackages("pideploy");

    @ParameterizedTest(name = "Packages.{0} = \"{1}\"")
    @MethodSource("packageConstants")
    void everyPackageConstantNamesAtLeastOneProductionClass(String constant, String pattern) {
        assertThat(PRODUCTION.that(resideInAPackage(pattern)))
                .as(
                        "production classes in %s (Packages.%s); a rule naming an empty package checks nothing. "
                                + "Fix the constant if the module was renamed; otherwise the module has no classes yet",
                        pattern, constant)
                .isNotEmpty();
    }

    @Test
    void everyProductionModuleOfTheRootPomHasItsPackageInTheGroups() {
        List<String> expected = Repository.productionModules().stream()
                .map(module -> "pideploy." + module.replace('-', '.') + "..")
                .toList();
        assertThat(expected).as("production modules in the root pom").isNotEmpty();
        assertThat(Packages.MODULES)
                .as("Packages.MODULES (CORES, ADAPTERS, COMPOSITION_ROOTS and DISK_IMAGE); a new module needs a "
                        + "constant in Packages and a place in one group")
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(new HashSet<>(Packages.CORES)).doesNotContainAnyElementsOf(Packages.ADAPTERS);
        assertThat(new HashSet<>(Packages.ADAPTERS)).doesNotContainAnyElementsOf(Packages.COMPOSITION_ROOTS);
    }

    @Test
    void thisModuleDependsOnEveryProductionModule() {
        String pom =
                Repository.read(Repository.root().resolve("architecture-tests").resolve("pom.xml"));
        assertThat(Repository.productionModules())
                .as("production modules missing from architecture-tests/pom.xml, whose classes no rule would see")
                .allSatisfy(module -> assertThat(pom).contains("<artifactId>" + module + "</artifactId>"));
    }

    @Test
    void theProductionImportLeavesOutTheRuleFixtures() {
        JavaClasses everything = new ClassFileImporter().importPackages("pideploy");
        assertThat(everything.contain(HoldsJdbcConnection.class))
                .as("the fixtures are on the class path, so only the import option keeps them out")
                .isTrue();

        assertThat(PRODUCTION.stream().map(JavaClass::getPackageName))
                .noneMatch(name -> name.contains("archfixture") || name.startsWith("pideploy.architecture"));
    }

    @Test
    void theTestCodeImportReadsCompiledTestsButNotTheRuleFixtures() {
        Set<Location> locations = new TestCodingRulesTest.EveryModulesTestClasses().get(TestCodingRulesTest.class);
        assertThat(locations)
                .anySatisfy(location ->
                        assertThat(location.asURI().getPath()).contains("/architecture-tests/target/test-classes"));

        JavaClasses tests = new ClassFileImporter()
                .withImportOptions(List.of(
                        new ImportOption.OnlyIncludeTests(), new TestCodingRulesTest.DoNotIncludeArchFixtures()))
                .importLocations(locations);
        assertThat(tests.contain(RulesBiteTest.class)).isTrue();
        assertThat(tests.stream().map(JavaClass::getPackageName)).noneMatch(name -> name.contains("archfixture"));
    }

    @Test
    void aRuleThatChecksNoClassesFails() {
        JavaClasses unrelated = new ClassFileImporter().importClasses(String.class);
        assertThatThrownBy(() -> DependencyRulesTest.deploy_core_uses_only_the_jdk_allow_list_disk_image_and_wire.check(
                        unrelated))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("failed to check any classes");
    }

    static Stream<Arguments> packageConstants() {
        List<Field> constants = Arrays.stream(Packages.class.getDeclaredFields())
                .filter(field -> Modifier.isStatic(field.getModifiers()) && field.getType() == String.class)
                .toList();
        assertThat(constants).as("String constants in Packages").isNotEmpty();
        return constants.stream().map(field -> Arguments.of(field.getName(), valueOf(field)));
    }

    private static String valueOf(Field field) {
        try {
            return (String) field.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read Packages." + field.getName(), e);
        }
    }
}

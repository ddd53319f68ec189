package pideploy.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.ACCESS_STANDARD_STREAMS;
import static com.tngtech.archunit.library.GeneralCodingRules.THROW_GENERIC_EXCEPTIONS;
import static pideploy.architecture.Packages.COMPOSITION_ROOTS;
import static pideploy.architecture.Packages.all;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Coding rules for production code (docs/code-style.md §5 and §9, ADR-0004). */
@AnalyzeClasses(packages = "pideploy", importOptions = ImportOption.DoNotIncludeTests.class)
class CodingRulesTest {

    @ArchTest
    static final ArchRule standard_streams_only_in_command_line_classes = noClasses()
            .that()
            .resideOutsideOfPackages(all(COMPOSITION_ROOTS))
            .should(ACCESS_STANDARD_STREAMS)
            .because("only the command line talks to the terminal; everything else logs through System.Logger "
                    + "(ADR-0004) or returns an outcome");

    @ArchTest
    static final ArchRule no_generic_exceptions_are_thrown = noClasses()
            .should(THROW_GENERIC_EXCEPTIONS)
            .because("an error names its situation with its own unchecked exception type (docs/code-style.md §5), "
                    + "so the edge can map it to a status or exit code");

    @ArchTest
    static final ArchRule java_util_logging_only_in_composition_roots = noClasses()
            .that()
            .resideOutsideOfPackages(all(COMPOSITION_ROOTS))
            .should()
            .dependOnClassesThat()
            .resideInAPackage("java.util.logging..")
            .because("code logs through java.lang.System.Logger; only a composition root configures the "
                    + "java.util.logging backend behind it (ADR-0004)");

    @ArchTest
    static final ArchRule no_third_party_logging_api = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "org.slf4j..",
                    "org.apache.logging.log4j..",
                    "org.apache.log4j..",
                    "org.apache.commons.logging..",
                    "ch.qos.logback..",
                    "org.jboss.logging..")
            .because("PiDeploy has one logging API, java.lang.System.Logger (ADR-0004)");
}

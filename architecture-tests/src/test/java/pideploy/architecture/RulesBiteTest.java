package pideploy.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import org.junit.jupiter.api.Test;
import pideploy.archfixture.Stray;
import pideploy.deploy.core.archfixture.AssertsWithAssertJ;
import pideploy.deploy.core.archfixture.AssertsWithJUnit;
import pideploy.deploy.core.archfixture.FollowsTheRules;
import pideploy.deploy.core.archfixture.HandsOutALocalPath;
import pideploy.deploy.core.archfixture.HoldsJdbcConnection;
import pideploy.deploy.core.archfixture.IsDisabled;
import pideploy.deploy.core.archfixture.LogsWithJavaUtilLogging;
import pideploy.deploy.core.archfixture.LogsWithSlf4j;
import pideploy.deploy.core.archfixture.PrintsToStandardOut;
import pideploy.deploy.core.archfixture.ReachesIntoInstallerSide;
import pideploy.deploy.core.archfixture.ReachesIntoSqliteAdapter;
import pideploy.deploy.core.archfixture.ReadsAFileItself;
import pideploy.deploy.core.archfixture.ReadsSystemClock;
import pideploy.deploy.core.archfixture.RunsAProgram;
import pideploy.deploy.core.archfixture.RunsOnlyOnLinux;
import pideploy.deploy.core.archfixture.SkipsWithAssumption;
import pideploy.deploy.core.archfixture.SpeaksTheWire;
import pideploy.deploy.core.archfixture.ThrowsGenericException;
import pideploy.deploy.core.archfixture.UsesLegacyDate;
import pideploy.deploy.http.helidon.archfixture.HelidonSide;
import pideploy.deploy.persistence.sqlite.archfixture.ReachesIntoHelidonAdapter;
import pideploy.deploy.persistence.sqlite.archfixture.ReachesIntoServerRoot;
import pideploy.deploy.persistence.sqlite.archfixture.SqliteSide;
import pideploy.deploy.server.archfixture.ConfiguresJavaUtilLogging;
import pideploy.deploy.server.archfixture.PrintsInCommandLine;
import pideploy.disk.image.archfixture.HoldsPicocliCommandLine;
import pideploy.disk.image.archfixture.ReachesIntoDeployCore;
import pideploy.disk.image.archfixture.SectorMath;
import pideploy.installer.blockdev.archfixture.BlockdevSide;
import pideploy.installer.core.archfixture.HoldsHttpClient;
import pideploy.installer.core.archfixture.InstallerCoreSide;
import pideploy.installer.core.archfixture.OpensADeviceFile;
import pideploy.installer.core.archfixture.ReachesIntoBlockdevAdapter;
import pideploy.installer.core.archfixture.ReachesIntoDeploySide;
import pideploy.installer.core.archfixture.ReachesIntoInstallerCli;
import pideploy.installer.core.archfixture.ReadsCurrentTimeMillis;
import pideploy.installer.core.archfixture.ReadsLocalDateTimeInAZone;
import pideploy.installer.core.archfixture.UsesSystemUtcClock;
import pideploy.installer.core.archfixtureping.Ping;
import pideploy.installer.core.archfixturepong.Pong;
import pideploy.wire.archfixture.WireSide;

/**
 * Proves that every rule bites: each rule is evaluated against compiled fixture classes (test code in
 * {@code ..archfixture..} packages) that break it on purpose, and the report must name the fixture. Rule-abiding
 * fixtures show the same rules raise no false alarm for what real code does.
 */
class RulesBiteTest {

    /** Only the fixtures, imported from this module's test output. */
    private static final JavaClasses FIXTURES = new ClassFileImporter()
            .withImportOption(location -> location.contains("/archfixture"))
            .importPackages("pideploy");

    @Test
    void deployCoreAllowListReportsAJdbcConnection() {
        assertReports(
                DependencyRulesTest.deploy_core_uses_only_the_jdk_allow_list_disk_image_and_wire,
                HoldsJdbcConnection.class,
                "java.sql.Connection");
    }

    @Test
    void installerCoreAllowListReportsAnHttpClient() {
        assertReports(
                DependencyRulesTest.installer_core_uses_only_the_jdk_allow_list_disk_image_and_wire,
                HoldsHttpClient.class,
                "java.net.http.HttpClient");
    }

    @Test
    void diskImageAllowListReportsAFramework() {
        assertReports(
                DependencyRulesTest.disk_image_uses_only_the_jdk_allow_list,
                HoldsPicocliCommandLine.class,
                "picocli.CommandLine");
    }

    @Test
    void allowListsAcceptWhatRealCoresUse() {
        assertAccepts(
                DependencyRulesTest.deploy_core_uses_only_the_jdk_allow_list_disk_image_and_wire,
                FollowsTheRules.class);
        assertAccepts(
                DependencyRulesTest.installer_core_uses_only_the_jdk_allow_list_disk_image_and_wire,
                InstallerCoreSide.class);
        assertAccepts(DependencyRulesTest.disk_image_uses_only_the_jdk_allow_list, SectorMath.class);
    }

    @Test
    void coresReportOpeningAFileThemselves() {
        assertReports(
                DependencyRulesTest.cores_open_no_files_themselves, ReadsAFileItself.class, "java.nio.file.Files");
        assertReports(
                DependencyRulesTest.cores_open_no_files_themselves, OpensADeviceFile.class, "java.io.RandomAccessFile");
    }

    @Test
    void coresReportStartingAProgram() {
        assertReports(DependencyRulesTest.cores_start_no_processes, RunsAProgram.class, "java.lang.ProcessBuilder");
    }

    @Test
    void deployCoreReportsALocalPathInAPort() {
        assertReports(
                DependencyRulesTest.deploy_core_names_no_local_path, HandsOutALocalPath.class, "java.nio.file.Path");
    }

    @Test
    void fileAndProcessRulesAcceptWhatRealCoresDo() {
        // Both use channels and streams handed to them; InstallerCoreSide stands for the installer's core.
        assertAccepts(
                DependencyRulesTest.cores_open_no_files_themselves,
                FollowsTheRules.class,
                InstallerCoreSide.class,
                SpeaksTheWire.class);
        assertAccepts(DependencyRulesTest.cores_start_no_processes, FollowsTheRules.class, InstallerCoreSide.class);
        assertAccepts(DependencyRulesTest.deploy_core_names_no_local_path, FollowsTheRules.class, SpeaksTheWire.class);
    }

    @Test
    void adminCommandLineReportsReachingIntoTheHttpAuthPackage() {
        assertReports(
                DependencyRulesTest.admin_cli_uses_the_operator_use_cases_not_the_http_auth_internals,
                pideploy.deploy.server.cli.archfixture.HashesPasswordsItself.class,
                "pideploy.deploy.http.helidon.auth.PasswordHash");
        assertAccepts(
                DependencyRulesTest.admin_cli_uses_the_operator_use_cases_not_the_http_auth_internals,
                pideploy.deploy.server.cli.archfixture.AddsThroughTheUseCase.class);
    }

    @Test
    void librariesReportDefaultingToTheSystemClock() {
        assertReports(
                TimeRulesTest.libraries_the_cores_call_read_no_system_clock,
                pideploy.disk.image.archfixture.DefaultsToTheSystemClock.class,
                "java.time.Clock.systemDefaultZone()");
        assertAccepts(TimeRulesTest.libraries_the_cores_call_read_no_system_clock, SectorMath.class);
    }

    @Test
    void theServerRootReportsInstantNowButMayChooseTheClock() {
        assertReports(
                TimeRulesTest.the_server_root_reads_time_only_from_its_clock,
                pideploy.deploy.server.archfixture.MeasuresUptimeWithInstantNow.class,
                "java.time.Instant.now()");
        assertAccepts(
                TimeRulesTest.the_server_root_reads_time_only_from_its_clock,
                pideploy.deploy.server.archfixture.ChoosesTheSystemClock.class);
    }

    @Test
    void wireAllowListReportsAnHttpClient() {
        assertReports(
                DependencyRulesTest.wire_uses_only_the_jdk_allow_list,
                pideploy.wire.archfixture.HoldsHttpClient.class,
                "java.net.http.HttpClient");
    }

    @Test
    void wireReportsADependencyOnAnotherModule() {
        assertReports(
                DependencyRulesTest.wire_depends_on_no_other_pideploy_module,
                pideploy.wire.archfixture.ReachesIntoDeployCore.class,
                FollowsTheRules.class.getName());
    }

    @Test
    void wireRulesAcceptPlainProtocolNamesAndCoresMayUseThem() {
        assertAccepts(DependencyRulesTest.wire_uses_only_the_jdk_allow_list, WireSide.class);
        assertAccepts(DependencyRulesTest.wire_depends_on_no_other_pideploy_module, WireSide.class);
        assertAccepts(
                DependencyRulesTest.deploy_core_uses_only_the_jdk_allow_list_disk_image_and_wire, SpeaksTheWire.class);
    }

    @Test
    void diskImageReportsADependencyOnAnotherModule() {
        assertReports(
                DependencyRulesTest.disk_image_depends_on_no_other_pideploy_module,
                ReachesIntoDeployCore.class,
                FollowsTheRules.class.getName());
    }

    @Test
    void coresReportADependencyOnAnAdapter() {
        assertReports(
                DependencyRulesTest.cores_do_not_depend_on_adapters_or_composition_roots,
                ReachesIntoSqliteAdapter.class,
                SqliteSide.class.getName());
        assertReports(
                DependencyRulesTest.cores_do_not_depend_on_adapters_or_composition_roots,
                ReachesIntoBlockdevAdapter.class,
                BlockdevSide.class.getName());
    }

    @Test
    void coresReportADependencyOnACompositionRoot() {
        assertReports(
                DependencyRulesTest.cores_do_not_depend_on_adapters_or_composition_roots,
                ReachesIntoInstallerCli.class,
                "pideploy.installer.cli.archfixture.CliSide");
    }

    @Test
    void adaptersReportADependencyOnAnotherAdapter() {
        assertReports(
                DependencyRulesTest.adapters_do_not_depend_on_each_other,
                List.of(ReachesIntoHelidonAdapter.class, HelidonSide.class, BlockdevSide.class),
                ReachesIntoHelidonAdapter.class,
                HelidonSide.class.getName());
    }

    @Test
    void thePersistenceAdaptersReportADependencyOnEachOther() {
        assertReports(
                DependencyRulesTest.adapters_do_not_depend_on_each_other,
                List.of(
                        pideploy.deploy.persistence.postgresql.archfixture.ReachesIntoSqliteAdapter.class,
                        SqliteSide.class),
                pideploy.deploy.persistence.postgresql.archfixture.ReachesIntoSqliteAdapter.class,
                SqliteSide.class.getName());
    }

    @Test
    void adaptersReportADependencyOnACompositionRoot() {
        assertReports(
                DependencyRulesTest.adapters_do_not_depend_on_composition_roots,
                ReachesIntoServerRoot.class,
                PrintsInCommandLine.class.getName());
    }

    @Test
    void deploySideReportsADependencyOnTheInstallerSide() {
        assertReports(
                DependencyRulesTest.deploy_side_does_not_depend_on_installer_side,
                ReachesIntoInstallerSide.class,
                InstallerCoreSide.class.getName());
    }

    @Test
    void installerSideReportsADependencyOnTheDeploySide() {
        assertReports(
                DependencyRulesTest.installer_side_does_not_depend_on_deploy_side,
                ReachesIntoDeploySide.class,
                FollowsTheRules.class.getName());
    }

    @Test
    void featurePackagesReportACycle() {
        List<String> violations =
                violations(DependencyRulesTest.feature_packages_are_free_of_cycles, List.of(Ping.class, Pong.class));
        assertThat(violations)
                .anySatisfy(violation ->
                        assertThat(violation).contains(Ping.class.getName()).contains(Pong.class.getName()));
    }

    @Test
    void featurePackagesAcceptReferencesWithinOneFeature() {
        // FollowsTheRules and its nested outcome types refer to each other inside one feature package.
        assertAccepts(DependencyRulesTest.feature_packages_are_free_of_cycles, FollowsTheRules.class);
    }

    @Test
    void moduleRuleReportsAClassOutsideEveryModule() {
        assertReports(DependencyRulesTest.every_class_belongs_to_a_module, Stray.class, "pideploy.archfixture");
    }

    @Test
    void clockRuleReportsEveryWayOfReadingTheSystemClock() {
        assertReports(
                TimeRulesTest.cores_read_time_only_from_the_injected_clock,
                ReadsSystemClock.class,
                "java.time.Instant.now()");
        assertReports(
                TimeRulesTest.cores_read_time_only_from_the_injected_clock,
                ReadsCurrentTimeMillis.class,
                "java.lang.System.currentTimeMillis()");
        assertReports(
                TimeRulesTest.cores_read_time_only_from_the_injected_clock,
                UsesSystemUtcClock.class,
                "java.time.Clock.systemUTC()");
        assertReports(
                TimeRulesTest.cores_read_time_only_from_the_injected_clock,
                ReadsLocalDateTimeInAZone.class,
                "java.time.LocalDateTime.now(java.time.ZoneId)");
    }

    @Test
    void clockRuleAcceptsTimeFromAnInjectedClock() {
        assertAccepts(TimeRulesTest.cores_read_time_only_from_the_injected_clock, FollowsTheRules.class);
        assertAccepts(TimeRulesTest.cores_read_time_only_from_the_injected_clock, InstallerCoreSide.class);
    }

    @Test
    void legacyDateRuleReportsJavaUtilDate() {
        assertReports(TimeRulesTest.cores_do_not_use_legacy_date_types, UsesLegacyDate.class, "java.util.Date");
    }

    @Test
    void standardStreamRuleReportsPrintingOutsideTheCommandLine() {
        assertReports(
                CodingRulesTest.standard_streams_only_in_command_line_classes,
                PrintsToStandardOut.class,
                "java.lang.System.out");
    }

    @Test
    void standardStreamRuleAcceptsPrintingInTheCommandLine() {
        assertAccepts(
                CodingRulesTest.standard_streams_only_in_command_line_classes,
                PrintsInCommandLine.class,
                FollowsTheRules.class);
    }

    @Test
    void genericExceptionRuleReportsARuntimeException() {
        assertReports(
                CodingRulesTest.no_generic_exceptions_are_thrown,
                ThrowsGenericException.class,
                "java.lang.RuntimeException");
    }

    @Test
    void genericExceptionRuleAcceptsASpecificException() {
        assertAccepts(CodingRulesTest.no_generic_exceptions_are_thrown, FollowsTheRules.class);
    }

    @Test
    void loggingRulesReportJavaUtilLoggingOutsideACompositionRoot() {
        assertReports(
                CodingRulesTest.java_util_logging_only_in_composition_roots,
                LogsWithJavaUtilLogging.class,
                "java.util.logging.Logger");
    }

    @Test
    void loggingRulesReportSlf4j() {
        assertReports(CodingRulesTest.no_third_party_logging_api, LogsWithSlf4j.class, "org.slf4j.Logger");
    }

    @Test
    void loggingRulesAcceptSystemLoggerAndJavaUtilLoggingSetupInACompositionRoot() {
        assertAccepts(
                CodingRulesTest.java_util_logging_only_in_composition_roots,
                FollowsTheRules.class,
                ConfiguresJavaUtilLogging.class);
        assertAccepts(CodingRulesTest.no_third_party_logging_api, FollowsTheRules.class);
    }

    @Test
    void assertionRuleReportsJUnitAssertions() {
        assertReports(
                TestCodingRulesTest.tests_assert_with_assertj,
                AssertsWithJUnit.class,
                "org.junit.jupiter.api.Assertions");
        assertAccepts(TestCodingRulesTest.tests_assert_with_assertj, AssertsWithAssertJ.class);
    }

    @Test
    void skippingRuleReportsDisabledAssumptionsAndConditions() {
        assertReports(TestCodingRulesTest.tests_are_never_skipped, IsDisabled.class, "org.junit.jupiter.api.Disabled");
        assertReports(
                TestCodingRulesTest.tests_are_never_skipped,
                SkipsWithAssumption.class,
                "org.junit.jupiter.api.Assumptions");
        assertReports(
                TestCodingRulesTest.tests_are_never_skipped,
                RunsOnlyOnLinux.class,
                "org.junit.jupiter.api.condition.EnabledOnOs");
        assertAccepts(TestCodingRulesTest.tests_are_never_skipped, AssertsWithAssertJ.class);
    }

    private static void assertReports(ArchRule rule, Class<?> fixture, String offendingTarget) {
        assertReports(rule, List.of(fixture), fixture, offendingTarget);
    }

    /** Evaluates {@code rule} on {@code subjects}; one reported violation must name {@code fixture} and the target. */
    private static void assertReports(
            ArchRule rule, List<Class<?>> subjects, Class<?> fixture, String offendingTarget) {
        assertThat(violations(rule, subjects))
                .as("violations of '%s' by %s", rule.getDescription(), fixture.getName())
                .anySatisfy(violation ->
                        assertThat(violation).contains(fixture.getName()).contains(offendingTarget));
    }

    private static void assertAccepts(ArchRule rule, Class<?>... fixtures) {
        assertThat(violations(rule, List.of(fixtures)))
                .as("violations of '%s' by %s", rule.getDescription(), List.of(fixtures))
                .isEmpty();
    }

    /** The rule's violation lines for the given fixtures and their nested classes. */
    private static List<String> violations(ArchRule rule, List<Class<?>> fixtures) {
        JavaClasses subjects = FIXTURES.that(belongToAnyOf(fixtures.toArray(Class<?>[]::new)));
        assertThat(subjects).as("fixture classes imported for %s", fixtures).isNotEmpty();
        return rule.evaluate(subjects).getFailureReport().getDetails();
    }
}

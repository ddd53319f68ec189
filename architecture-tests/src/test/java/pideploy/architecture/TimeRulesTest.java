package pideploy.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static pideploy.architecture.Packages.ANY_CORE;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.AccessTarget.MethodCallTarget;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Calendar;
import java.util.Date;
import java.util.Set;
import java.util.TimeZone;

/**
 * Cores read time only from the {@code java.time.Clock} or {@code InstantSource} they are given (docs/code-style.md §4),
 * so that every test can pin time.
 */
@AnalyzeClasses(packages = "pideploy", importOptions = ImportOption.DoNotIncludeTests.class)
class TimeRulesTest {

    private static final Set<String> SYSTEM_CLOCK_FACTORIES = Set.of("systemUTC", "systemDefaultZone", "system");

    /**
     * Calls that read the system clock: any {@code java.time} type's {@code now(..)} without a {@code Clock}
     * argument ({@code Instant.now()}, {@code LocalDateTime.now()}, {@code ZonedDateTime.now(zone)}, ...),
     * {@code System.currentTimeMillis()}, {@code Clock.systemUTC()}, {@code Clock.systemDefaultZone()},
     * {@code Clock.system(zone)} and {@code InstantSource.system()}. {@code Instant.now(clock)} is fine.
     */
    static final DescribedPredicate<JavaMethodCall> READ_THE_SYSTEM_CLOCK = DescribedPredicate.describe(
            "read the system clock (now() without a Clock, System.currentTimeMillis(), Clock.system*(), "
                    + "InstantSource.system())",
            call -> readsSystemClock(call.getTarget()));

    @ArchTest
    static final ArchRule cores_read_time_only_from_the_injected_clock = noClasses()
            .that()
            .resideInAPackage(ANY_CORE)
            .should()
            .callMethodWhere(READ_THE_SYSTEM_CLOCK)
            .because("time comes in through the constructor as a Clock or InstantSource, so tests can pin it");

    /**
     * The plain libraries the cores call (disk-image, wire) read no system clock either, so a core cannot reach it
     * through a library call, as it did through {@code FatFileSystem.open} without a clock (ADR-0102).
     */
    @ArchTest
    static final ArchRule libraries_the_cores_call_read_no_system_clock = noClasses()
            .that()
            .resideInAnyPackage(Packages.DISK_IMAGE, Packages.WIRE)
            .should()
            .callMethodWhere(READ_THE_SYSTEM_CLOCK)
            .because("a core hands its clock to the library; a library that defaults to the system clock would let "
                    + "a core read it unseen (ADR-0102)");

    /**
     * The running server reads time from the one clock it was started with ({@code PiDeployServer.start(settings,
     * clock)}), so a test's clock governs uptime, the data-directory lock and every stamp. Choosing the clock
     * ({@code Clock.systemUTC()}) is allowed; the admin command line and the netboot kit builder, one-shot tools,
     * are outside this rule.
     */
    @ArchTest
    static final ArchRule the_server_root_reads_time_only_from_its_clock = noClasses()
            .that()
            .resideInAPackage("pideploy.deploy.server..")
            .and()
            .resideOutsideOfPackages("pideploy.deploy.server.cli..", "pideploy.deploy.server.netboot..")
            .should()
            .callMethodWhere(DescribedPredicate.describe(
                    "read the system clock (now() without a Clock, System.currentTimeMillis())",
                    call -> readsSystemClock(call.getTarget())
                            && !call.getTarget().getOwner().getName().equals("java.time.Clock")))
            .because("the server is started with a clock; time read past it escapes the tests' clock (ADR-0102)");

    @ArchTest
    static final ArchRule cores_do_not_use_legacy_date_types = noClasses()
            .that()
            .resideInAPackage(ANY_CORE)
            .should()
            .dependOnClassesThat()
            .belongToAnyOf(Date.class, Calendar.class, TimeZone.class)
            .because("java.time replaces them, and new Date() reads the system clock");

    private static boolean readsSystemClock(MethodCallTarget target) {
        String owner = target.getOwner().getName();
        String name = target.getName();
        if (owner.startsWith("java.time.") && name.equals("now")) {
            return target.getRawParameterTypes().stream()
                    .noneMatch(type -> type.getName().equals("java.time.Clock"));
        }
        return switch (owner) {
            case "java.lang.System" -> name.equals("currentTimeMillis");
            case "java.time.Clock" -> SYSTEM_CLOCK_FACTORIES.contains(name);
            case "java.time.InstantSource" -> name.equals("system");
            default -> false;
        };
    }
}

package pideploy.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static pideploy.architecture.Packages.ADAPTERS;
import static pideploy.architecture.Packages.COMPOSITION_ROOTS;
import static pideploy.architecture.Packages.CORES;
import static pideploy.architecture.Packages.DEPLOY_CORE;
import static pideploy.architecture.Packages.DEPLOY_SIDE;
import static pideploy.architecture.Packages.DISK_IMAGE;
import static pideploy.architecture.Packages.INSTALLER_CORE;
import static pideploy.architecture.Packages.INSTALLER_SIDE;
import static pideploy.architecture.Packages.MODULES;
import static pideploy.architecture.Packages.WIRE;
import static pideploy.architecture.Packages.all;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The dependency rule of ADR-0001, as amended by ADR-0037: plain-Java cores, adapters that don't see each other, two
 * programs that share nothing but {@code disk-image} and the device protocol ({@code wire}), and no cycles between
 * feature packages.
 */
@AnalyzeClasses(packages = "pideploy", importOptions = ImportOption.DoNotIncludeTests.class)
class DependencyRulesTest {

    /**
     * JDK packages a core, {@code disk-image} or {@code wire} may use. Deliberately short: add a package here only with a reason
     * in ADR-0001. What is missing is the point: {@code java.sql}, {@code java.net(.http)}, {@code javax..}, and
     * every framework (Helidon, Jackson, picocli, SQLite, HikariCP, Flyway, Micrometer) belong in adapters.
     */
    static final List<String> JDK_ALLOW_LIST = List.of(
            "java.lang..",
            "java.util..",
            "java.time..",
            "java.math..",
            "java.io..",
            "java.nio..",
            "java.security..",
            // AES-GCM sealing of profile secrets is computation like a digest; the key file stays in an adapter
            // (ADR-0093).
            "javax.crypto..",
            "java.text..");

    @ArchTest
    static final ArchRule deploy_core_uses_only_the_jdk_allow_list_disk_image_and_wire = noClasses()
            .that()
            .resideInAPackage(DEPLOY_CORE)
            .should()
            .dependOnClassesThat()
            .resideOutsideOfPackages(all(JDK_ALLOW_LIST, List.of(DEPLOY_CORE, DISK_IMAGE, WIRE)))
            .because("the server's core is plain Java (ADR-0001); JDBC, HTTP and frameworks belong in an adapter "
                    + "behind a port in pideploy.deploy.core.port");

    @ArchTest
    static final ArchRule installer_core_uses_only_the_jdk_allow_list_disk_image_and_wire = noClasses()
            .that()
            .resideInAPackage(INSTALLER_CORE)
            .should()
            .dependOnClassesThat()
            .resideOutsideOfPackages(all(JDK_ALLOW_LIST, List.of(INSTALLER_CORE, DISK_IMAGE, WIRE)))
            .because("the installer's core is plain Java (ADR-0001); HTTP clients, devices and frameworks belong in "
                    + "an adapter behind a port in pideploy.installer.core.port");

    /**
     * What the JDK allow-list lets through but a core must still not do itself (ADR-0064): open files by path and
     * start programs. Both belong in an adapter behind a port ({@code ImageStore}, {@code FileLayout},
     * {@code TargetDevice}); a core may hold a channel an adapter opened, such as the card's {@code FileChannel}.
     * No entry in the cores is exempt.
     */
    static final List<Class<?>> FILE_SYSTEM_ENTRY_POINTS = List.of(
            java.nio.file.Files.class,
            java.nio.file.FileSystems.class,
            java.nio.file.Paths.class,
            java.io.File.class,
            java.io.FileInputStream.class,
            java.io.FileOutputStream.class,
            java.io.RandomAccessFile.class,
            java.io.FileReader.class,
            java.io.FileWriter.class);

    static final List<Class<?>> PROCESS_TYPES =
            List.of(ProcessBuilder.class, Process.class, ProcessHandle.class, Runtime.class);

    @ArchTest
    static final ArchRule cores_open_no_files_themselves = noClasses()
            .that()
            .resideInAnyPackage(all(CORES))
            .should()
            .dependOnClassesThat()
            .belongToAnyOf(FILE_SYSTEM_ENTRY_POINTS.toArray(Class<?>[]::new))
            .because("a core reaches stored files and devices through its ports, never by path (ADR-0064); "
                    + "the file-system adapter (deploy-storage-fs, installer-blockdev) opens them");

    @ArchTest
    static final ArchRule cores_start_no_processes = noClasses()
            .that()
            .resideInAnyPackage(all(CORES))
            .should()
            .dependOnClassesThat()
            .belongToAnyOf(PROCESS_TYPES.toArray(Class<?>[]::new))
            .because("running a program (filefrag, sfdisk, dd) is an adapter's job behind a port (ADR-0064)");

    @ArchTest
    static final ArchRule deploy_core_names_no_local_path = noClasses()
            .that()
            .resideInAPackage(DEPLOY_CORE)
            .should()
            .dependOnClassesThat()
            .belongToAnyOf(java.nio.file.Path.class)
            .because("the server's core and its ports name stored files, not where a disk keeps them, so any "
                    + "ImageStore serves every caller alike (ADR-0064)");

    /** The admin command line's package in the server's composition root. */
    static final String ADMIN_CLI = "pideploy.deploy.server.cli..";

    static final String HTTP_AUTH = "pideploy.deploy.http.helidon.auth..";

    @ArchTest
    static final ArchRule admin_cli_uses_the_operator_use_cases_not_the_http_auth_internals = noClasses()
            .that()
            .resideInAPackage(ADMIN_CLI)
            .should()
            .dependOnClassesThat()
            .resideInAPackage(HTTP_AUTH)
            .because("accounts, passwords and tokens are the core's operator use cases (ADR-0100); the command "
                    + "line calls them as the HTTP API does, so neither can bypass the other's rules");

    @ArchTest
    static final ArchRule disk_image_uses_only_the_jdk_allow_list = noClasses()
            .that()
            .resideInAPackage(DISK_IMAGE)
            .should()
            .dependOnClassesThat()
            .resideOutsideOfPackages(all(JDK_ALLOW_LIST, List.of(DISK_IMAGE)))
            .because("disk-image is pure Java over byte channels, used by both cores (ADR-0001)");

    @ArchTest
    static final ArchRule disk_image_depends_on_no_other_pideploy_module = noClasses()
            .that()
            .resideInAPackage(DISK_IMAGE)
            .should()
            .dependOnClassesThat(resideInAPackage("pideploy..").and(not(resideInAPackage(DISK_IMAGE))))
            .because("disk-image sits below both programs; a dependency upwards would tie the installer to the server");

    @ArchTest
    static final ArchRule wire_uses_only_the_jdk_allow_list = noClasses()
            .that()
            .resideInAPackage(WIRE)
            .should()
            .dependOnClassesThat()
            .resideOutsideOfPackages(all(JDK_ALLOW_LIST, List.of(WIRE)))
            .because("the device protocol is plain Java that both programs carry (ADR-0037); JSON binding and HTTP "
                    + "belong in each side's adapter");

    @ArchTest
    static final ArchRule wire_depends_on_no_other_pideploy_module = noClasses()
            .that()
            .resideInAPackage(WIRE)
            .should()
            .dependOnClassesThat(resideInAPackage("pideploy..").and(not(resideInAPackage(WIRE))))
            .because("wire sits below both programs (ADR-0037); each side maps its own domain types to it in its "
                    + "adapter, never the other way round");

    @ArchTest
    static final ArchRule cores_do_not_depend_on_adapters_or_composition_roots = noClasses()
            .that()
            .resideInAnyPackage(all(CORES))
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(all(ADAPTERS, COMPOSITION_ROOTS))
            .because("dependencies point inwards (ADR-0001): a core declares a port, the adapter implements it");

    @ArchTest
    static final ArchRule adapters_do_not_depend_on_each_other = slices().assignedFrom(
                    new ModuleSlices("adapter modules", ADAPTERS))
            .should()
            .notDependOnEachOther()
            .because("only a composition root may see more than one adapter (ADR-0001)");

    @ArchTest
    static final ArchRule adapters_do_not_depend_on_composition_roots = noClasses()
            .that()
            .resideInAnyPackage(all(ADAPTERS))
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(all(COMPOSITION_ROOTS))
            .because("composition roots wire adapters, not the other way round (ADR-0001)");

    @ArchTest
    static final ArchRule deploy_side_does_not_depend_on_installer_side = noClasses()
            .that()
            .resideInAPackage(DEPLOY_SIDE)
            .should()
            .dependOnClassesThat()
            .resideInAPackage(INSTALLER_SIDE)
            .because("server and installer are separate programs that only share the wire module and disk-image");

    @ArchTest
    static final ArchRule installer_side_does_not_depend_on_deploy_side = noClasses()
            .that()
            .resideInAPackage(INSTALLER_SIDE)
            .should()
            .dependOnClassesThat()
            .resideInAPackage(DEPLOY_SIDE)
            .because("the installer runs on a netbooted Pi and must not carry the server's code");

    /**
     * Feature packages are the packages one level below a module's root package, whatever the module's depth:
     * {@code pideploy.deploy.core.hostname}, {@code pideploy.disk.image.fat},
     * {@code pideploy.deploy.http.helidon.image}. Their sub-packages belong to them. A module's root package (wiring,
     * small shared types such as an error body) is no feature and may meet its features in both directions.
     */
    @ArchTest
    static final ArchRule feature_packages_are_free_of_cycles = slices().assignedFrom(new FeatureSlices())
            .should()
            .beFreeOfCycles()
            .because("a cycle makes two features one; merge them or move the shared type into one of them");

    @ArchTest
    static final ArchRule every_class_belongs_to_a_module = classes()
            .should()
            .resideInAnyPackage(all(MODULES))
            .because("rules name modules by package root pideploy.<module> (docs/code-style.md §2); a class elsewhere "
                    + "escapes every rule");

    /** One slice per module in the given list; classes of other modules are left out. */
    static final class ModuleSlices implements SliceAssignment {
        private final String description;
        private final List<String> modules;

        ModuleSlices(String description, List<String> modulePatterns) {
            this.description = description;
            this.modules = modulePatterns.stream().map(Packages::packageName).toList();
        }

        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            return moduleOf(javaClass.getPackageName(), modules)
                    .map(SliceIdentifier::of)
                    .orElseGet(SliceIdentifier::ignore);
        }

        @Override
        public String getDescription() {
            return description;
        }
    }

    /** One slice per feature package: the module root plus the next package name. */
    static final class FeatureSlices implements SliceAssignment {
        private static final List<String> MODULE_PACKAGES =
                MODULES.stream().map(Packages::packageName).toList();

        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String pkg = javaClass.getPackageName();
            return moduleOf(pkg, MODULE_PACKAGES)
                    .filter(module -> pkg.length() > module.length())
                    .map(module -> {
                        int end = pkg.indexOf('.', module.length() + 1);
                        return SliceIdentifier.of(end < 0 ? pkg : pkg.substring(0, end));
                    })
                    .orElseGet(SliceIdentifier::ignore);
        }

        @Override
        public String getDescription() {
            return "feature packages (pideploy.<module>.<feature>)";
        }
    }

    /** The longest module package that {@code pkg} is or lies below. */
    private static Optional<String> moduleOf(String pkg, List<String> modulePackages) {
        return modulePackages.stream()
                .filter(module -> pkg.equals(module) || pkg.startsWith(module + "."))
                .max(Comparator.comparingInt(String::length));
    }
}

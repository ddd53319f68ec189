package pideploy.deploy.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsResolverTest {
    @TempDir
    Path dir;

    @Test
    void defaultsAreTheDesignsListeners() {
        ServerSettings s =
                SettingsResolver.of(Map.of(), Map.of(), Optional.empty()).resolve();
        assertThat(s.http().deployHost()).isEqualTo("0.0.0.0");
        assertThat(s.http().deployPort()).isEqualTo(5001);
        assertThat(s.http().adminHost()).isEqualTo("127.0.0.1");
        assertThat(s.http().adminPort()).isEqualTo(5000);
        assertThat(s.dataDir()).isEqualTo(Path.of("var").toAbsolutePath());
        assertThat(s.logRetentionDays()).isEqualTo(14);
        assertThat(s.logMaxFileBytes()).isEqualTo(50L << 20);
        assertThat(s.adminPassword()).isEmpty();
    }

    @Test
    void flagsBeatEnvironmentWhichBeatsTheFileWhichBeatsDefaults() throws Exception {
        Path file = dir.resolve("pideploy.yaml");
        Files.writeString(file, """
                deploy-listen: 10.0.0.1:6001
                admin-listen: 127.0.0.1:6000
                log-retention-days: 30
                log-max-file-mb: 5
                public-url: http://files.example:8080
                """);
        Map<String, String> env = Map.of(
                "PIDEPLOY_ADMIN_LISTEN",
                "127.0.0.1:7000",
                "PIDEPLOY_LOG_RETENTION_DAYS",
                "7",
                "PIDEPLOY_ADMIN_PASSWORD",
                "from-the-environment");
        Map<String, String> flags = Map.of("log-retention-days", "3", "data", dir.toString());
        ServerSettings s = SettingsResolver.of(flags, env, Optional.of(file)).resolve();
        assertThat(s.http().deployHost()).isEqualTo("10.0.0.1");
        assertThat(s.http().deployPort()).isEqualTo(6001);
        assertThat(s.http().adminPort()).isEqualTo(7000);
        assertThat(s.logRetentionDays()).isEqualTo(3);
        assertThat(s.logMaxFileMb()).isEqualTo(5);
        assertThat(s.http().publicUrl())
                .hasValueSatisfying(u -> assertThat(u.toString()).isEqualTo("http://files.example:8080"));
        assertThat(s.dataDir()).isEqualTo(dir.toAbsolutePath());
        assertThat(s.adminPassword()).hasValue("from-the-environment");
    }

    @Test
    void theServerNameDefaultsToTheHostNameAndAnInvalidOneIsRefusedByName() {
        ServerSettings d =
                SettingsResolver.of(Map.of(), Map.of(), Optional.empty()).resolve();
        assertThat(d.core().serverName()).contains(SettingsResolver.hostServerName());

        ServerSettings named = SettingsResolver.of(
                        Map.of(), Map.of("PIDEPLOY_SERVER_NAME", "station-2"), Optional.empty())
                .resolve();
        assertThat(named.core().serverName()).contains(pideploy.deploy.core.server.ServerName.of("station-2"));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SettingsResolver.of(
                                Map.of(SettingsResolver.SERVER_NAME, "station two"), Map.of(), Optional.empty())
                        .resolve())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("server-name")
                .hasMessageContaining("'station two'");
    }

    @Test
    void poolProtectionAndRetentionSettingsHaveSafeDefaultsAndRefuseImpossibleValues() {
        ServerSettings d =
                SettingsResolver.of(Map.of(), Map.of(), Optional.empty()).resolve();
        assertThat(d.core().assignmentLimit().burst()).isEqualTo(1000);
        assertThat(d.core().reclaimAfter()).as("reclaiming is off by default").isEmpty();
        assertThat(d.core().progressRetention()).isEqualTo(java.time.Duration.ofHours(24));

        ServerSettings s = SettingsResolver.of(
                        Map.of(),
                        Map.of(
                                "PIDEPLOY_ASSIGNMENT_BURST",
                                "25",
                                "PIDEPLOY_ASSIGNMENT_PER_MINUTE",
                                "6",
                                "PIDEPLOY_RECLAIM_UNFINISHED_AFTER_MINUTES",
                                "90",
                                "PIDEPLOY_STATUS_REPORTS_PER_MINUTE",
                                "30",
                                "PIDEPLOY_PROGRESS_EVENTS_RETENTION_HOURS",
                                "48"),
                        Optional.empty())
                .resolve();
        assertThat(s.core().assignmentLimit().burst()).isEqualTo(25);
        assertThat(s.core().assignmentLimit().refillEvery()).isEqualTo(java.time.Duration.ofSeconds(10));
        assertThat(s.core().statusLimit().refillEvery()).isEqualTo(java.time.Duration.ofSeconds(2));
        assertThat(s.core().reclaimAfter()).hasValue(java.time.Duration.ofMinutes(90));
        assertThat(s.core().progressRetention()).isEqualTo(java.time.Duration.ofHours(48));

        assertThatThrownBy(() -> SettingsResolver.of(Map.of("assignment-per-minute", "0"), Map.of(), Optional.empty())
                        .resolve())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("assignment-per-minute");
        assertThatThrownBy(() -> SettingsResolver.of(Map.of("assignment-burst", "0"), Map.of(), Optional.empty())
                        .resolve())
                .hasMessageContaining("assignment-burst");
    }

    @Test
    void theStallTimeDefaultsToAMinuteAndRefusesWhatCannotWork() {
        assertThat(SettingsResolver.of(Map.of(), Map.of(), Optional.empty())
                        .resolve()
                        .core()
                        .stallAfter())
                .isEqualTo(java.time.Duration.ofSeconds(60));
        assertThat(SettingsResolver.of(Map.of(), Map.of("PIDEPLOY_STALL_AFTER_SECONDS", "90"), Optional.empty())
                        .resolve()
                        .core()
                        .stallAfter())
                .isEqualTo(java.time.Duration.ofSeconds(90));
        assertThatThrownBy(() -> SettingsResolver.of(Map.of("stall-after-seconds", "2"), Map.of(), Optional.empty())
                        .resolve())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("stall-after-seconds")
                .hasMessageContaining("5-86400");
    }

    @Test
    void aWeakFirstAdminPasswordIsRefusedWithTheRuleItBreaks() {
        // Issue 12: PIDEPLOY_ADMIN_PASSWORD=12345678 was accepted.
        assertThatThrownBy(() -> SettingsResolver.of(
                                Map.of(), Map.of("PIDEPLOY_ADMIN_PASSWORD", "12345678"), Optional.empty())
                        .resolve())
                .hasMessageContaining("PIDEPLOY_ADMIN_PASSWORD")
                .hasMessageContaining("8 characters")
                .hasMessageContaining("at least 12");
        assertThatThrownBy(() -> SettingsResolver.of(
                                Map.of(), Map.of("PIDEPLOY_ADMIN_PASSWORD", "ADMIN"), Optional.empty())
                        .resolve())
                .hasMessageContaining("PIDEPLOY_ADMIN_PASSWORD");
        assertThat(SettingsResolver.of(
                                Map.of(), Map.of("PIDEPLOY_ADMIN_PASSWORD", "four words make one"), Optional.empty())
                        .resolve()
                        .adminPassword())
                .hasValue("four words make one");
    }

    @Test
    void theConfigFileMayComeFromTheEnvironmentAndBeProperties() throws Exception {
        Path file = dir.resolve("pideploy.properties");
        Files.writeString(file, "deploy-listen=:5501\n");
        ServerSettings s = SettingsResolver.of(Map.of(), Map.of("PIDEPLOY_CONFIG", file.toString()), Optional.empty())
                .resolve();
        assertThat(s.http().deployHost()).isEqualTo("0.0.0.0");
        assertThat(s.http().deployPort()).isEqualTo(5501);
    }

    @Test
    void mistakesFailWithTheNameOfTheSetting() throws Exception {
        Path file = dir.resolve("typo.yaml");
        Files.writeString(file, "deploy-lisen: 1.2.3.4:5\n");
        assertThatThrownBy(() -> SettingsResolver.of(Map.of(), Map.of(), Optional.of(file)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("deploy-lisen");
        assertThatThrownBy(() -> SettingsResolver.of(Map.of("deploy-listen", "host:port"), Map.of(), Optional.empty())
                        .resolve())
                .hasMessageContaining("port");
        assertThatThrownBy(
                        () -> SettingsResolver.of(Map.of("admin-listen", "127.0.0.1:70000"), Map.of(), Optional.empty())
                                .resolve())
                .hasMessageContaining("0-65535");
        assertThatThrownBy(() -> SettingsResolver.of(Map.of("log-level", "LOUD"), Map.of(), Optional.empty())
                        .resolve())
                .hasMessageContaining("log level");
        assertThatThrownBy(() -> SettingsResolver.of(
                                Map.of("deploy-listen", "127.0.0.1:5000", "admin-listen", "127.0.0.1:5000"),
                                Map.of(),
                                Optional.empty())
                        .resolve())
                .hasMessageContaining("cannot share");
        assertThatThrownBy(() -> SettingsResolver.of(Map.of(), Map.of(), Optional.of(dir.resolve("missing.yaml"))))
                .hasMessageContaining("missing.yaml");
    }

    @Test
    void theShippedExampleConfigIsValid() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("packaging/pideploy.yaml"))) {
            p = p.getParent();
        }
        assertThat(p).isNotNull();
        ServerSettings s = SettingsResolver.of(Map.of(), Map.of(), Optional.of(p.resolve("packaging/pideploy.yaml")))
                .resolve();
        assertThat(s.dataDir()).isEqualTo(Path.of("/var/lib/pideploy"));
        assertThat(s.http().deployPort()).isEqualTo(5001);
        assertThat(s.http().sessionIdle()).isEqualTo(java.time.Duration.ofHours(12));
    }

    @Test
    void theNetbootKeeperIsOffUnlessSaidAndItsSettingsAreChecked() {
        NetbootSettings off = SettingsResolver.of(Map.of(), Map.of(), Optional.empty())
                .resolve()
                .netboot();
        assertThat(off.build()).isFalse();
        assertThat(off.dnsmasqConfig()).isEqualTo(NetbootSettings.DEFAULT_DNSMASQ_CONFIG);
        NetbootSettings on = SettingsResolver.of(
                        Map.of(),
                        Map.of(
                                "PIDEPLOY_NETBOOT_BUILD",
                                "on",
                                "PIDEPLOY_NETBOOT_SERVER",
                                "http://10.42.0.2:5001/",
                                "PIDEPLOY_NETBOOT_INSTALLER_DIR",
                                "/opt/pi"),
                        Optional.empty())
                .resolve()
                .netboot();
        assertThat(on.build()).isTrue();
        assertThat(on.serverUrl()).contains("http://10.42.0.2:5001");
        assertThat(on.installerDir()).contains(Path.of("/opt/pi"));
        assertThatThrownBy(() -> SettingsResolver.of(
                                Map.of(), Map.of("PIDEPLOY_NETBOOT_BUILD", "sometimes"), Optional.empty())
                        .resolve())
                .hasMessageContaining("netboot-build")
                .hasMessageContaining("on or off");
    }

    @Test
    void listenAcceptsIpv6AndBarePorts() {
        assertThat(Listen.parse("[::1]:5000", "0.0.0.0")).isEqualTo(new Listen("::1", 5000));
        assertThat(Listen.parse("5001", "0.0.0.0")).isEqualTo(new Listen("0.0.0.0", 5001));
        assertThat(Listen.parse(":0", "127.0.0.1")).isEqualTo(new Listen("127.0.0.1", 0));
    }
}

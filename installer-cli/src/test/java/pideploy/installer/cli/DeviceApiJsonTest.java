package pideploy.installer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import pideploy.installer.core.port.CardIdentity;
import pideploy.installer.core.port.ConfigRequest;
import pideploy.installer.core.port.CustomizationMethod;
import pideploy.installer.core.port.DeploymentConfig;
import pideploy.installer.core.port.DeploymentStatus;
import pideploy.installer.core.port.DeviceFacts;
import pideploy.installer.core.port.StatusReport;
import pideploy.installer.core.port.Step;
import pideploy.installer.core.port.TransferForm;
import pideploy.wire.WireFixtures;

/**
 * The installer's side of the device API against the wire module's golden fixtures: what it sends has the fixtures'
 * shape, and what the server answers (the fixtures) parses into the core's types.
 */
class DeviceApiJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DeviceFacts PI =
            new DeviceFacts(Optional.of("10000000a1b2c3d4"), Optional.of("dc:a6:32:01:02:03"));

    @Test
    void sendsTheConfigRequestInTheShapeOfVersionFourAnnouncingTheProtocol() {
        ObjectNode body = DeviceApiJson.configRequest(
                JSON,
                new ConfigRequest(
                        "KXP2", "CORO", PI.serialNumber(), PI.macAddress(), java.util.OptionalLong.of(31914983424L)));

        WireShape.assertMatchesVersion(
                body,
                WireFixtures.V4,
                WireFixtures.CONFIG_REQUEST,
                "/product_type",
                "/venue_code",
                "/serial_number",
                "/mac_address",
                "/protocol",
                "/card_size");
        assertThat(DeviceApiJson.configRequest(
                                JSON, new ConfigRequest("KXP2", "CORO", PI.serialNumber(), PI.macAddress()))
                        .has(pideploy.wire.Fields.ConfigRequest.CARD_SIZE))
                .isFalse();
    }

    @Test
    void sendsTheDeviceSecretWithEveryReportInTheShapeOfVersionTwo() {
        DeploymentConfig config = DeviceApiJson.config(
                WireShape.fixture(WireFixtures.V2, WireFixtures.CONFIG_RESPONSE_WITHOUT_TRANSFER_FORMS));
        StatusReport failed = new StatusReport(
                "42",
                DeploymentStatus.FAILED,
                0,
                8388608,
                "verify failed",
                Optional.of("segment at 1048576 does not match its sha256"),
                Optional.of(Step.VERIFY),
                "KXP2-CORO-007",
                PI,
                Optional.of(new CardIdentity("035344534333324780a1b2c3d4015a00", "SC32G", "0x000003")),
                OptionalDouble.of(41943040.4),
                config.deviceSecret());
        StatusReport progress = new StatusReport(
                "42",
                DeploymentStatus.DOWNLOADING,
                4194304,
                8388608,
                "writing",
                Optional.empty(),
                Optional.empty(),
                "KXP2-CORO-007",
                PI,
                Optional.empty(),
                OptionalDouble.of(41943040),
                config.deviceSecret());

        assertThat(config.deviceSecret()).contains("q3Vb0y2lLQm6nT0m1cQ8Ck9iXc2v8m0r3Hk5pWz7s1A");
        WireShape.assertMatchesVersion(
                DeviceApiJson.statusRequest(JSON, failed),
                WireFixtures.V2,
                WireFixtures.STATUS_REQUEST,
                "/deployment_id",
                "/status",
                "/step",
                "/device_secret");
        WireShape.assertMatchesVersion(
                DeviceApiJson.statusRequest(JSON, progress),
                WireFixtures.V2,
                WireFixtures.STATUS_REQUEST_PROGRESS,
                "/status",
                "/device_secret");
        assertThat(DeviceApiJson.config(WireShape.fixture(WireFixtures.CONFIG_RESPONSE))
                        .deviceSecret())
                .isEmpty();
    }

    @Test
    void readsWhichRuleAssignedTheHostnameFromVersionTwoAndNothingFromVersionOne() {
        assertThat(DeviceApiJson.config(WireShape.fixture(WireFixtures.V2, WireFixtures.CONFIG_RESPONSE))
                        .assignedBy())
                .contains(pideploy.installer.core.port.AssignedBy.REQUEST);
        assertThat(DeviceApiJson.config(WireShape.fixture(WireFixtures.CONFIG_RESPONSE))
                        .assignedBy())
                .isEmpty();
    }

    @Test
    void readsTheHooksFromVersionFourAndNoneFromVersionThree() {
        var hooks = DeviceApiJson.config(WireShape.fixture(WireFixtures.V4, WireFixtures.CONFIG_RESPONSE))
                .profile()
                .hooks();

        assertThat(hooks).singleElement().satisfies(h -> {
            assertThat(h.name()).isEqualTo("camera-app");
            assertThat(h.version()).isEqualTo(2);
            assertThat(h.owner()).isEqualTo("venue CORO");
            assertThat(h.script()).startsWith("#!/bin/sh\nset -e\n");
        });
        assertThat(DeviceApiJson.config(WireShape.fixture(WireFixtures.V3, WireFixtures.CONFIG_RESPONSE))
                        .profile()
                        .hooks())
                .isEmpty();
        var bad = WireShape.fixture(WireFixtures.V4, WireFixtures.CONFIG_RESPONSE);
        ((com.fasterxml.jackson.databind.node.ObjectNode) bad.at("/profile/hooks/0")).put("script", "echo no shebang");
        assertThatThrownBy(() -> DeviceApiJson.config(bad))
                .hasMessageContaining("camera-app")
                .hasMessageContaining("#!");
    }

    @Test
    void readsTheDeviceProfileFromVersionThreeAndNoneFromVersionTwo() {
        var profile = DeviceApiJson.config(WireShape.fixture(WireFixtures.V3, WireFixtures.CONFIG_RESPONSE))
                .profile();

        assertThat(profile.wifiCountry()).contains("GB");
        assertThat(profile.wifi())
                .containsExactly(new pideploy.installer.core.port.DeviceProfile.Wifi(
                        "Corona Karting", "psk", "correct horse battery", "", false, 10));
        assertThat(profile.sshAuthorizedKeys())
                .singleElement()
                .asString()
                .startsWith("ssh-ed25519 AAAA")
                .endsWith(" alice@service");
        assertThat(profile.sshPasswordLogin()).contains(false);
        assertThat(profile.passwordHash()).hasValueSatisfying(h -> assertThat(h).startsWith("$6$"));
        assertThat(profile.timeZone()).contains("Europe/London");
        assertThat(profile.locale()).contains("en_GB.UTF-8");
        assertThat(profile.keyboard()).contains("gb");
        assertThat(profile.ntpServers()).containsExactly("ntp.coro.example");
        assertThat(profile.staticIpv4())
                .contains(new pideploy.installer.core.port.DeviceProfile.StaticIpv4(
                        "192.168.10.14", 24, "192.168.10.1", java.util.List.of("192.168.10.1", "9.9.9.9")));
        assertThat(profile.configTxt()).containsExactly("dtoverlay=imx708");
        assertThat(profile.deviceEnv())
                .extracting(pideploy.installer.core.port.DeviceProfile.EnvEntry::name)
                .containsExactly(
                        "PIDEPLOY_HOSTNAME",
                        "PIDEPLOY_VENUE",
                        "PIDEPLOY_PRODUCT",
                        "PIDEPLOY_IDENTIFIER",
                        "PIDEPLOY_DEPLOYMENT_ID",
                        "VENUE_SERVER");
        assertThat(DeviceApiJson.config(WireShape.fixture(WireFixtures.V2, WireFixtures.CONFIG_RESPONSE))
                        .profile())
                .isEqualTo(pideploy.installer.core.port.DeviceProfile.NONE);
    }

    @Test
    void refusesAProfileValueThatWouldBreakTheFirstBootScript() {
        ObjectNode body = (ObjectNode) WireShape.fixture(WireFixtures.V3, WireFixtures.CONFIG_RESPONSE);
        ((ObjectNode) body.get("profile")).put("time_zone", "Europe/London'; rm -rf /; '");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DeviceApiJson.config(body))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("time_zone");
    }

    @Test
    void sendsAFailedReportInTheFixturesShape() {
        StatusReport failed = new StatusReport(
                "42",
                DeploymentStatus.FAILED,
                0,
                8388608,
                "verify failed",
                Optional.of("segment at 1048576 does not match its sha256"),
                Optional.of(Step.VERIFY),
                "KXP2-CORO-007",
                PI,
                Optional.of(new CardIdentity("035344534333324780a1b2c3d4015a00", "SC32G", "0x000003")),
                OptionalDouble.of(41943040.4));

        WireShape.assertMatches(
                DeviceApiJson.statusRequest(JSON, failed),
                WireFixtures.STATUS_REQUEST,
                "/deployment_id",
                "/status",
                "/step",
                "/write_rate");
    }

    @Test
    void sendsAProgressReportInTheFixturesShape() {
        StatusReport progress = new StatusReport(
                "42",
                DeploymentStatus.DOWNLOADING,
                4194304,
                8388608,
                "writing",
                Optional.empty(),
                Optional.empty(),
                "KXP2-CORO-007",
                PI,
                Optional.empty(),
                OptionalDouble.of(41943040));

        WireShape.assertMatches(
                DeviceApiJson.statusRequest(JSON, progress), WireFixtures.STATUS_REQUEST_PROGRESS, "/status");
    }

    @Test
    void parsesTheConfigResponseWithItsTransferForm() {
        DeploymentConfig config = DeviceApiJson.config(WireShape.fixture(WireFixtures.CONFIG_RESPONSE));

        assertThat(config.deploymentId()).isEqualTo("42");
        assertThat(config.hostname()).isEqualTo("KXP2-CORO-007");
        assertThat(config.imageSize()).isEqualTo(8388608);
        assertThat(config.customizationMethod()).isEqualTo(CustomizationMethod.FIRSTRUN);
        assertThat(config.transferForms()).singleElement().satisfies(form -> {
            assertThat(form.type()).isEqualTo(TransferForm.ZSTD_RANGES_V1);
            assertThat(form.indexUrl()).endsWith(".zranges.json");
            assertThat(form.mappedBytes()).isEqualTo(4210688);
        });
    }

    @Test
    void parsesTheConfigResponseWithoutTransferForms() {
        DeploymentConfig config =
                DeviceApiJson.config(WireShape.fixture(WireFixtures.CONFIG_RESPONSE_WITHOUT_TRANSFER_FORMS));

        assertThat(config.imageUrl()).isEqualTo("http://10.0.0.2:5001/images/kxp2-2026.11.img");
        assertThat(config.transferForms()).isEmpty();
    }

    @Test
    void refusesAConfigResponseWithAnUnknownCustomizationMethod() {
        ObjectNode answer = (ObjectNode) WireShape.fixture(WireFixtures.CONFIG_RESPONSE);
        answer.put("customization_method", "ignition");

        assertThatThrownBy(() -> DeviceApiJson.config(answer))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("customization_method");
    }

    @Test
    void readsTheStatusResponsesHostname() {
        assertThat(DeviceApiJson.statusAnswerHostname(WireShape.fixture(WireFixtures.STATUS_RESPONSE)))
                .isEqualTo("KXP2-CORO-007");
    }

    @Test
    void readsTheErrorFixturesCodes() {
        JsonNode pool = WireShape.fixture(WireFixtures.ERROR_POOL_EXHAUSTED);

        assertThat(HttpErrors.parse(pool.toString(), 409).code()).isEqualTo("POOL_EXHAUSTED");
        assertThat(HttpErrors.parse(WireFixtures.text(WireFixtures.V1, WireFixtures.ERROR_INVALID_FIELD), 400))
                .satisfies(e -> {
                    assertThat(e.code()).isEqualTo("INVALID_FIELD");
                    assertThat(e.message()).contains("mac_address");
                });
    }

    @Test
    void neverReportsTheRebootStep() {
        assertThatThrownBy(() -> DeviceApiJson.wire(Step.REBOOT)).isInstanceOf(IllegalArgumentException.class);
    }
}

package pideploy.deploy.http.helidon.device;

import static org.assertj.core.api.Assertions.assertThat;
import static pideploy.deploy.core.fixture.FleetFixtures.CORO;
import static pideploy.deploy.core.fixture.FleetFixtures.KXP2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.Status;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.DirectClient;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pideploy.deploy.core.deployment.Deployment;
import pideploy.deploy.core.deployment.DeploymentStatus;
import pideploy.deploy.core.deployment.FailureStep;
import pideploy.deploy.core.device.SerialNumber;
import pideploy.deploy.core.fake.InMemoryFleetStore;
import pideploy.deploy.core.fake.InMemoryImageStore;
import pideploy.deploy.core.fake.MutableClock;
import pideploy.deploy.core.fake.RecordingEventPublisher;
import pideploy.deploy.core.fixture.FleetFixtures;
import pideploy.deploy.core.fixture.ProfileFixtures;
import pideploy.deploy.core.image.ImageVersion;
import pideploy.deploy.core.image.MasterImage;
import pideploy.deploy.core.profile.ConfigLine;
import pideploy.deploy.core.profile.EnvName;
import pideploy.deploy.core.profile.KeyboardLayout;
import pideploy.deploy.core.profile.LocaleName;
import pideploy.deploy.core.profile.NtpServer;
import pideploy.deploy.core.profile.PasswordHash;
import pideploy.deploy.core.profile.ProfileChange;
import pideploy.deploy.core.profile.ProfileScope;
import pideploy.deploy.core.profile.ProfileSettings;
import pideploy.deploy.core.profile.TimeZoneName;
import pideploy.deploy.core.profile.WifiNetwork;
import pideploy.deploy.core.profile.WifiSecurity;
import pideploy.deploy.core.transfer.PreparedForm;
import pideploy.deploy.core.transfer.TransferFile;
import pideploy.deploy.core.transfer.TransferForm;
import pideploy.deploy.core.usecase.CoreSettings;
import pideploy.deploy.core.usecase.DeployCore;
import pideploy.deploy.core.usecase.ImportPoolCommand;
import pideploy.deploy.core.usecase.RegisterImageCommand;
import pideploy.deploy.http.helidon.ErrorMapping;
import pideploy.deploy.http.helidon.StorageHealth;
import pideploy.deploy.http.helidon.metrics.DeployMetrics;
import pideploy.wire.DevicePaths;
import pideploy.wire.WireFixtures;
import pideploy.wire.zranges.ZrangesIndex;

/**
 * The device API against the wire module's golden fixtures, without sockets: it must accept the requests the
 * installer sends and answer in the shape the installer parses (field names and JSON types; ids, times and URLs
 * may differ). A renamed field or a changed type on the server fails here.
 */
class DeviceApiWireTest {
    private static final String H = "ab".repeat(32);

    private InMemoryFleetStore store;
    private DeployCore core;
    private Optional<TransferForm> readyForm = Optional.empty();
    private DirectClient client;

    @BeforeEach
    void startDeviceApi() throws java.io.IOException {
        store = new InMemoryFleetStore();
        MutableClock clock = new MutableClock(FleetFixtures.T0);
        core = DeployCore.create(
                store, new InMemoryImageStore(), new RecordingEventPublisher(), clock, CoreSettings.DEFAULTS);
        FleetFixtures.seed(store);
        core.importPool().importNumbers(ImportPoolCommand.parse(CORO, KXP2, "7"));
        core.registerImage()
                .register(new RegisterImageCommand(
                        KXP2,
                        ImageVersion.of("2026.11"),
                        "kxp2.img",
                        new ByteArrayInputStream("kxp2 image".getBytes()),
                        "",
                        Optional.empty(),
                        true,
                        Optional.empty()));
        DeployMetrics metrics = new DeployMetrics();
        DeviceApi api = new DeviceApi(
                core.answerConfig(),
                core.recordStatus(),
                core.checkHealth(),
                metrics,
                clock,
                Optional.of(URI.create("http://10.0.0.2:5001")),
                64 * 1024,
                "0.1.0-test",
                image -> readyForm);
        HttpRouting.Builder routing =
                HttpRouting.builder().post(DevicePaths.CONFIG, api::config).post(DevicePaths.STATUS, api::status);
        new ErrorMapping(metrics, StorageHealth.unlimited(clock)).register(routing);
        client = new DirectClient(routing);
    }

    @AfterEach
    void close() {
        client.close();
    }

    @Test
    void answersTheConfigRequestInTheShapeOfTheConfigResponseWithoutTransferForms() {
        JsonNode answer = post(DevicePaths.CONFIG, WireShape.fixture(WireFixtures.CONFIG_REQUEST), Status.OK_200);

        WireShape.assertMatches(
                answer,
                WireFixtures.CONFIG_RESPONSE_WITHOUT_TRANSFER_FORMS,
                "/hostname",
                "/product_type",
                "/venue_code",
                "/server_ip",
                "/customization_method",
                "/new_hostname");
    }

    private void readyFormForTheImage() {
        MasterImage image =
                core.listImages().find(KXP2, ImageVersion.of("2026.11")).orElseThrow();
        readyForm = Optional.of(TransferForm.pending(image.fileName(), ZrangesIndex.FORMAT, FleetFixtures.T0)
                .ready(
                        new PreparedForm(
                                4096,
                                97,
                                1,
                                new TransferFile(image.fileName() + ".zranges.json", 300, H),
                                new TransferFile(image.fileName() + ".zranges", 97, H),
                                new TransferFile(image.fileName() + ".bmap", 900, H)),
                        FleetFixtures.T0));
    }

    @Test
    void offersAReadyTransferFormInTheShapeOfTheConfigResponse() {
        readyFormForTheImage();

        JsonNode answer = post(DevicePaths.CONFIG, WireShape.fixture(WireFixtures.CONFIG_REQUEST), Status.OK_200);

        WireShape.assertMatches(
                answer, WireFixtures.CONFIG_RESPONSE, "/customization_method", "/transfer_forms/0/type");
    }

    @Test
    void recordsTheProgressReportAndAnswersInTheShapeOfTheStatusResponse() {
        long id = deploy();

        JsonNode answer = post(DevicePaths.STATUS, withId(WireFixtures.STATUS_REQUEST_PROGRESS, id), Status.OK_200);

        WireShape.assertMatches(answer, WireFixtures.STATUS_RESPONSE, "/received", "/hostname", "/status");
        assertThat(latest().status()).isEqualTo(DeploymentStatus.DOWNLOADING);
    }

    @Test
    void recordsTheFailedReportWithItsStepAndCard() {
        long id = deploy();

        JsonNode answer = post(DevicePaths.STATUS, withId(WireFixtures.STATUS_REQUEST, id), Status.OK_200);

        assertThat(answer.path("status").asText()).isEqualTo("failed");
        Deployment d = latest();
        assertThat(d.status()).isEqualTo(DeploymentStatus.FAILED);
        assertThat(d.failureStep()).contains(FailureStep.VERIFY);
        assertThat(d.card()).hasValueSatisfying(card -> assertThat(card.name()).isEqualTo("SC32G"));
    }

    @Test
    void refusesAnExhaustedPoolInTheShapeOfTheErrorFixture() {
        deploy();
        ObjectNode other = (ObjectNode) WireShape.fixture(WireFixtures.CONFIG_REQUEST);
        other.put("serial_number", "10000000ffffffff").put("mac_address", "dc:a6:32:ff:ff:ff");

        JsonNode answer = post(DevicePaths.CONFIG, other, Status.CONFLICT_409);

        WireShape.assertMatches(answer, WireFixtures.ERROR_POOL_EXHAUSTED, "/error/code");
    }

    @Test
    void refusesABadFieldInTheShapeOfTheErrorFixture() {
        ObjectNode bad = (ObjectNode) WireShape.fixture(WireFixtures.CONFIG_REQUEST);
        bad.remove("serial_number");
        bad.put("mac_address", "dc:a6");

        JsonNode answer = post(DevicePaths.CONFIG, bad, Status.BAD_REQUEST_400);

        WireShape.assertMatches(answer, WireFixtures.ERROR_INVALID_FIELD, "/error/code");
        assertThat(answer.at("/error/message").asText()).contains("mac_address");
    }

    @Test
    void answersAProtocolTwoRequestWithADeviceSecretInTheShapeOfVersionTwo() {
        JsonNode answer = post(
                DevicePaths.CONFIG, WireShape.fixture(WireFixtures.V2, WireFixtures.CONFIG_REQUEST), Status.OK_200);

        WireShape.assertMatchesVersion(
                answer,
                WireFixtures.V2,
                WireFixtures.CONFIG_RESPONSE_WITHOUT_TRANSFER_FORMS,
                "/hostname",
                "/customization_method");
        assertThat(answer.path("device_secret").asText())
                .hasSize(43)
                .isNotEqualTo(WireShape.fixture(WireFixtures.V2, WireFixtures.CONFIG_RESPONSE_WITHOUT_TRANSFER_FORMS)
                        .path("device_secret")
                        .asText());
        assertThat(latest().proof().verified()).isTrue();
    }

    /** A venue layer with one setting of each kind, and a device layer with a static address: the v3 fixture. */
    private void profileLayers() {
        ProfileSettings venue = ProfileSettings.builder()
                .wifi(List.of(new WifiNetwork("Corona Karting", new WifiSecurity.Psk(ProfileFixtures.PSK), false, 10)))
                .wifiCountry("GB")
                .sshKeys(List.of(ProfileFixtures.ed25519(1, "alice@service")))
                .passwordLogin(false)
                .passwordHash(new PasswordHash(ProfileFixtures.HASH))
                .timeZone(new TimeZoneName("Europe/London"))
                .locale(new LocaleName("en_GB.UTF-8"))
                .keyboard(KeyboardLayout.parse("gb"))
                .ntp(List.of(new NtpServer("ntp.coro.example")))
                .configLine(new ConfigLine("dtoverlay=imx708"))
                .env(EnvName.operator("VENUE_SERVER"), "https://coro.example/stream/{identifier}")
                .build();
        assertThat(core.manageProfiles().set(new ProfileScope.Venue(CORO), venue))
                .isInstanceOf(ProfileChange.Saved.class);
        assertThat(core.manageProfiles()
                        .set(
                                new ProfileScope.Device(SerialNumber.of("10000000a1b2c3d4")),
                                ProfileFixtures.staticAddress("192.168.10.14/24")))
                .isInstanceOf(ProfileChange.Saved.class);
    }

    @Test
    void answersAProtocolThreeRequestWithTheMergedProfileInTheShapeOfVersionThree() {
        profileLayers();
        readyFormForTheImage();

        JsonNode answer = post(
                DevicePaths.CONFIG, WireShape.fixture(WireFixtures.V3, WireFixtures.CONFIG_REQUEST), Status.OK_200);

        WireShape.assertMatchesVersion(
                answer,
                WireFixtures.V3,
                WireFixtures.CONFIG_RESPONSE,
                "/profile/wifi",
                "/profile/ssh_authorized_keys",
                "/profile/password_hash",
                "/profile/time_zone",
                "/profile/static_ipv4",
                "/profile/config_txt",
                "/profile/device_env/5/name");
        assertThat(answer.at("/profile/device_env/5/value").asText()).isEqualTo("https://coro.example/stream/7");
        assertThat(answer.at("/profile/device_env/0/value").asText()).isEqualTo("KXP2-CORO-007");
        assertThat(answer.at("/profile/device_env/4/value").asText())
                .isEqualTo(Long.toString(answer.path("deployment_id").asLong()));
        assertThat(core.manageProfiles().applied(latest().id()).orElseThrow())
                .contains("wifi.0.psk=<redacted>")
                .doesNotContain(ProfileFixtures.PSK);
    }

    @Test
    void aProtocolFourClientGetsTheHooksAndItsBootedReportRecordsWhatTookEffect() {
        profileLayers();
        readyFormForTheImage();
        String script = WireShape.fixture(WireFixtures.V4, WireFixtures.CONFIG_RESPONSE)
                .at("/profile/hooks/0/script")
                .asText();
        core.manageHooks()
                .upload(
                        new ProfileScope.Venue(CORO),
                        new pideploy.deploy.core.profile.HookName("camera-app"),
                        new pideploy.deploy.core.profile.HookScript("#!/bin/sh\necho first\n"),
                        "alice");
        core.manageHooks()
                .upload(
                        new ProfileScope.Venue(CORO),
                        new pideploy.deploy.core.profile.HookName("camera-app"),
                        new pideploy.deploy.core.profile.HookScript(script),
                        "alice");

        JsonNode answer = post(
                DevicePaths.CONFIG, WireShape.fixture(WireFixtures.V4, WireFixtures.CONFIG_REQUEST), Status.OK_200);
        WireShape.assertMatchesVersion(
                answer, WireFixtures.V4, WireFixtures.CONFIG_RESPONSE, "/profile/wifi", "/profile/hooks");
        long id = answer.path("deployment_id").asLong();
        String secret = answer.path("device_secret").asText();
        for (String status : List.of("downloading", "verifying", "customizing", "success")) {
            post(
                    DevicePaths.STATUS,
                    withId(WireFixtures.V2, WireFixtures.STATUS_REQUEST_PROGRESS, id)
                            .put("device_secret", secret)
                            .put("status", status),
                    Status.OK_200);
        }
        post(
                DevicePaths.STATUS,
                withId(WireFixtures.V4, WireFixtures.STATUS_REQUEST_BOOTED, id).put("device_secret", secret),
                Status.OK_200);

        assertThat(core.manageProfiles().applied(latest().id()).orElseThrow())
                .contains("hook.0=venue CORO camera-app v2 sha256=");
        assertThat(core.manageProfiles().booted(latest().id()).orElseThrow())
                .isEqualTo(String.join(
                        "\n",
                        "wifi_ssid=Corona Karting",
                        "addresses=192.168.10.14/24",
                        "os_version=Debian GNU/Linux 12 (bookworm)",
                        "hook.0=camera-app v2 exit 0",
                        "hook.0.output=camera app enabled for KXP2-CORO-007%0A"));
        JsonNode v3 = post(
                DevicePaths.CONFIG, WireShape.fixture(WireFixtures.V3, WireFixtures.CONFIG_REQUEST), Status.OK_200);
        assertThat(v3.at("/profile").has("hooks")).isFalse();
    }

    @Test
    void aVersionTwoClientGetsTodaysAnswerEvenWhenAProfileApplies() {
        profileLayers();

        JsonNode answer = post(
                DevicePaths.CONFIG, WireShape.fixture(WireFixtures.V2, WireFixtures.CONFIG_REQUEST), Status.OK_200);

        WireShape.assertMatchesVersion(answer, WireFixtures.V2, WireFixtures.CONFIG_RESPONSE_WITHOUT_TRANSFER_FORMS);
        assertThat(core.manageProfiles().applied(latest().id())).isEmpty();
    }

    @Test
    void takesVersionTwoReportsWithTheSecretAndRefusesOthersInTheShapeOfTheErrorFixtures() {
        JsonNode config = post(
                DevicePaths.CONFIG, WireShape.fixture(WireFixtures.V2, WireFixtures.CONFIG_REQUEST), Status.OK_200);
        long id = config.path("deployment_id").asLong();
        String secret = config.path("device_secret").asText();

        JsonNode progress = post(
                DevicePaths.STATUS,
                withId(WireFixtures.V2, WireFixtures.STATUS_REQUEST_PROGRESS, id)
                        .put("device_secret", secret),
                Status.OK_200);
        JsonNode wrong = post(
                DevicePaths.STATUS, withId(WireFixtures.V2, WireFixtures.STATUS_REQUEST, id), Status.FORBIDDEN_403);
        post(
                DevicePaths.STATUS,
                withId(WireFixtures.V2, WireFixtures.STATUS_REQUEST_PROGRESS, id)
                        .put("device_secret", secret)
                        .put("status", "success"),
                Status.OK_200);
        JsonNode renamed = post(
                DevicePaths.STATUS,
                withId(WireFixtures.V2, WireFixtures.STATUS_REQUEST_BOOTED, id)
                        .put("device_secret", secret)
                        .put("hostname", "KXP2-CORO-008"),
                Status.FORBIDDEN_403);
        JsonNode booted = post(
                DevicePaths.STATUS,
                withId(WireFixtures.V2, WireFixtures.STATUS_REQUEST_BOOTED, id).put("device_secret", secret),
                Status.OK_200);

        WireShape.assertMatchesVersion(
                progress, WireFixtures.V2, WireFixtures.STATUS_RESPONSE, "/received", "/hostname");
        WireShape.assertMatchesVersion(wrong, WireFixtures.V2, WireFixtures.ERROR_DEVICE_SECRET_INVALID, "/error/code");
        WireShape.assertMatchesVersion(renamed, WireFixtures.V2, WireFixtures.ERROR_HOSTNAME_MISMATCH, "/error/code");
        assertThat(booted.path("status").asText()).isEqualTo("booted");
        assertThat(latest().proof().refusedReports()).isEqualTo(2);
    }

    private long deploy() {
        return post(DevicePaths.CONFIG, WireShape.fixture(WireFixtures.CONFIG_REQUEST), Status.OK_200)
                .path("deployment_id")
                .asLong();
    }

    private Deployment latest() {
        return store.read(tx -> tx.deployments()
                .latestBySerial(SerialNumber.of("10000000a1b2c3d4"))
                .orElseThrow());
    }

    private static JsonNode withId(String fixture, long id) {
        return withId(WireFixtures.V1, fixture, id);
    }

    private static ObjectNode withId(String version, String fixture, long id) {
        return ((ObjectNode) WireShape.fixture(version, fixture)).put("deployment_id", id);
    }

    private JsonNode post(String path, JsonNode body, Status expected) {
        try (Http1ClientResponse response = client.post(path)
                .header(io.helidon.http.HeaderNames.CONTENT_TYPE, "application/json")
                .submit(body.toString())) {
            String text = response.as(String.class);
            assertThat(response.status()).as("%s answered %s", path, text).isEqualTo(expected);
            return WireShape.read(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}

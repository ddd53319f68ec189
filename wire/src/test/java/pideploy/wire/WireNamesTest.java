package pideploy.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class WireNamesTest {

    @Test
    void statusesHaveTheirLowerCaseWireNamesIncludingBooted() {
        assertThat(Arrays.stream(DeploymentStatus.values()).map(DeploymentStatus::wireName))
                .containsExactly("started", "downloading", "verifying", "customizing", "success", "failed", "booted");
    }

    @Test
    void everyWireEnumParsesItsOwnWireNames() {
        for (DeploymentStatus s : DeploymentStatus.values()) {
            assertThat(DeploymentStatus.parse(s.wireName())).isEqualTo(s);
        }
        for (FailureStep s : FailureStep.values()) {
            assertThat(FailureStep.parse(s.wireName())).isEqualTo(s);
        }
        for (CustomizationMethod m : CustomizationMethod.values()) {
            assertThat(CustomizationMethod.parse(m.wireName())).isEqualTo(m);
        }
        for (ErrorCode c : ErrorCode.values()) {
            assertThat(ErrorCode.parse(c.wireName())).isEqualTo(c);
        }
        for (AssignedBy a : AssignedBy.values()) {
            assertThat(AssignedBy.parse(a.wireName())).isEqualTo(a);
        }
    }

    @Test
    void parsingIgnoresCaseAndSurroundingBlanksAsServersAlwaysDid() {
        assertThat(DeploymentStatus.parse(" Booted ")).isEqualTo(DeploymentStatus.BOOTED);
        assertThat(CustomizationMethod.parse("CLOUD-INIT")).isEqualTo(CustomizationMethod.CLOUD_INIT);
        assertThat(FailureStep.parse("Verify")).isEqualTo(FailureStep.VERIFY);
        assertThat(ErrorCode.parse("pool_exhausted")).isEqualTo(ErrorCode.POOL_EXHAUSTED);
    }

    @Test
    void unknownValuesFailNamingTheFieldAndTheAllowedValues() {
        assertThatThrownBy(() -> DeploymentStatus.parse("rebooting"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("status must be one of started, downloading, verifying, customizing, success, failed, "
                        + "booted; got 'rebooting'");
        assertThatThrownBy(() -> FailureStep.parse("reboot"))
                .hasMessageContaining("step must be one of preflight, config, write, verify, customize, report");
        assertThatThrownBy(() -> CustomizationMethod.parse(null))
                .hasMessage("customization_method must be one of firstrun, cloud-init; got 'null'");
        assertThatThrownBy(() -> ErrorCode.parse("HTTP_405")).hasMessageContaining("error.code must be one of");
    }

    @Test
    void errorCodesCarryTheStatusTheServerAnswersWith() {
        assertThat(ErrorCode.POOL_EXHAUSTED.httpStatus()).isEqualTo(409);
        assertThat(ErrorCode.NO_ASSIGNMENT_RULE.httpStatus()).isEqualTo(422);
        assertThat(ErrorCode.INVALID_FIELD.httpStatus()).isEqualTo(400);
        assertThat(ErrorCode.STORAGE_UNAVAILABLE.httpStatus()).isEqualTo(503);
        assertThat(ErrorCode.STORAGE_FULL.httpStatus()).isEqualTo(503);
        assertThat(ErrorCode.ASSIGNMENT_RATE_LIMITED.httpStatus()).isEqualTo(429);
        assertThat(ErrorCode.STATUS_RATE_LIMITED.httpStatus()).isEqualTo(429);
        assertThat(ErrorCode.DEVICE_NOT_EXPECTED.httpStatus()).isEqualTo(403);
    }

    @Test
    void deviceProofRefusalsAreForbiddenAndNamed() {
        assertThat(ErrorCode.DEVICE_SECRET_REQUIRED.httpStatus()).isEqualTo(403);
        assertThat(ErrorCode.DEVICE_SECRET_INVALID.httpStatus()).isEqualTo(403);
        assertThat(ErrorCode.HOSTNAME_MISMATCH.httpStatus()).isEqualTo(403);
        assertThat(Protocol.DEVICE_PROOF).isGreaterThan(Protocol.LEGACY);
        assertThat(Protocol.CURRENT).isGreaterThanOrEqualTo(Protocol.DEVICE_PROOF);
    }

    @Test
    void versionTwoAddsTheProtocolAndTheSecretToVersionOneBodies() {
        assertThat(WireFixtures.ALL_V2)
                .allSatisfy(name -> assertThat(WireFixtures.text(WireFixtures.V2, name))
                        .startsWith("{")
                        .endsWith("}\n"));
        assertThat(WireFixtures.text(WireFixtures.V2, WireFixtures.CONFIG_REQUEST))
                .contains("\"" + Fields.ConfigRequest.PROTOCOL + "\": " + Protocol.DEVICE_PROOF);
        assertThat(WireFixtures.text(WireFixtures.V2, WireFixtures.CONFIG_RESPONSE))
                .contains("\"" + Fields.ConfigResponse.DEVICE_SECRET + "\"")
                .contains("\"" + Fields.ConfigResponse.ASSIGNED_BY + "\": \"" + AssignedBy.REQUEST.wireName() + "\"");
        assertThat(WireFixtures.text(WireFixtures.V2, WireFixtures.STATUS_REQUEST_BOOTED))
                .contains("\"" + Fields.StatusRequest.DEVICE_SECRET + "\"", "\"booted\"");
        assertThat(WireFixtures.text(WireFixtures.V1, WireFixtures.CONFIG_REQUEST))
                .doesNotContain(Fields.ConfigRequest.PROTOCOL);
    }

    @Test
    void theCardSizeIsAVersionTwoFieldAndTheOldInstallerNeverSendsIt() {
        assertThat(WireFixtures.text(WireFixtures.V2, WireFixtures.CONFIG_REQUEST))
                .contains("\"" + Fields.ConfigRequest.CARD_SIZE + "\": ");
        assertThat(WireFixtures.text(WireFixtures.V1, WireFixtures.CONFIG_REQUEST))
                .doesNotContain(Fields.ConfigRequest.CARD_SIZE);
        assertThat(ErrorCode.CARD_TOO_SMALL.httpStatus()).isEqualTo(422);
        assertThat(ErrorCode.DEPLOYMENT_ABANDONED.httpStatus()).isEqualTo(409);
        assertThat(WireFixtures.text(WireFixtures.V2, WireFixtures.ERROR_CARD_TOO_SMALL))
                .contains("\"" + ErrorCode.CARD_TOO_SMALL.wireName() + "\"");
        assertThat(WireFixtures.text(WireFixtures.V2, WireFixtures.ERROR_DEPLOYMENT_ABANDONED))
                .contains("\"" + ErrorCode.DEPLOYMENT_ABANDONED.wireName() + "\"");
    }

    @Test
    void everyFixtureOfVersionOneIsOnTheClassPath() {
        assertThat(WireFixtures.ALL)
                .allSatisfy(name -> assertThat(WireFixtures.text(WireFixtures.V1, name))
                        .startsWith("{")
                        .endsWith("}\n"));
    }

    @Test
    void versionThreeAnnouncesItselfAndItsAnswerCarriesTheProfile() {
        assertThat(WireFixtures.ALL_V3)
                .allSatisfy(name -> assertThat(WireFixtures.text(WireFixtures.V3, name))
                        .startsWith("{")
                        .endsWith("}\n"));
        assertThat(WireFixtures.text(WireFixtures.V3, WireFixtures.CONFIG_REQUEST))
                .contains("\"" + Fields.ConfigRequest.PROTOCOL + "\": " + Protocol.PROFILES);
        assertThat(WireFixtures.text(WireFixtures.V3, WireFixtures.CONFIG_RESPONSE))
                .contains(
                        "\"" + Fields.ConfigResponse.PROFILE + "\": {",
                        "\"" + Fields.Profile.DEVICE_ENV + "\"",
                        "\"" + Fields.Profile.STATIC_IPV4 + "\"",
                        "\"" + Fields.Wifi.PSK + "\"",
                        "\"" + Fields.EnvEntry.NAME + "\": \"PIDEPLOY_HOSTNAME\"");
        assertThat(WireFixtures.text(WireFixtures.V2, WireFixtures.CONFIG_RESPONSE))
                .doesNotContain("\"" + Fields.ConfigResponse.PROFILE + "\"");
        assertThat(Protocol.PROFILES).isLessThan(Protocol.CURRENT);
    }

    @Test
    void versionFourAnnouncesItselfItsProfileCarriesHooksAndTheBootedReportTheirResults() {
        assertThat(WireFixtures.ALL_V4)
                .allSatisfy(name -> assertThat(WireFixtures.text(WireFixtures.V4, name))
                        .startsWith("{")
                        .endsWith("}\n"));
        assertThat(WireFixtures.text(WireFixtures.V4, WireFixtures.CONFIG_REQUEST))
                .contains("\"" + Fields.ConfigRequest.PROTOCOL + "\": " + Protocol.HOOKS);
        assertThat(WireFixtures.text(WireFixtures.V4, WireFixtures.CONFIG_RESPONSE))
                .contains(
                        "\"" + Fields.Profile.HOOKS + "\": [",
                        "\"" + Fields.Hook.NAME + "\": \"camera-app\"",
                        "\"" + Fields.Hook.VERSION + "\": 2",
                        "\"" + Fields.Hook.OWNER + "\": \"venue CORO\"",
                        "\"" + Fields.Hook.SCRIPT + "\": \"#!/bin/sh\\n");
        assertThat(WireFixtures.text(WireFixtures.V4, WireFixtures.STATUS_REQUEST_BOOTED))
                .contains(
                        "\"" + Fields.StatusRequest.HOOKS + "\": [",
                        "\"" + Fields.HookResult.EXIT_CODE + "\": 0",
                        "\"" + Fields.HookResult.OUTPUT_BASE64 + "\": \"");
        assertThat(WireFixtures.text(WireFixtures.V3, WireFixtures.CONFIG_RESPONSE))
                .doesNotContain("\"" + Fields.Profile.HOOKS + "\"");
        assertThat(Protocol.CURRENT).isEqualTo(Protocol.HOOKS);
    }
}

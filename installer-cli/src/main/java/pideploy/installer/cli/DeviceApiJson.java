package pideploy.installer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import pideploy.installer.core.port.ConfigRequest;
import pideploy.installer.core.port.CustomizationMethod;
import pideploy.installer.core.port.DeploymentConfig;
import pideploy.installer.core.port.DeploymentStatus;
import pideploy.installer.core.port.StatusReport;
import pideploy.installer.core.port.Step;
import pideploy.wire.AssignedBy;
import pideploy.wire.Fields;
import pideploy.wire.Protocol;

/**
 * The device API's bodies (docs/protocol.md) to and from the installer core's port types, with the wire module's
 * field and wire names. {@link HttpDeploymentServer} sends and reads them; {@code DeviceApiJsonTest} holds them to the
 * wire module's golden fixtures.
 */
final class DeviceApiJson {
    private DeviceApiJson() {}

    static ObjectNode configRequest(ObjectMapper json, ConfigRequest request) {
        ObjectNode body = json.createObjectNode()
                .put(Fields.ConfigRequest.PRODUCT_TYPE, request.productType())
                .put(Fields.ConfigRequest.VENUE_CODE, request.venueCode())
                // Announcing the protocol is what makes the server hand out a device secret (ADR-0042).
                .put(Fields.ConfigRequest.PROTOCOL, Protocol.CURRENT);
        request.serialNumber().ifPresent(s -> body.put(Fields.ConfigRequest.SERIAL_NUMBER, s));
        request.macAddress().ifPresent(m -> body.put(Fields.ConfigRequest.MAC_ADDRESS, m));
        // The server refuses a card too small for the image before it hands out a hostname (ADR-0047).
        request.cardSizeBytes().ifPresent(b -> body.put(Fields.ConfigRequest.CARD_SIZE, b));
        return body;
    }

    static ObjectNode statusRequest(ObjectMapper json, StatusReport report) {
        ObjectNode body = json.createObjectNode();
        putId(body, report.deploymentId());
        body.put(Fields.StatusRequest.STATUS, wire(report.status()).wireName())
                .put(Fields.StatusRequest.BYTES_DONE, report.bytesDone())
                .put(Fields.StatusRequest.BYTES_TOTAL, report.bytesTotal())
                .put(Fields.StatusRequest.MESSAGE, report.message())
                .put(Fields.StatusRequest.HOSTNAME, report.hostname());
        report.errorMessage().ifPresent(e -> body.put(Fields.StatusRequest.ERROR_MESSAGE, e));
        report.step().ifPresent(s -> body.put(Fields.StatusRequest.STEP, wire(s).wireName()));
        report.device().serialNumber().ifPresent(s -> body.put(Fields.StatusRequest.SERIAL, s));
        report.device().macAddress().ifPresent(m -> body.put(Fields.StatusRequest.MAC_ADDRESS, m));
        report.card()
                .ifPresent(c -> body.put(Fields.StatusRequest.CARD_CID, c.cid())
                        .put(Fields.StatusRequest.CARD_NAME, c.name())
                        .put(Fields.StatusRequest.CARD_MANFID, c.manufacturerId()));
        report.writeRate().ifPresent(r -> body.put(Fields.StatusRequest.WRITE_RATE, Math.round(r)));
        report.deviceSecret().ifPresent(s -> body.put(Fields.StatusRequest.DEVICE_SECRET, s));
        return body;
    }

    /**
     * The config answer as the core's type.
     *
     * @throws IllegalArgumentException naming the field, when the answer is unusable
     */
    static DeploymentConfig config(JsonNode body) {
        return new DeploymentConfig(
                body.path(Fields.ConfigResponse.DEPLOYMENT_ID).asText(""),
                body.path(Fields.ConfigResponse.HOSTNAME).asText(""),
                body.path(Fields.ConfigResponse.PRODUCT_TYPE).asText(""),
                body.path(Fields.ConfigResponse.VENUE_CODE).asText(""),
                body.path(Fields.ConfigResponse.IMAGE_URL).asText(""),
                body.path(Fields.ConfigResponse.IMAGE_SIZE).asLong(-1),
                body.path(Fields.ConfigResponse.IMAGE_CHECKSUM).asText(""),
                body.path(Fields.ConfigResponse.IMAGE_VERSION).asText(""),
                customization(pideploy.wire.CustomizationMethod.parse(
                        body.path(Fields.ConfigResponse.CUSTOMIZATION_METHOD).asText(""))),
                TransferFormsJson.parse(body.path(Fields.ConfigResponse.TRANSFER_FORMS)),
                body.hasNonNull(Fields.ConfigResponse.DEVICE_SECRET)
                        ? Optional.of(
                                body.get(Fields.ConfigResponse.DEVICE_SECRET).asText())
                        : Optional.empty(),
                assignedBy(body),
                // Absent from servers before ADR-0063: the card must then hold the image file.
                body.path(Fields.ConfigResponse.MIN_CARD_SIZE).asLong(0),
                ProfileJson.parse(body.get(Fields.ConfigResponse.PROFILE)));
    }

    /** Empty when absent, and for a rule a newer server names that this installer does not know: it only informs. */
    private static Optional<pideploy.installer.core.port.AssignedBy> assignedBy(JsonNode body) {
        if (!body.hasNonNull(Fields.ConfigResponse.ASSIGNED_BY)) {
            return Optional.empty();
        }
        try {
            return Optional.of(assignedBy(
                    AssignedBy.parse(body.get(Fields.ConfigResponse.ASSIGNED_BY).asText())));
        } catch (IllegalArgumentException unknown) {
            return Optional.empty();
        }
    }

    private static pideploy.installer.core.port.AssignedBy assignedBy(AssignedBy rule) {
        return switch (rule) {
            case HELD -> pideploy.installer.core.port.AssignedBy.HELD;
            case BATCH -> pideploy.installer.core.port.AssignedBy.BATCH;
            case REQUEST -> pideploy.installer.core.port.AssignedBy.REQUEST;
        };
    }

    /** The hostname the status answer confirms, empty when it names none. */
    static String statusAnswerHostname(JsonNode body) {
        return body.path(Fields.StatusResponse.HOSTNAME).asText("");
    }

    // Old servers took the id as a number; an id that is not one is sent as the text it came as.
    private static void putId(ObjectNode body, String deploymentId) {
        if (deploymentId.matches("[0-9]{1,18}")) {
            body.put(Fields.StatusRequest.DEPLOYMENT_ID, Long.parseLong(deploymentId));
        } else {
            body.put(Fields.StatusRequest.DEPLOYMENT_ID, deploymentId);
        }
    }

    static pideploy.wire.DeploymentStatus wire(DeploymentStatus status) {
        return switch (status) {
            case STARTED -> pideploy.wire.DeploymentStatus.STARTED;
            case DOWNLOADING -> pideploy.wire.DeploymentStatus.DOWNLOADING;
            case VERIFYING -> pideploy.wire.DeploymentStatus.VERIFYING;
            case CUSTOMIZING -> pideploy.wire.DeploymentStatus.CUSTOMIZING;
            case SUCCESS -> pideploy.wire.DeploymentStatus.SUCCESS;
            case FAILED -> pideploy.wire.DeploymentStatus.FAILED;
        };
    }

    static pideploy.wire.FailureStep wire(Step step) {
        return switch (step) {
            case PREFLIGHT -> pideploy.wire.FailureStep.PREFLIGHT;
            case CONFIG -> pideploy.wire.FailureStep.CONFIG;
            case WRITE -> pideploy.wire.FailureStep.WRITE;
            case VERIFY -> pideploy.wire.FailureStep.VERIFY;
            case CUSTOMIZE -> pideploy.wire.FailureStep.CUSTOMIZE;
            case REPORT -> pideploy.wire.FailureStep.REPORT;
            // The reboot comes after success was reported; a failed reboot is not reported to the server.
            case REBOOT -> throw new IllegalArgumentException("the reboot step is never reported to the server");
        };
    }

    static CustomizationMethod customization(pideploy.wire.CustomizationMethod method) {
        return switch (method) {
            case FIRSTRUN -> CustomizationMethod.FIRSTRUN;
            case CLOUD_INIT -> CustomizationMethod.CLOUD_INIT;
        };
    }
}

package pideploy.wire;

/**
 * The snake_case field names of the device API's JSON bodies (docs/protocol.md), one nested class per body. Which
 * fields are required, and their types, are in docs/protocol.md and in the golden fixtures of this module's test-jar.
 */
public final class Fields {
    private Fields() {
    }

    /** {@code POST /api/config} request. */
    public static final class ConfigRequest {
        public static final String PRODUCT_TYPE = "product_type";
        public static final String VENUE_CODE = "venue_code";
        public static final String SERIAL_NUMBER = "serial_number";
        public static final String MAC_ADDRESS = "mac_address";
        /**
         * The protocol version the client speaks ({@link Protocol}); absent from legacy clients, which then get a
         * deployment without a device secret.
         */
        public static final String PROTOCOL = "protocol";
        /**
         * Optional: the secret of this device's latest deployment, the only way a device first seen by MAC address
         * alone can bring a serial number it now reports (ADR-0042).
         */
        public static final String DEVICE_SECRET = "device_secret";
        /**
         * Optional: the size of the card the installer would write, in bytes. With it the server refuses a card
         * smaller than the image ({@link ErrorCode#CARD_TOO_SMALL}) before it hands out a hostname (ADR-0047);
         * without it (older installers) the installer checks the size itself and reports a {@code preflight} failure.
         */
        public static final String CARD_SIZE = "card_size";

        private ConfigRequest() {
        }
    }

    /** {@code POST /api/config} answer (200). */
    public static final class ConfigResponse {
        public static final String DEPLOYMENT_ID = "deployment_id";
        public static final String HOSTNAME = "hostname";
        public static final String PRODUCT_TYPE = "product_type";
        public static final String VENUE_CODE = "venue_code";
        public static final String SERVER_IP = "server_ip";
        public static final String IMAGE_URL = "image_url";
        public static final String IMAGE_SIZE = "image_size";
        /**
         * The smallest card the image fits, at least {@link #IMAGE_SIZE} (ADR-0063); present exactly when the request
         * announced {@link Protocol#DEVICE_PROOF} or later. Without it the card must hold the image file.
         */
        public static final String MIN_CARD_SIZE = "min_card_size";
        public static final String IMAGE_CHECKSUM = "image_checksum";
        public static final String IMAGE_VERSION = "image_version";
        public static final String VERSION = "version";
        public static final String TIMESTAMP = "timestamp";
        /** A {@link pideploy.wire.CustomizationMethod} wire name. */
        public static final String CUSTOMIZATION_METHOD = "customization_method";
        public static final String NEW_HOSTNAME = "new_hostname";
        /**
         * An {@link pideploy.wire.AssignedBy} wire name: why the device got this hostname, product and venue; present
         * exactly when the request announced {@link Protocol#DEVICE_PROOF} or later.
         */
        public static final String ASSIGNED_BY = "assigned_by";
        /** An array of {@link TransferForm} objects; absent until the image's transfer form is ready. */
        public static final String TRANSFER_FORMS = "transfer_forms";
        /** Absent together with {@link #TRANSFER_FORMS}. */
        public static final String BMAP_URL = "bmap_url";
        /**
         * The deployment's secret, present exactly when the request announced {@link Protocol#DEVICE_PROOF} or
         * later; every status report of this deployment must carry it (ADR-0042).
         */
        public static final String DEVICE_SECRET = "device_secret";

        private ConfigResponse() {
        }
    }

    /** One entry of the config answer's {@code transfer_forms}. */
    public static final class TransferForm {
        /** The form's format, {@code zstd-ranges-v1}. */
        public static final String TYPE = "type";
        public static final String INDEX_URL = "index_url";
        public static final String DATA_URL = "data_url";
        public static final String INDEX_SHA256 = "index_sha256";
        public static final String MAPPED_BYTES = "mapped_bytes";
        public static final String COMPRESSED_BYTES = "compressed_bytes";

        private TransferForm() {
        }
    }

    /** {@code POST /api/status} request. */
    public static final class StatusRequest {
        public static final String DEPLOYMENT_ID = "deployment_id";
        /** A {@link pideploy.wire.DeploymentStatus} wire name. */
        public static final String STATUS = "status";
        public static final String BYTES_DONE = "bytes_done";
        public static final String BYTES_TOTAL = "bytes_total";
        public static final String MESSAGE = "message";
        public static final String ERROR_MESSAGE = "error_message";
        public static final String HOSTNAME = "hostname";
        public static final String SERIAL = "serial";
        /** Accepted in place of {@link #SERIAL}, as in the config request. */
        public static final String SERIAL_NUMBER = "serial_number";
        public static final String MAC_ADDRESS = "mac_address";
        /** A {@link pideploy.wire.FailureStep} wire name, with status {@code failed}. */
        public static final String STEP = "step";
        /** The SD card's CID register, 32 hex digits. */
        public static final String CARD_CID = "card_cid";
        public static final String CARD_NAME = "card_name";
        /** The card's manufacturer id, hex, optionally with {@code 0x}. */
        public static final String CARD_MANFID = "card_manfid";
        /** Bytes per second written to the card. */
        public static final String WRITE_RATE = "write_rate";
        /** The config answer's {@link ConfigResponse#DEVICE_SECRET}; required when the answer carried one. */
        public static final String DEVICE_SECRET = "device_secret";

        private StatusRequest() {
        }
    }

    /** {@code POST /api/status} answer (200). */
    public static final class StatusResponse {
        public static final String RECEIVED = "received";
        public static final String HOSTNAME = "hostname";
        public static final String DEPLOYMENT_ID = "deployment_id";
        public static final String STATUS = "status";

        private StatusResponse() {
        }
    }

    /** Every error answer: {@code {"error":{"code":...,"message":...}}}. */
    public static final class Error {
        public static final String ERROR = "error";
        /** An {@link pideploy.wire.ErrorCode} wire name (or {@code HTTP_<status>}). */
        public static final String CODE = "code";
        public static final String MESSAGE = "message";

        private Error() {
        }
    }
}

package pideploy.wire;

/**
 * The snake_case field names of the device API's JSON bodies (docs/protocol.md), one nested class per body. Which
 * fields are required, and their types, are in docs/protocol.md and in the golden fixtures of this module's test-jar.
 */
public final class Fields {
    private Fields() {}

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

        private ConfigRequest() {}
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
        /**
         * A {@link Profile} object: what the first boot sets beyond the hostname; present only when the request
         * announced {@link Protocol#PROFILES} or later and a profile layer applies to the device (ADR-0062).
         */
        public static final String PROFILE = "profile";

        private ConfigResponse() {}
    }

    /**
     * The config answer's {@link ConfigResponse#PROFILE}: the device's merged profile (ADR-0061). Every field is
     * optional; an absent one leaves the image's own setting alone. Secrets are in clear here: the card is the one
     * place they go.
     */
    public static final class Profile {
        /** Two upper-case letters: the Wi-Fi regulatory country. */
        public static final String WIFI_COUNTRY = "wifi_country";
        /** An array of {@link Wifi} objects, highest priority first. */
        public static final String WIFI = "wifi";
        /** An array of strings, each one {@code authorized_keys} line. */
        public static final String SSH_AUTHORIZED_KEYS = "ssh_authorized_keys";
        /** Boolean: whether SSH accepts passwords (false: keys only). */
        public static final String SSH_PASSWORD_LOGIN = "ssh_password_login";
        /** A crypt(3) hash for the default user. */
        public static final String PASSWORD_HASH = "password_hash";
        /** A tz database name. */
        public static final String TIME_ZONE = "time_zone";
        /** A glibc locale such as {@code en_GB.UTF-8}. */
        public static final String LOCALE = "locale";
        /** An XKB layout, optionally {@code layout:variant}. */
        public static final String KEYBOARD = "keyboard";
        /** An array of host names or addresses. */
        public static final String NTP_SERVERS = "ntp_servers";
        /** A {@link StaticIpv4} object; absent means DHCP. */
        public static final String STATIC_IPV4 = "static_ipv4";
        /** An array of lines appended to {@code config.txt}. */
        public static final String CONFIG_TXT = "config_txt";
        /** An array of {@link EnvEntry} objects, in file order: {@code /etc/pideploy/device.env}. */
        public static final String DEVICE_ENV = "device_env";
        /** Protocol 4: an array of {@link Hook} objects, in the order they run (ADR-0094). */
        public static final String HOOKS = "hooks";

        private Profile() {}
    }

    /** One {@link Profile#WIFI} network. */
    public static final class Wifi {
        public static final String SSID = "ssid";
        /** {@code open}, {@code psk} or {@code eap} (PEAP/MSCHAPv2). */
        public static final String SECURITY = "security";
        /** With {@code psk}: the passphrase or 64 hex digits. */
        public static final String PSK = "psk";
        /** With {@code eap}: the login. */
        public static final String IDENTITY = "identity";
        /** With {@code eap}: the login's password. */
        public static final String PASSWORD = "password";
        /** Boolean: the network does not broadcast its SSID. */
        public static final String HIDDEN = "hidden";
        /** Integer -999..999, higher first. */
        public static final String PRIORITY = "priority";

        private Wifi() {}
    }

    /** The {@link Profile#STATIC_IPV4} object. */
    public static final class StaticIpv4 {
        public static final String ADDRESS = "address";
        /** Integer 8-30. */
        public static final String PREFIX = "prefix";

        public static final String GATEWAY = "gateway";
        /** An array of addresses, 0-3. */
        public static final String DNS = "dns";

        private StaticIpv4() {}
    }

    /** One {@link Profile#DEVICE_ENV} entry. */
    public static final class EnvEntry {
        public static final String NAME = "name";
        /** The raw value; the device quotes it when writing the file. */
        public static final String VALUE = "value";

        private EnvEntry() {}
    }

    /** One {@link Profile#HOOKS} entry: an operator's first-boot script. */
    public static final class Hook {
        /** 1-40 lower-case letters, digits, hyphens; also the file name on the card. */
        public static final String NAME = "name";
        /** The hook's version number, 1 or more. */
        public static final String VERSION = "version";
        /** Whose hook: {@code product KXP2} or {@code venue CORO}. */
        public static final String OWNER = "owner";
        /** The script's text, starting with {@code #!}. */
        public static final String SCRIPT = "script";

        private Hook() {}
    }

    /** One {@link StatusRequest#HOOKS} entry of a {@code booted} report: how one hook ran. */
    public static final class HookResult {
        public static final String NAME = "name";
        public static final String VERSION = "version";
        /** The script's exit status, 0-255 (124 when it ran out of time). */
        public static final String EXIT_CODE = "exit_code";
        /** The last 4 KiB at most of its standard output and error, base64 (the bytes may not be UTF-8). */
        public static final String OUTPUT_BASE64 = "output_base64";

        private HookResult() {}
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

        private TransferForm() {}
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
        /** Protocol 4, {@code booted} only: an array of {@link HookResult} objects, one per hook that ran. */
        public static final String HOOKS = "hooks";
        /** Protocol 4, {@code booted} only: the SSID of the Wi-Fi network the device is connected to. */
        public static final String WIFI_SSID = "wifi_ssid";
        /** Protocol 4, {@code booted} only: an array of the device's global addresses, {@code 192.168.10.14/24}. */
        public static final String ADDRESSES = "addresses";
        /** Protocol 4, {@code booted} only: {@code PRETTY_NAME} of the device's {@code /etc/os-release}. */
        public static final String OS_VERSION = "os_version";

        private StatusRequest() {}
    }

    /** {@code POST /api/status} answer (200). */
    public static final class StatusResponse {
        public static final String RECEIVED = "received";
        public static final String HOSTNAME = "hostname";
        public static final String DEPLOYMENT_ID = "deployment_id";
        public static final String STATUS = "status";

        private StatusResponse() {}
    }

    /** Every error answer: {@code {"error":{"code":...,"message":...}}}. */
    public static final class Error {
        public static final String ERROR = "error";
        /** An {@link pideploy.wire.ErrorCode} wire name (or {@code HTTP_<status>}). */
        public static final String CODE = "code";

        public static final String MESSAGE = "message";

        private Error() {}
    }
}

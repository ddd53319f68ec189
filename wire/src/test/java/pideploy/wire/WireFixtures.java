package pideploy.wire;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The golden JSON of the device protocol, per protocol version, as published in this module's test-jar
 * ({@code src/test/resources/pideploy/wire/v1/}). The server's tests serialise their answers and compare them with
 * these; the installer's tests parse them. A change on either side that the other would not understand fails a unit
 * test on that side.
 */
public final class WireFixtures {
    /** Protocol version 1: what today's server and installer speak. */
    public static final String V1 = "v1";
    /**
     * Protocol version 2 (ADR-0042): the config request announces {@code protocol: 2}, the config answer carries a
     * {@code device_secret} and every status report returns it. The bodies v2 leaves as v1 had them are not repeated
     * except the status answer.
     */
    public static final String V2 = "v2";
    /**
     * Protocol version 3 (ADR-0062): the config request announces {@code protocol: 3} and the config answer carries
     * the device's {@code profile} when one applies. Only the config bodies are repeated.
     */
    public static final String V3 = "v3";
    /**
     * Protocol version 4 (ADR-0094): the config request announces {@code protocol: 4}, the profile carries the
     * operator's {@code hooks} and the {@code booted} report their results. Only these bodies are repeated.
     */
    public static final String V4 = "v4";

    public static final String CONFIG_REQUEST = "config-request.json";
    /** A config answer once the image's transfer form is ready. */
    public static final String CONFIG_RESPONSE = "config-response.json";
    /** A config answer before the transfer form is ready (or from an older server). */
    public static final String CONFIG_RESPONSE_WITHOUT_TRANSFER_FORMS = "config-response-without-transfer-forms.json";
    /** A {@code failed} report with every optional field. */
    public static final String STATUS_REQUEST = "status-request.json";
    /** A progress report while writing. */
    public static final String STATUS_REQUEST_PROGRESS = "status-request-progress.json";

    public static final String STATUS_RESPONSE = "status-response.json";
    public static final String ERROR_POOL_EXHAUSTED = "error-pool-exhausted.json";
    public static final String ERROR_INVALID_FIELD = "error-invalid-field.json";
    /** A {@code zstd-ranges-v1} index exactly as the canonical writer writes it. */
    public static final String ZRANGES_INDEX = "zranges-index.json";
    /** v2: the first boot's {@code booted} report, with the assigned hostname and the secret. */
    public static final String STATUS_REQUEST_BOOTED = "status-request-booted.json";
    /** v2: a report whose device secret is wrong. */
    public static final String ERROR_DEVICE_SECRET_INVALID = "error-device-secret-invalid.json";
    /** v2: a {@code booted} report with another hostname than the one assigned. */
    public static final String ERROR_HOSTNAME_MISMATCH = "error-hostname-mismatch.json";

    /** v2: a config request whose {@code card_size} is smaller than the image (ADR-0047). */
    public static final String ERROR_CARD_TOO_SMALL = "error-card-too-small.json";
    /** v2: a report for a deployment the server ended as abandoned (ADR-0047). */
    public static final String ERROR_DEPLOYMENT_ABANDONED = "error-deployment-abandoned.json";

    public static final List<String> ALL = List.of(
            CONFIG_REQUEST,
            CONFIG_RESPONSE,
            CONFIG_RESPONSE_WITHOUT_TRANSFER_FORMS,
            STATUS_REQUEST,
            STATUS_REQUEST_PROGRESS,
            STATUS_RESPONSE,
            ERROR_POOL_EXHAUSTED,
            ERROR_INVALID_FIELD,
            ZRANGES_INDEX);

    /** Every fixture of version 2. */
    public static final List<String> ALL_V2 = List.of(
            CONFIG_REQUEST,
            CONFIG_RESPONSE,
            CONFIG_RESPONSE_WITHOUT_TRANSFER_FORMS,
            STATUS_REQUEST,
            STATUS_REQUEST_PROGRESS,
            STATUS_REQUEST_BOOTED,
            STATUS_RESPONSE,
            ERROR_DEVICE_SECRET_INVALID,
            ERROR_HOSTNAME_MISMATCH,
            ERROR_CARD_TOO_SMALL,
            ERROR_DEPLOYMENT_ABANDONED);

    /** Every fixture of version 3. */
    public static final List<String> ALL_V3 = List.of(CONFIG_REQUEST, CONFIG_RESPONSE);

    /** Every fixture of version 4. */
    public static final List<String> ALL_V4 = List.of(CONFIG_REQUEST, CONFIG_RESPONSE, STATUS_REQUEST_BOOTED);

    private WireFixtures() {}

    /** The fixture's bytes, e.g. {@code bytes(V1, CONFIG_RESPONSE)}. */
    public static byte[] bytes(String version, String name) {
        String resource = "/pideploy/wire/%s/%s".formatted(version, name);
        try (InputStream in = WireFixtures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no wire fixture " + resource + " on the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fixture as text. */
    public static String text(String version, String name) {
        return new String(bytes(version, name), StandardCharsets.UTF_8);
    }
}

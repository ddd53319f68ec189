package pideploy.wire;

/**
 * Every {@code error.code} the device listener answers with (docs/protocol.md, "Errors"), with the HTTP status it
 * comes with. Helidon's own refusals of a request it cannot route or read are {@code HTTP_<status>} when none of
 * these fits; that form has no constant.
 */
public enum ErrorCode {
    /** The venue's pool for the product has no free hostname. */
    POOL_EXHAUSTED(409),
    /**
     * Too many new hostnames were handed to this client address in a short time (pool protection); the answer
     * carries {@code Retry-After}. The installer waits and asks again, as for {@link #POOL_EXHAUSTED}.
     */
    ASSIGNMENT_RATE_LIMITED(429),
    /**
     * The active batch lists the devices it expects and this one is not among them. The installer waits and asks
     * again: an operator may add it to the list.
     */
    DEVICE_NOT_EXPECTED(403),
    /** Neither a pool nor a serial-number rule gives this device a hostname. */
    NO_ASSIGNMENT_RULE(422),
    /**
     * The card the config request announced ({@code card_size}) is smaller than the image the device would get; no
     * hostname was handed out (ADR-0047). The message names both sizes. Not worth asking again with the same card.
     */
    CARD_TOO_SMALL(422),
    /** The device's hostname is held by another device. */
    HOSTNAME_CONFLICT(409),
    /** The product has no active image to install. */
    NO_ACTIVE_IMAGE(409),
    UNKNOWN_PRODUCT(422),
    UNKNOWN_VENUE(422),
    /** No such deployment (status reports), image file or route. */
    NOT_FOUND(404),
    /**
     * Progress reports for this deployment arrive faster than the server keeps them; this one was not recorded.
     * Not a failure: the installer slows down and its next report (or the final one) is taken.
     */
    STATUS_RATE_LIMITED(429),
    /**
     * The deployment sent no report for the server's abandon time and was ended as {@code failed} ("abandoned: no
     * report for N minutes"); later reports for it are refused. Ask {@code /api/config} again for a new deployment
     * (ADR-0047).
     */
    DEPLOYMENT_ABANDONED(409),
    /** A status that may not follow the deployment's current one. */
    INVALID_TRANSITION(409),
    /** A field is missing or malformed; the message names it. */
    INVALID_FIELD(400),
    /** The body is empty, not JSON, not an object, or otherwise unusable. */
    BAD_REQUEST(400),
    PAYLOAD_TOO_LARGE(413),
    /** Two writes collided on a unique key. */
    CONFLICT(409),
    FORBIDDEN(403),
    /**
     * The deployment was given a device secret and the report carries none; or a serial number was sent for a device
     * first seen by MAC address alone, without its latest deployment's secret (ADR-0042).
     */
    DEVICE_SECRET_REQUIRED(403),
    /** The report's device secret is not the deployment's (ADR-0042). */
    DEVICE_SECRET_INVALID(403),
    /** A {@code booted} report without the hostname the deployment assigned, or with another one (ADR-0042). */
    HOSTNAME_MISMATCH(403),
    /** A {@code Range} outside the image file. */
    RANGE_NOT_SATISFIABLE(416),
    /** The image file could not be read; retry later. */
    IMAGE_UNAVAILABLE(503),
    /** The database is busy or unreachable; the answer carries {@code Retry-After}. */
    STORAGE_UNAVAILABLE(503),
    /**
     * The server's disk (or database) is full: nothing was written. Retrying helps only once an operator has freed
     * space; the answer carries {@code Retry-After}. Image uploads on the operator side answer 507 instead.
     */
    STORAGE_FULL(503),
    /** The server failed; its log has the details. */
    INTERNAL(500);

    private final int httpStatus;

    ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    /** The code on the wire: the constant's name, upper snake case. */
    public String wireName() {
        return name();
    }

    /** The HTTP status the server answers with this code. */
    public int httpStatus() {
        return httpStatus;
    }

    /**
     * The code with this wire name, ignoring case and surrounding blanks.
     *
     * @throws IllegalArgumentException naming the allowed values, for anything else ({@code HTTP_<status>} too)
     */
    public static ErrorCode parse(String text) {
        return WireNames.parse(ErrorCode.class, ErrorCode::wireName, "error.code", text);
    }
}

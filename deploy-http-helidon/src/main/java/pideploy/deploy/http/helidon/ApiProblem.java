package pideploy.deploy.http.helidon;

import pideploy.wire.ErrorCode;

/**
 * A request the server refuses for a reason the client can act on; becomes an HTTP status and the JSON error body
 * {@code {"error":{"code","message"}}}. Thrown only by this adapter while translating a request.
 */
public final class ApiProblem extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String code;

    public ApiProblem(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    /** A refusal with one of the device protocol's codes, at the status that code comes with. */
    public ApiProblem(ErrorCode code, String message) {
        this(code.httpStatus(), code.wireName(), message);
    }

    public static ApiProblem invalidField(String field, String why) {
        return new ApiProblem(ErrorCode.INVALID_FIELD, "field '%s' %s".formatted(field, why));
    }

    public static ApiProblem badRequest(String message) {
        return new ApiProblem(ErrorCode.BAD_REQUEST, message);
    }

    public static ApiProblem notFound(String message) {
        return new ApiProblem(ErrorCode.NOT_FOUND, message);
    }

    public static ApiProblem conflict(String code, String message) {
        return new ApiProblem(409, code, message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}

package pideploy.installer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import pideploy.installer.core.port.ServerReply;
import pideploy.wire.Fields;

/** Reading the device API's error bodies ({@code {"error":{"code","message"}}}) and naming network failures. */
final class HttpErrors {
    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpErrors() {}

    record ErrorBody(String code, String message) {}

    /** The error body's code and message; for a body that is not one, {@code HTTP_<status>} and its start. */
    static ErrorBody parse(String text, int status) {
        try {
            JsonNode error = JSON.readTree(text == null ? "" : text).path(Fields.Error.ERROR);
            if (error.isObject()) {
                return new ErrorBody(
                        error.path(Fields.Error.CODE).asText("HTTP_" + status),
                        error.path(Fields.Error.MESSAGE).asText(""));
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: fall through to the raw text
        }
        String snippet = text == null ? "" : text.strip();
        return new ErrorBody("HTTP_" + status, snippet.length() > 200 ? snippet.substring(0, 200) + "..." : snippet);
    }

    static <T> ServerReply<T> rejected(int status, String body, String context) {
        ErrorBody error = parse(body, status);
        return new ServerReply.Rejected<>(status, error.code(), context + ": " + error.message());
    }

    /** The JDK's ConnectException often has no message; say what it means. */
    static String describe(Exception e) {
        if (e instanceof ConnectException
                && (e.getMessage() == null || e.getMessage().isBlank())) {
            return "connection refused (is the server running and listening there?)";
        }
        return e.getMessage() == null
                ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}

package pideploy.deploy.http.helidon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import pideploy.wire.ErrorCode;

/**
 * JSON in and out of the adapter. Requests are read as a tree with a byte limit and strict parser limits, so that
 * every malformed or hostile body becomes a 4xx naming the problem instead of an exception deep in a binder.
 */
public final class Json {
    /** Shared, thread-safe once configured. Dates as ISO-8601 strings. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    static {
        MAPPER.getFactory()
                .setStreamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(16)
                        .maxStringLength(64 * 1024)
                        .maxNumberLength(40)
                        .build());
    }

    private Json() {}

    /**
     * Reads the request body as one JSON object of at most {@code maxBytes}.
     *
     * @throws ApiProblem 413 when larger, 400 when empty, not JSON, or not an object
     */
    public static JsonFields readObject(ServerRequest req, int maxBytes) {
        byte[] body = readBody(req, maxBytes);
        if (body.length == 0) {
            throw ApiProblem.badRequest("request body is empty; send a JSON object");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiProblem.badRequest("request body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiProblem.badRequest("request body could not be read as JSON");
        }
        if (node == null || !node.isObject()) {
            throw ApiProblem.badRequest("request body must be a JSON object");
        }
        return new JsonFields((ObjectNode) node);
    }

    /** Reads the whole body, refusing more than {@code maxBytes} with 413 whatever the transfer encoding. */
    public static byte[] readBody(ServerRequest req, int maxBytes) {
        if (!req.content().hasEntity()) {
            return new byte[0];
        }
        try (InputStream in = req.content().inputStream()) {
            byte[] bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw new ApiProblem(
                        ErrorCode.PAYLOAD_TOO_LARGE, "request body is larger than %d bytes".formatted(maxBytes));
            }
            return bytes;
        } catch (IOException e) {
            throw ApiProblem.badRequest("request body could not be read: " + e.getMessage());
        } catch (UncheckedIOException e) {
            throw ApiProblem.badRequest("request body could not be read: " + e.getMessage());
        }
    }

    /** Serialises a value; our own records never fail to serialise, so a failure is a programming error. */
    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "cannot serialise " + value.getClass().getName(), e);
        }
    }

    public static void send(ServerResponse res, Status status, Object value) {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send(bytes(value));
    }

    public static void send(ServerResponse res, Object value) {
        send(res, Status.OK_200, value);
    }

    public static void sendError(ServerResponse res, ErrorCode code, String message) {
        sendError(res, code.httpStatus(), code.wireName(), message);
    }

    public static void sendError(ServerResponse res, int status, String code, String message) {
        send(res, Status.create(status), ErrorBody.of(code, message));
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}

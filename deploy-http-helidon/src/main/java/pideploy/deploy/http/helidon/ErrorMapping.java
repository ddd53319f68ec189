package pideploy.deploy.http.helidon;

import io.helidon.common.buffers.DataReader;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.lang.System.Logger.Level;
import java.util.Locale;
import pideploy.deploy.core.port.DuplicateKeyException;
import pideploy.deploy.core.port.StorageException;
import pideploy.deploy.core.port.StorageFullException;
import pideploy.deploy.http.helidon.metrics.DeployMetrics;
import pideploy.wire.ErrorCode;

/**
 * The one place where exceptions become HTTP answers, for both listeners. {@link ApiProblem} carries its own status;
 * a domain {@link IllegalArgumentException} that escaped field parsing is still the client's bad input (400); a client
 * that closed its connection before sending the whole request is one log line, without a stack trace, since nobody is
 * left to answer; anything else is our fault, logged once here with the request, and answered 500 without internals.
 */
public final class ErrorMapping {
    private static final System.Logger LOG = System.getLogger(ErrorMapping.class.getName());
    private final DeployMetrics metrics;
    private final StorageHealth storage;

    public ErrorMapping(DeployMetrics metrics, StorageHealth storage) {
        this.metrics = metrics;
        this.storage = storage;
    }

    public void register(HttpRouting.Builder routing) {
        routing.error(ApiProblem.class, this::problem);
        routing.error(StorageException.class, (req, res, e) -> {
            LOG.log(
                    Level.ERROR,
                    "storage failure in {0} {1}: {2}",
                    req.prologue().method().text(),
                    req.path().path(),
                    e.getMessage());
            if (e instanceof StorageFullException) {
                storage.writeFailedForLackOfSpace(e.getMessage());
                res.header(HeaderNames.RETRY_AFTER, "30");
                send(
                        res,
                        ErrorCode.STORAGE_FULL,
                        "the server's disk is full: nothing was written; an operator must "
                                + "free space in its data directory");
                return;
            }
            res.header(HeaderNames.RETRY_AFTER, "2");
            send(res, ErrorCode.STORAGE_UNAVAILABLE, "the database is busy or unreachable; retry shortly");
        });
        routing.error(DuplicateKeyException.class, (req, res, e) -> send(res, ErrorCode.CONFLICT, e.getMessage()));
        routing.error(
                IllegalArgumentException.class, (req, res, e) -> send(res, ErrorCode.BAD_REQUEST, e.getMessage()));
        routing.error(DataReader.InsufficientDataAvailableException.class, (req, res, e) -> clientGone(req, res));
        routing.error(Exception.class, this::unexpected);
    }

    private void problem(ServerRequest req, ServerResponse res, ApiProblem p) {
        if (p.status() >= 500) {
            LOG.log(
                    Level.ERROR,
                    "{0} {1} from {2}: {3} {4}",
                    req.prologue().method().text(),
                    req.path().path(),
                    req.remotePeer().host(),
                    p.code(),
                    p.getMessage());
        } else {
            LOG.log(
                    Level.DEBUG,
                    "{0} {1} from {2}: {3} {4}",
                    req.prologue().method().text(),
                    req.path().path(),
                    req.remotePeer().host(),
                    p.code(),
                    p.getMessage());
        }
        send(res, p.status(), p.code(), p.getMessage());
    }

    /** Helidon's reader ran out of bytes: the client closed the connection before the end of the request body. */
    private void clientGone(ServerRequest req, ServerResponse res) {
        LOG.log(
                Level.INFO,
                "client {0} disconnected during {1} {2} before sending the whole request body",
                req.remotePeer().host(),
                req.prologue().method().text(),
                req.path().path());
        // An error handler that sends nothing makes Helidon log the error again as a WARNING with its stack trace
        // (issue 12: 1.2 KB per dropped connection). The answer goes nowhere; the connection closes after it.
        try {
            res.header(HeaderNames.CONNECTION, "close");
            send(res, ErrorCode.BAD_REQUEST, "the request body ended before its announced length");
        } catch (RuntimeException gone) {
            // the client is gone: nothing to answer
        }
    }

    private void unexpected(ServerRequest req, ServerResponse res, Exception e) {
        LOG.log(
                Level.ERROR,
                "unexpected failure in %s %s from %s"
                        .formatted(
                                req.prologue().method().text(),
                                req.path().path(),
                                req.remotePeer().host()),
                e);
        send(res, ErrorCode.INTERNAL, "the server failed to handle this request; its log has the details");
    }

    private void send(ServerResponse res, ErrorCode code, String message) {
        send(res, code.httpStatus(), code.wireName(), message);
    }

    private void send(ServerResponse res, int status, String code, String message) {
        metrics.error(code, status);
        if (res.isSent()) {
            return;
        }
        Json.sendError(res, status, code, message == null ? code : message);
    }

    /**
     * JSON bodies for the errors Helidon answers itself, before routing: unparseable requests, headers too large,
     * bodies over the listener's limit.
     */
    public DirectHandlers directHandlers() {
        DirectHandler json = (request, type, status, headers, message) -> {
            String code = status.code() == 413
                    ? ErrorCode.PAYLOAD_TOO_LARGE.wireName()
                    : switch (type) {
                        case PAYLOAD_TOO_LARGE -> ErrorCode.PAYLOAD_TOO_LARGE.wireName();
                        case BAD_REQUEST -> ErrorCode.BAD_REQUEST.wireName();
                        case FORBIDDEN -> ErrorCode.FORBIDDEN.wireName();
                        default ->
                            status.code() == 505
                                    ? "HTTP_VERSION_NOT_SUPPORTED"
                                    : status.code() == 404
                                            ? ErrorCode.NOT_FOUND.wireName()
                                            : status.code() >= 500
                                                    ? ErrorCode.INTERNAL.wireName()
                                                    : "HTTP_" + status.code();
                    };
            metrics.error(code, status.code());
            String text = status.code() == 505
                    ? "only HTTP/1.1 is supported; send the request as HTTP/1.1"
                    : message == null || message.isBlank()
                            ? status.reasonPhrase().toLowerCase(Locale.ROOT)
                            : sanitize(message);
            headers.set(HeaderNames.CONTENT_TYPE, "application/json");
            return DirectHandler.TransportResponse.builder()
                    .status(status)
                    .headers(headers)
                    .entity(Json.bytes(ErrorBody.of(code, text)))
                    .keepAlive(type.keepAlive())
                    .build();
        };
        DirectHandlers.Builder b = DirectHandlers.builder();
        for (DirectHandler.EventType t : DirectHandler.EventType.values()) {
            b.addHandler(t, json);
        }
        return b.build();
    }

    private static String sanitize(String message) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < message.length() && i < 200; i++) {
            char c = message.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return b.toString();
    }

    static Status status(int code) {
        return Status.create(code);
    }
}

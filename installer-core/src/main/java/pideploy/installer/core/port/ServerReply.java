package pideploy.installer.core.port;

import java.util.Objects;
import java.util.function.Function;

/**
 * What became of one request to the deployment server. The workflow decides from the kind: {@link Unreachable}
 * (network error, timeout, 5xx) is retried with backoff; {@link Rejected} (4xx) ends the run unless its code says
 * waiting may help ({@code POOL_EXHAUSTED}, {@code ASSIGNMENT_RATE_LIMITED}, {@code DEVICE_NOT_EXPECTED}).
 */
public sealed interface ServerReply<T> {

    /** Applies {@code next} to an accepted value; a rejection or an unreachable server passes through unchanged. */
    @SuppressWarnings("unchecked")
    default <U> ServerReply<U> flatMap(Function<? super T, ServerReply<U>> next) {
        return switch (this) {
            case Accepted<T> accepted -> next.apply(accepted.value());
            case Rejected<T> rejected -> (ServerReply<U>) rejected;
            case Unreachable<T> unreachable -> (ServerReply<U>) unreachable;
        };
    }

    /** The server answered 2xx with this value. */
    record Accepted<T>(T value) implements ServerReply<T> {
        public Accepted {
            Objects.requireNonNull(value, "value");
        }
    }

    /** The server refused the request (4xx); {@code code} is the error body's code, e.g. {@code POOL_EXHAUSTED}. */
    record Rejected<T>(int httpStatus, String code, String message) implements ServerReply<T> {
        public Rejected {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
        }

        /** Whether the server said the hostname pool is empty, which is worth waiting for. */
        public boolean poolExhausted() {
            return "POOL_EXHAUSTED".equals(code);
        }

        /**
         * Whether the config refusal may go away by itself or by an operator's hand: the pool is empty, the server
         * protects its pool from too many new hostnames to this address, or the active batch does not list this
         * device (yet). The installer waits and asks again (docs/protocol.md, "Errors").
         */
        public boolean worthWaiting() {
            return poolExhausted() || "ASSIGNMENT_RATE_LIMITED".equals(code) || "DEVICE_NOT_EXPECTED".equals(code);
        }

        /**
         * Whether the server refused the card as too small for the image (ADR-0047): the target is refused, as when
         * the installer's own size check refuses it, and no hostname was taken.
         */
        public boolean cardTooSmall() {
            return "CARD_TOO_SMALL".equals(code);
        }

        /** Whether the server kept no record of a progress report sent too soon: not a failure, report less often. */
        public boolean slowDown() {
            return "STATUS_RATE_LIMITED".equals(code);
        }

        public String describe() {
            return "HTTP %d %s: %s".formatted(httpStatus, code, message);
        }
    }

    /** No usable answer: connection refused or dropped, timeout, or a 5xx. Worth retrying. */
    record Unreachable<T>(String reason) implements ServerReply<T> {
        public Unreachable {
            Objects.requireNonNull(reason, "reason");
        }
    }
}

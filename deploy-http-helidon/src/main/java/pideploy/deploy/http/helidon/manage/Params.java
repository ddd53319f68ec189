package pideploy.deploy.http.helidon.manage;

import io.helidon.webserver.http.ServerRequest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Function;
import pideploy.deploy.http.helidon.ApiProblem;
import pideploy.deploy.http.helidon.JsonFields;

/** Query and path parameters, validated like body fields: a refusal names the parameter. */
final class Params {
    private Params() {}

    static Optional<String> query(ServerRequest req, String name, int maxLength) {
        Optional<String> v =
                req.query().first(name).asOptional().map(String::trim).filter(s -> !s.isEmpty());
        v.ifPresent(s -> {
            if (s.length() > maxLength) {
                throw ApiProblem.invalidField(name, "is longer than %d characters".formatted(maxLength));
            }
            for (int i = 0; i < s.length(); i++) {
                if (s.charAt(i) < 0x20 || s.charAt(i) == 0x7f) {
                    throw ApiProblem.invalidField(name, "contains a control character");
                }
            }
        });
        return v;
    }

    static <T> Optional<T> query(ServerRequest req, String name, int maxLength, Function<String, T> parser) {
        return query(req, name, maxLength).map(s -> JsonFields.parse(name, s, parser));
    }

    static int intQuery(ServerRequest req, String name, int fallback, int min, int max) {
        return query(req, name, 10)
                .map(s -> {
                    try {
                        int v = Integer.parseInt(s);
                        if (v < min || v > max) {
                            throw ApiProblem.invalidField(
                                    name, "must be between %d and %d, was %d".formatted(min, max, v));
                        }
                        return v;
                    } catch (NumberFormatException e) {
                        throw ApiProblem.invalidField(name, "must be a whole number, was '%s'".formatted(s));
                    }
                })
                .orElse(fallback);
    }

    /** Earliest and (exclusive) latest instant a query may name: the store keeps nanoseconds since 1970 in a long. */
    static final Instant EARLIEST = Instant.EPOCH;

    static final Instant LATEST = Instant.parse("2262-01-01T00:00:00Z");

    static Optional<Instant> instantQuery(ServerRequest req, String name) {
        return query(req, name, 40).map(s -> {
            Instant t;
            try {
                t = Instant.parse(s);
            } catch (DateTimeParseException e) {
                throw ApiProblem.invalidField(name, "must be an ISO-8601 instant like 2026-11-26T15:00:00Z");
            }
            if (t.isBefore(EARLIEST) || !t.isBefore(LATEST)) {
                throw ApiProblem.invalidField(name, "must be between 1970-01-01 and 2261-12-31, was " + s);
            }
            return t;
        });
    }

    static <T> T path(ServerRequest req, String name, Function<String, T> parser) {
        String raw = req.path().pathParameters().first(name).orElse("");
        if (raw.length() > 128) {
            throw ApiProblem.invalidField(name, "is too long");
        }
        return JsonFields.parse(name, raw, parser);
    }
}

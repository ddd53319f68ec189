package pideploy.deploy.server.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import pideploy.deploy.core.notify.Notice;

/**
 * Delivers notices to a webhook (ADR-0085): {@code POST} of a JSON body {@code {"event", "at", "summary",
 * "details"}}, signed in {@link WebhookSignature#HEADER} when the target has a secret, tried again after a network
 * error, a 5xx or a 429 as the {@link RetryPolicy} says, never after another 4xx (the receiver refused it; the same
 * body would be refused again). Every attempt goes into the {@link DeliveryLog}. {@link #deliver} blocks for the whole
 * policy: callers run it on a virtual thread of their own.
 */
public final class WebhookSender {
    private static final System.Logger LOG = System.getLogger(WebhookSender.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http;
    private final RetryPolicy retry;
    private final DeliveryLog log;
    private final Clock clock;

    public WebhookSender(RetryPolicy retry, DeliveryLog log, Clock clock) {
        this(
                HttpClient.newBuilder()
                        .connectTimeout(ATTEMPT_TIMEOUT)
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build(),
                retry,
                log,
                clock);
    }

    WebhookSender(HttpClient http, RetryPolicy retry, DeliveryLog log, Clock clock) {
        this.http = Objects.requireNonNull(http, "http");
        this.retry = Objects.requireNonNull(retry, "retry");
        this.log = Objects.requireNonNull(log, "log");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Checks a webhook URL an operator gives: absolute {@code http} or {@code https} with a host.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static URI target(String url) {
        URI uri;
        try {
            uri = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("webhook URL is not a URL: '%s'".formatted(url), e);
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException(
                    "webhook URL must be http:// or https:// with a host, got '%s'".formatted(url));
        }
        return uri;
    }

    /** The exact bytes sent (and signed) for a notice. */
    public static byte[] body(Notice notice) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event", notice.type().wireName());
        body.put("at", notice.at().toString());
        body.put("summary", notice.summary());
        body.put("details", notice.details());
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a notice of strings cannot fail to serialise: " + e, e);
        }
    }

    /** Tries until delivered or the policy is spent; returns the last attempt. */
    public Delivery deliver(URI target, Optional<String> secret, Notice notice) {
        byte[] body = body(notice);
        String shown = shown(target);
        Delivery last = null;
        for (int attempt = 1; attempt <= retry.attempts(); attempt++) {
            if (attempt > 1 && !pause(retry.delayBefore(attempt))) {
                break;
            }
            last = attempt(target, secret, notice, body, shown, attempt);
            log.add(last);
            if (last.ok() || !worthRetrying(last.status())) {
                break;
            }
        }
        if (!last.ok()) {
            LOG.log(
                    Level.WARNING,
                    "webhook {0} not delivered to {1} after {2} attempt(s): {3}",
                    notice.type().wireName(),
                    shown,
                    last.attempt(),
                    last.status());
        }
        return last;
    }

    private Delivery attempt(
            URI target, Optional<String> secret, Notice notice, byte[] body, String shown, int attempt) {
        HttpRequest.Builder req = HttpRequest.newBuilder(target)
                .timeout(ATTEMPT_TIMEOUT)
                .header("Content-Type", "application/json")
                .header("User-Agent", "PiDeploy")
                .header("X-PiDeploy-Event", notice.type().wireName())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        secret.filter(s -> !s.isEmpty())
                .ifPresent(s -> req.header(WebhookSignature.HEADER, WebhookSignature.sign(body, s)));
        try {
            HttpResponse<Void> res = http.send(req.build(), HttpResponse.BodyHandlers.discarding());
            int code = res.statusCode();
            return new Delivery(
                    clock.instant(), notice.type().wireName(), shown, attempt, Integer.toString(code), code / 100 == 2);
        } catch (IOException e) {
            return new Delivery(clock.instant(), notice.type().wireName(), shown, attempt, "error: " + e, false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Delivery(clock.instant(), notice.type().wireName(), shown, attempt, "error: interrupted", false);
        }
    }

    /** Network errors, 5xx and 429 may pass; any other answer would be the same again. */
    private static boolean worthRetrying(String status) {
        if (status.startsWith("error:")) {
            return !status.equals("error: interrupted");
        }
        int code = Integer.parseInt(status);
        return code >= 500 || code == 429;
    }

    private static boolean pause(Duration d) {
        try {
            Thread.sleep(d);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The target as logged: no user info (a password in the URL), no query (a token in it). */
    static String shown(URI target) {
        return target.getScheme() + "://" + target.getHost() + (target.getPort() < 0 ? "" : ":" + target.getPort())
                + (target.getRawPath() == null ? "" : target.getRawPath());
    }
}

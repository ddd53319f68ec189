package pideploy.deploy.http.helidon.events;

import io.helidon.http.HeaderNames;
import io.helidon.http.sse.SseEvent;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.sse.SseSink;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Optional;
import pideploy.deploy.http.helidon.metrics.DeployMetrics;

/**
 * {@code GET /api/v1/events}: streams the broker's events as Server-Sent Events ({@code id}, {@code event},
 * {@code data} = JSON), replaying from {@code Last-Event-ID} (header, or {@code last_event_id} query parameter for
 * clients that cannot set headers), with a comment line as heartbeat so proxies and browsers keep the stream open.
 * Runs on its own virtual thread for as long as the client stays.
 */
public final class SseHandler implements Handler {
    private static final System.Logger LOG = System.getLogger(SseHandler.class.getName());

    /** Whether the credential a stream was opened with still holds (ADR-0043); asked every few seconds. */
    @FunctionalInterface
    public interface Credential {
        boolean stillValid(ServerRequest req);
    }

    /** How often a stream re-checks its credential, so a revoked token or removed account stops receiving soon. */
    private static final Duration RECHECK = Duration.ofSeconds(2);

    private final EventBroker broker;
    private final DeployMetrics metrics;
    private final Duration heartbeat;
    private final Credential credential;

    public SseHandler(EventBroker broker, DeployMetrics metrics, Duration heartbeat) {
        this(broker, metrics, heartbeat, req -> true);
    }

    public SseHandler(EventBroker broker, DeployMetrics metrics, Duration heartbeat, Credential credential) {
        this.broker = broker;
        this.metrics = metrics;
        this.heartbeat = heartbeat;
        this.credential = credential;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        Optional<String> lastId = req.headers()
                .first(HeaderNames.create("Last-Event-ID"))
                .or(() -> req.query().first("last_event_id").asOptional())
                .filter(s -> !s.isBlank() && s.length() <= 64);
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        metrics.sseConnected();
        try (EventBroker.Subscription sub = broker.subscribeAfter(lastId);
                SseSink sink = res.sink(SseSink.TYPE)) {
            // A first comment makes the response start at once, so clients see the stream is open.
            sink.emit(SseEvent.builder()
                    .comment("connected, last id " + broker.wireId(broker.lastId()))
                    .build());
            Duration wait = heartbeat.compareTo(RECHECK) < 0 ? heartbeat : RECHECK;
            long lastBeat = System.nanoTime();
            long lastCheck = System.nanoTime();
            while (!sub.ended()) {
                if (System.nanoTime() - lastCheck >= RECHECK.toNanos()) {
                    lastCheck = System.nanoTime();
                    if (!credential.stillValid(req)) {
                        // A token revoked, a password changed or an account removed: the stream must not outlive it.
                        sink.emit(SseEvent.builder()
                                .comment("credential no longer valid; log in again")
                                .build());
                        LOG.log(
                                Level.INFO,
                                "event stream to {0} ended: its credential is no longer valid",
                                req.remotePeer().host());
                        break;
                    }
                }
                Optional<EventBroker.Event> e = sub.next(wait);
                if (e.isPresent()) {
                    EventBroker.Event ev = e.get();
                    sink.emit(SseEvent.builder()
                            .id(broker.wireId(ev.id()))
                            .name(ev.name())
                            .data(new String[] {ev.json()})
                            .build());
                } else if (!sub.ended() && System.nanoTime() - lastBeat >= heartbeat.toNanos()) {
                    lastBeat = System.nanoTime();
                    sink.emit(SseEvent.builder().comment("heartbeat").build());
                }
            }
        } catch (UncheckedIOException e) {
            LOG.log(Level.DEBUG, "event stream client went away: {0}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            metrics.sseDisconnected();
        }
    }
}

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

    private final EventBroker broker;
    private final DeployMetrics metrics;
    private final Duration heartbeat;

    public SseHandler(EventBroker broker, DeployMetrics metrics, Duration heartbeat) {
        this.broker = broker;
        this.metrics = metrics;
        this.heartbeat = heartbeat;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        Optional<String> lastId = req.headers().first(HeaderNames.create("Last-Event-ID"))
                .or(() -> req.query().first("last_event_id").asOptional())
                .filter(s -> !s.isBlank() && s.length() <= 64);
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        metrics.sseConnected();
        try (EventBroker.Subscription sub = broker.subscribeAfter(lastId);
                SseSink sink = res.sink(SseSink.TYPE)) {
            // A first comment makes the response start at once, so clients see the stream is open.
            sink.emit(SseEvent.builder().comment("connected, last id " + broker.wireId(broker.lastId())).build());
            while (!sub.ended()) {
                Optional<EventBroker.Event> e = sub.next(heartbeat);
                if (e.isPresent()) {
                    EventBroker.Event ev = e.get();
                    sink.emit(SseEvent.builder().id(broker.wireId(ev.id())).name(ev.name()).data(new String[] {ev.json()}).build());
                } else if (!sub.ended()) {
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

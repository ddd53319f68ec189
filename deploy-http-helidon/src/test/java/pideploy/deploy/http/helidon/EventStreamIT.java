package pideploy.deploy.http.helidon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pideploy.deploy.http.helidon.events.EventBroker;

class EventStreamIT {
    static StubServer stub;

    @BeforeAll
    static void start() {
        stub = new StubServer();
    }

    @AfterAll
    static void stop() {
        stub.close();
    }

    /** Reads lines until {@code count} events (blank-line terminated) with data arrived; comments are kept too. */
    private List<String> readEvents(HttpRequest.Builder req, int count, Runnable afterConnect) throws Exception {
        HttpResponse<java.io.InputStream> r = stub.http.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
        List<String> lines = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            String first = in.readLine();
            lines.add(first);
            afterConnect.run();
            int events = 0;
            String line;
            while (events < count && (line = in.readLine()) != null) {
                lines.add(line);
                if (line.startsWith("data:")) {
                    events++;
                }
            }
        }
        return lines;
    }

    private HttpRequest.Builder events() {
        return HttpRequest.newBuilder(stub.admin("/api/v1/events"))
                .header("Authorization", StubServer.basic(StubServer.USER, StubServer.PASSWORD))
                .GET();
    }

    @Test
    void streamsPublishedEventsWithIdsNamesAndJsonData() throws Exception {
        List<String> lines = readEvents(events(), 2, () -> {
            stub.broker.publish("deployment", Map.of("hostname", "KXP2-CORO-001", "status", "started"));
            stub.broker.publish("deployment", Map.of("hostname", "KXP2-CORO-002", "status", "started"));
        });
        assertThat(lines).anyMatch(l -> l.startsWith("event:deployment"));
        assertThat(lines).anyMatch(l -> l.startsWith("id:"));
        assertThat(lines).anyMatch(l -> l.startsWith("data:") && l.contains("\"hostname\":\"KXP2-CORO-002\""));
    }

    @Test
    void replaysMissedEventsAfterLastEventId() throws Exception {
        stub.broker.publish("deployment", Map.of("n", 1));
        long seen = stub.broker.lastId();
        stub.broker.publish("deployment", Map.of("n", 2));
        stub.broker.publish("deployment", Map.of("n", 3));
        List<String> lines = readEvents(events().header("Last-Event-ID", stub.broker.wireId(seen)), 2, () -> {});
        List<String> data = lines.stream().filter(l -> l.startsWith("data:")).toList();
        assertThat(data).containsExactly("data:{\"n\":2}", "data:{\"n\":3}");
    }

    @Test
    void sendsRefreshWhenMissedEventsFellOffTheRing() throws Exception {
        stub.broker.publish("deployment", Map.of("n", 0));
        long seen = stub.broker.lastId();
        for (int i = 0; i < 60; i++) {
            stub.broker.publish("deployment", Map.of("n", i));
        }
        List<String> lines = readEvents(events().header("Last-Event-ID", stub.broker.wireId(seen)), 1, () -> {});
        assertThat(lines).contains("event:refresh");
    }

    @Test
    void sendsRefreshForIdsOfAnotherRunLikeBeforeARestart() throws Exception {
        stub.broker.publish("deployment", Map.of("n", 1));
        List<String> lines = readEvents(events().header("Last-Event-ID", "zzz-1"), 1, () -> {});
        assertThat(lines).contains("event:refresh");
        List<String> garbage = readEvents(events().header("Last-Event-ID", "not an id"), 1, () -> {});
        assertThat(garbage).contains("event:refresh");
    }

    @Test
    void sendsHeartbeatComments() throws Exception {
        List<String> lines = new ArrayList<>();
        HttpResponse<java.io.InputStream> r =
                stub.http.send(events().build(), HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
                if (line.startsWith(":heartbeat") || line.startsWith(": heartbeat")) {
                    break;
                }
            }
        }
        assertThat(lines).anyMatch(l -> l.contains("heartbeat"));
    }

    @Test
    void throttlesProgressPerKeyButNotStatusChanges() {
        assertThat(stub.broker.publishProgress("dev-1", "progress", Map.of("b", 1)))
                .isTrue();
        assertThat(stub.broker.publishProgress("dev-1", "progress", Map.of("b", 2)))
                .isFalse();
        assertThat(stub.broker.publishProgress("dev-2", "progress", Map.of("b", 1)))
                .isTrue();
    }

    @Test
    void sendsTheLatestThrottledProgressAtTheEndOfTheInterval() throws Exception {
        EventBroker broker = new EventBroker(50, Duration.ofSeconds(1), Clock.systemUTC());
        try (EventBroker.Subscription s = broker.subscribe(java.util.Optional.empty())) {
            broker.publishProgress("dev-3", "progress", Map.of("bytes", 1));
            broker.publishProgress("dev-3", "progress", Map.of("bytes", 2));
            broker.publishProgress("dev-3", "progress", Map.of("bytes", 3));

            assertThat(s.next(Duration.ofSeconds(5)))
                    .map(EventBroker.Event::json)
                    .contains("{\"bytes\":1}");
            // Trailing edge: the last report within the interval follows when it ends; the one between is dropped.
            assertThat(s.next(Duration.ofSeconds(5)))
                    .map(EventBroker.Event::json)
                    .contains("{\"bytes\":3}");
            assertThat(s.next(Duration.ofMillis(1500))).isEmpty();
        } finally {
            broker.close();
        }
    }

    @Test
    void aStatusChangeDropsTheProgressStillWaiting() throws Exception {
        EventBroker broker = new EventBroker(50, Duration.ofSeconds(1), Clock.systemUTC());
        try (EventBroker.Subscription s = broker.subscribe(java.util.Optional.empty())) {
            broker.publishProgress("dev-4", "progress", Map.of("bytes", 1));
            broker.publishProgress("dev-4", "progress", Map.of("bytes", 2));
            broker.publishSuperseding("dev-4", "deployment", Map.of("status", "verifying"));

            assertThat(s.next(Duration.ofSeconds(5)))
                    .map(EventBroker.Event::json)
                    .contains("{\"bytes\":1}");
            assertThat(s.next(Duration.ofSeconds(5)))
                    .map(EventBroker.Event::json)
                    .contains("{\"status\":\"verifying\"}");
            assertThat(s.next(Duration.ofMillis(1500))).isEmpty();
        } finally {
            broker.close();
        }
    }
}

package pideploy.deploy.core.port;

import static org.assertj.core.api.Assertions.assertThat;
import static pideploy.deploy.core.fixture.FleetFixtures.T0;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pideploy.deploy.core.server.FleetServer;
import pideploy.deploy.core.server.ServerName;

/** Contract of {@link ServerRegistry} (ADR-0098). */
public abstract class ServerRegistryContract {
    private ServerRegistry servers;

    /** A fresh, empty registry per test. */
    protected abstract ServerRegistry newRegistry();

    @BeforeEach
    void create() {
        servers = newRegistry();
    }

    private static FleetServer server(String name, String instance) {
        return new FleetServer(ServerName.of(name), instance, "1.2.3", "http://" + name + ":5001", T0, T0);
    }

    @Test
    void isEmptyAtFirst() {
        assertThat(servers.list()).isEmpty();
    }

    @Test
    void keepsEveryServerOrderedByName() {
        assertThat(servers.heartbeat(server("station-b", "i2"))).isEmpty();
        assertThat(servers.heartbeat(server("station-a", "i1"))).isEmpty();

        assertThat(servers.list()).containsExactly(server("station-a", "i1"), server("station-b", "i2"));
    }

    @Test
    void aHeartbeatMovesTheLastBeatAndReturnsWhatItReplaced() {
        FleetServer first = server("station-a", "i1");
        servers.heartbeat(first);
        FleetServer later = first.beatAt(T0.plus(Duration.ofSeconds(10)));

        assertThat(servers.heartbeat(later)).contains(first);
        assertThat(servers.list()).containsExactly(later);
    }

    @Test
    void aNewRunOfANameReplacesTheOldRunAndTellsWhichItWas() {
        servers.heartbeat(server("station-a", "old-run"));
        FleetServer restarted = new FleetServer(
                ServerName.of("station-a"),
                "new-run",
                "1.2.4",
                "",
                T0.plus(Duration.ofMinutes(1)),
                T0.plus(Duration.ofMinutes(1)));

        assertThat(servers.heartbeat(restarted)).map(FleetServer::instance).contains("old-run");
        assertThat(servers.list()).containsExactly(restarted);
    }

    @Test
    void concurrentHeartbeatsOfManyServersLoseNone() throws Exception {
        List<Future<?>> beats = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
            for (int s = 0; s < 16; s++) {
                String name = "s%02d".formatted(s);
                beats.add(threads.submit(() -> {
                    for (int i = 0; i < 5; i++) {
                        servers.heartbeat(server(name, "i").beatAt(T0.plusSeconds(i)));
                    }
                }));
            }
            for (Future<?> f : beats) {
                f.get();
            }
        }
        assertThat(servers.list())
                .hasSize(16)
                .allSatisfy(s -> assertThat(s.heartbeatAt()).isEqualTo(T0.plusSeconds(4)));
    }
}

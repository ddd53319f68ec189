package pideploy.system.attack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import pideploy.system.ServerRig;
import pideploy.wire.DevicePaths;
import pideploy.wire.Fields;

/**
 * A real device beside an attack: from its own loopback address it does what the installer does, over and over:
 * {@code /api/config}, then a progress report with the device secret the answer carried. Every config round trip
 * is timed, so a test can say the device was served, and how fast, while the attack ran.
 */
final class WellBehavedDevice implements AutoCloseable {
    /** The bound: the device gets its config within a second during an attack. */
    static final Duration CONFIG_WITHIN = Duration.ofSeconds(1);

    record Sample(long nanos, int status, String problem) {}

    private final Loopback net;
    private final String serial;
    private final String mac;
    private final Duration pause;
    private final List<Sample> samples = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    /** A device on {@code address}, pausing {@code pause} between its rounds. */
    WellBehavedDevice(ServerRig rig, String address, String serial, String mac, Duration pause) {
        this.net = new Loopback(rig, address);
        this.serial = serial;
        this.mac = mac;
        this.pause = pause;
        this.thread =
                Thread.ofPlatform().name("well-behaved-device").daemon(true).start(this::run);
    }

    private void run() {
        long round = 0;
        while (running) {
            long t0 = System.nanoTime();
            Sample sample;
            try {
                HttpResponse<String> r =
                        net.postDevice(DevicePaths.CONFIG, Loopback.proving(Loopback.device(serial, mac)));
                long took = System.nanoTime() - t0;
                sample = new Sample(took, r.statusCode(), r.statusCode() == 200 ? null : r.body());
                if (r.statusCode() == 200 && round++ % 5 == 0) {
                    JsonNode answer = Loopback.json(r);
                    HttpResponse<String> s = net.postDevice(
                            DevicePaths.STATUS,
                            Loopback.status(
                                            answer.get(Fields.ConfigResponse.DEPLOYMENT_ID)
                                                    .asLong(),
                                            "downloading")
                                    .put(
                                            Fields.StatusRequest.DEVICE_SECRET,
                                            answer.get(Fields.ConfigResponse.DEVICE_SECRET)
                                                    .asText())
                                    .put(Fields.StatusRequest.BYTES_DONE, round)
                                    .put(Fields.StatusRequest.BYTES_TOTAL, 1 << 30));
                    if (s.statusCode() != 200) {
                        sample = new Sample(took, s.statusCode(), "status report: " + s.body());
                    }
                }
            } catch (RuntimeException e) {
                sample = new Sample(System.nanoTime() - t0, 0, e.toString());
            }
            synchronized (samples) {
                samples.add(sample);
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Where the samples stand now: pass it to {@link #since(int)} to look at what came after. */
    int mark() {
        synchronized (samples) {
            return samples.size();
        }
    }

    List<Sample> since(int mark) {
        synchronized (samples) {
            return List.copyOf(samples.subList(mark, samples.size()));
        }
    }

    /** Waits (at most 30 s) until {@code count} more rounds have been made after {@code mark}. */
    List<Sample> awaitRounds(int mark, int count) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (since(mark).size() < count && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        return since(mark);
    }

    /** Waits for {@code count} more rounds after {@code mark}, then asserts each was served within the bound. */
    void assertServedSince(int mark, int count) throws InterruptedException {
        List<Sample> seen = awaitRounds(mark, count);
        assertThat(seen).as("rounds of the well-behaved device").hasSizeGreaterThanOrEqualTo(count);
        assertThat(seen).allSatisfy(s -> {
            assertThat(s.problem()).as("answer to the device").isNull();
            assertThat(Duration.ofNanos(s.nanos())).as("config round trip").isLessThan(CONFIG_WITHIN);
        });
    }

    /** The 99th percentile of the config round trips after {@code mark}. */
    Duration p99Since(int mark) {
        return p99(since(mark));
    }

    /** The 99th percentile of the config round trips from {@code from} to just before {@code to}. */
    Duration p99Between(int from, int to) {
        return p99(since(from).subList(0, to - from));
    }

    private static Duration p99(List<Sample> samples) {
        List<Long> nanos = new ArrayList<>(samples.stream().map(Sample::nanos).toList());
        nanos.sort(null);
        return Duration.ofNanos(nanos.get((int) Math.ceil(nanos.size() * 0.99) - 1));
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(5000);
    }
}

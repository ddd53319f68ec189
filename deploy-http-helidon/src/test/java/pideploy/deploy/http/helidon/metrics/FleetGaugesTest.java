package pideploy.deploy.http.helidon.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import pideploy.deploy.core.deployment.DeploymentStatus;
import pideploy.deploy.core.pool.PoolCounts;
import pideploy.deploy.core.product.ProductCode;
import pideploy.deploy.core.usecase.FleetSummary;
import pideploy.deploy.core.venue.VenueCode;

class FleetGaugesTest {
    static final VenueCode CORO = VenueCode.of("CORO");
    static final ProductCode KXP2 = ProductCode.of("KXP2");

    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-01T10:00:00Z"));
    final AtomicInteger reads = new AtomicInteger();
    final AtomicReference<FleetSummary> fleet = new AtomicReference<>(summary(40, 10, 3));
    final FleetGauges gauges = new FleetGauges(
            () -> {
                reads.incrementAndGet();
                FleetSummary f = fleet.get();
                if (f == null) {
                    throw new IllegalStateException("database is locked");
                }
                return f;
            },
            Duration.ofSeconds(5),
            now::get,
            registry);

    @Test
    void readsTheFleetAtMostOncePerMaxAgeHoweverOftenItIsScraped() {
        for (int i = 0; i < 10; i++) {
            gauges.refreshIfStale();
        }
        assertThat(reads).hasValue(1);
        assertThat(assigned()).isEqualTo(10);

        fleet.set(summary(39, 11, 4));
        now.set(now.get().plusSeconds(4));
        gauges.refreshIfStale();
        assertThat(reads).hasValue(1);
        assertThat(assigned()).as("still the last read").isEqualTo(10);

        now.set(now.get().plusSeconds(1));
        gauges.refreshIfStale();
        assertThat(reads).hasValue(2);
        assertThat(assigned()).isEqualTo(11);
        assertThat(registry.get("pideploy.pool.hostnames")
                        .tag("state", "available")
                        .gauge()
                        .value())
                .isEqualTo(39);
        assertThat(registry.get("pideploy.deployments")
                        .tag("status", "downloading")
                        .gauge()
                        .value())
                .isEqualTo(4);
    }

    @Test
    void everyStatusHasASeriesBeforeTheFirstRead() {
        assertThat(reads).hasValue(0);
        for (DeploymentStatus s : DeploymentStatus.values()) {
            assertThat(registry.get("pideploy.deployments")
                            .tag("status", s.wireName())
                            .gauge()
                            .value())
                    .as(s.wireName())
                    .isZero();
        }
    }

    @Test
    void aFailedReadKeepsTheLastFiguresAndIsRetriedOnTheNextScrape() {
        gauges.refreshIfStale();
        now.set(now.get().plusSeconds(10));
        fleet.set(null); // the source below throws, as a locked or broken database would

        gauges.refreshIfStale(); // does not throw: the scrape still answers
        assertThat(assigned()).as("the last figures").isEqualTo(10);
        assertThat(reads).hasValue(2);

        fleet.set(summary(38, 12, 0));
        gauges.refreshIfStale(); // no waiting out the age after a failure
        assertThat(reads).hasValue(3);
        assertThat(assigned()).isEqualTo(12);
    }

    @Test
    void countsTheStalledDeploymentsOfTheLastRead() {
        gauges.refreshIfStale();
        assertThat(stalled()).isZero();

        FleetSummary two = summary(40, 10, 3);
        fleet.set(new FleetSummary(two.venues(), two.products(), 2, Duration.ofSeconds(60)));
        now.set(now.get().plusSeconds(5));
        gauges.refreshIfStale();

        assertThat(stalled()).isEqualTo(2);
        assertThat(registry.scrape()).contains("pideploy_deployments_stalled 2.0");
    }

    private double stalled() {
        return registry.get("pideploy.deployments.stalled").gauge().value();
    }

    private double assigned() {
        return registry.get("pideploy.pool.hostnames")
                .tag("venue", "CORO")
                .tag("product", "KXP2")
                .tag("state", "assigned")
                .gauge()
                .value();
    }

    static FleetSummary summary(int available, int assigned, long downloading) {
        Map<DeploymentStatus, Long> byStatus = new EnumMap<>(DeploymentStatus.class);
        for (DeploymentStatus s : DeploymentStatus.values()) {
            byStatus.put(s, 0L);
        }
        byStatus.put(DeploymentStatus.DOWNLOADING, downloading);
        return new FleetSummary(
                List.of(new FleetSummary.VenueSummary(
                        CORO, byStatus, List.of(new PoolCounts(CORO, KXP2, available, assigned, 0)))),
                List.of(new FleetSummary.ProductSummary(KXP2, byStatus, Optional.empty())));
    }
}

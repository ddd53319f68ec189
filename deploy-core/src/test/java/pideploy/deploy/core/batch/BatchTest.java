package pideploy.deploy.core.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import pideploy.deploy.core.product.ProductCode;
import pideploy.deploy.core.venue.VenueCode;

class BatchTest {
    private static final Instant T = Instant.parse("2026-11-26T10:00:00Z");

    private static Batch pending(int count) {
        return new Batch(
                new BatchId(1),
                VenueCode.of("CORO"),
                ProductCode.of("KXP2"),
                count,
                count,
                0,
                BatchState.PENDING,
                T,
                T);
    }

    @Test
    void completesWhenTheLastDeviceIsTaken() {
        Batch active = pending(2).moveTo(BatchState.ACTIVE, T);

        Batch one = active.consumeOne(T);
        Batch done = one.consumeOne(T);

        assertThat(one.state()).isEqualTo(BatchState.ACTIVE);
        assertThat(one.remaining()).isEqualTo(1);
        assertThat(done.state()).isEqualTo(BatchState.COMPLETED);
        assertThat(done.remaining()).isZero();
        assertThatThrownBy(() -> done.consumeOne(T)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void followsTheStateMachine() {
        assertThat(BatchState.PENDING.canMoveTo(BatchState.ACTIVE)).isTrue();
        assertThat(BatchState.PENDING.canMoveTo(BatchState.PAUSED)).isFalse();
        assertThat(BatchState.ACTIVE.canMoveTo(BatchState.PAUSED)).isTrue();
        assertThat(BatchState.PAUSED.canMoveTo(BatchState.ACTIVE)).isTrue();
        assertThat(BatchState.PAUSED.canMoveTo(BatchState.COMPLETED)).isFalse();
        assertThat(BatchState.COMPLETED.canMoveTo(BatchState.CANCELLED)).isFalse();
        assertThat(BatchState.CANCELLED.canMoveTo(BatchState.ACTIVE)).isFalse();
        assertThatThrownBy(() -> pending(1).moveTo(BatchState.PAUSED, T)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> pending(1).consumeOne(T)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void refusesImpossibleCounts() {
        assertThatThrownBy(() -> pending(0)).hasMessageContaining("batch count");
        assertThatThrownBy(() -> new Batch(
                        new BatchId(1),
                        VenueCode.of("CORO"),
                        ProductCode.of("KXP2"),
                        2,
                        3,
                        0,
                        BatchState.PENDING,
                        T,
                        T))
                .hasMessageContaining("remaining");
    }
}

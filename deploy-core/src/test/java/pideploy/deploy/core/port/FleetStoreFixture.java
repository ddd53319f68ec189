package pideploy.deploy.core.port;

import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the repository contracts: a fresh, empty {@link FleetStore} per test. Subclasses in each adapter say how
 * to make one and, if needed, how to close it.
 */
public abstract class FleetStoreFixture {
    protected FleetStore store;

    /** A fresh, empty store (schema applied, no rows). */
    protected abstract FleetStore newStore();

    /** Releases what {@link #newStore()} opened; nothing by default. */
    protected void closeStore() {}

    @BeforeEach
    final void openFleetStore() {
        store = newStore();
    }

    @AfterEach
    final void closeFleetStore() {
        closeStore();
    }

    protected <T> T write(Function<FleetTransaction, T> work) {
        return store.write(work);
    }

    protected void writeVoid(Consumer<FleetTransaction> work) {
        store.write(tx -> {
            work.accept(tx);
            return null;
        });
    }

    protected <T> T read(Function<FleetTransaction, T> work) {
        return store.read(work);
    }
}

package pideploy.deploy.core.usecase;

import java.lang.System.Logger.Level;
import pideploy.deploy.core.pool.PoolEntry;
import pideploy.deploy.core.port.FleetStore;
import pideploy.deploy.core.product.HostnameStrategy;
import pideploy.deploy.core.product.Product;

/** Imports pool numbers of a venue and product; existing numbers (retired ones too) are skipped. */
public final class ImportPool {
    private static final System.Logger LOG = System.getLogger(ImportPool.class.getName());
    private final FleetStore store;
    private final CoreSettings settings;

    public ImportPool(FleetStore store, CoreSettings settings) {
        this.store = store;
        this.settings = settings;
    }

    public PoolImport importNumbers(ImportPoolCommand command) {
        PoolImport outcome = store.write(tx -> {
            if (tx.venues().find(command.venue()).isEmpty()) {
                return new PoolImport.UnknownVenue(command.venue());
            }
            Product product = tx.products().find(command.product()).orElse(null);
            if (product == null) {
                return new PoolImport.UnknownProduct(command.product());
            }
            if (product.strategy() != HostnameStrategy.POOL) {
                return new PoolImport.NotAPoolProduct(command.product());
            }
            int imported = 0;
            for (int number : command.numbers()) {
                if (tx.pool()
                        .addIfAbsent(PoolEntry.available(
                                command.venue(), command.product(), number, settings.poolNumberDigits()))) {
                    imported++;
                }
            }
            return new PoolImport.Imported(
                    command.venue(),
                    command.product(),
                    imported,
                    command.numbers().size() - imported);
        });
        if (outcome instanceof PoolImport.Imported i) {
            LOG.log(
                    Level.INFO,
                    "pool {0}/{1}: {2} numbers imported, {3} skipped (existed)",
                    i.venue(),
                    i.product(),
                    String.valueOf(i.imported()),
                    String.valueOf(i.skipped()));
        }
        return outcome;
    }
}
